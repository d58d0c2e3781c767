// The Complaint service's aggregate (API.md §7.2) and storage operations. A complaint is kept as its JSON
// document (the API representation), its history and its assignment records; the domain edits the document.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <tuple>
#include <string>
#include <string_view>
#include <vector>

#include "shop/json/json.hpp"
#include "shop/json/reader.hpp"
#include "shop/outbox/outbox.hpp"
#include "shop/records.hpp"
#include "shop/time.hpp"

namespace complaint {

using shop::TimeMs;
namespace bj = shop::json::bj;

inline const std::vector<std::string> kStatuses = {"Open", "In Progress", "Resolved", "Closed"};
inline const std::vector<std::string> kPriorities = {"Low", "Medium", "High", "Urgent"};
inline const std::vector<std::string> kCategories = {"Product Quality", "Delivery Issue", "Customer Service",
                                                     "Payment Issue", "Other"};
int Rank(const std::vector<std::string>& order, const std::string& value);

struct Complaint {
    bj::object doc;
    bj::array history;
    bj::array assignments;
    bj::array ratings;  // every satisfaction rating, oldest first; the latest is also the document's `feedback`

    std::string Str(const char* key) const;
    std::optional<std::string> Opt(const char* key) const;
    std::int64_t version() const { return doc.at("version").as_int64(); }
    bool deleted() const { return !doc.at("deletedAt").is_null(); }
    // The representation for a caller: history always; assignment history for administrators and services.
    bj::object View(bool with_assignments) const;
};

// What lists filter and sort on and analytics aggregate, derived from the document (both engines store these).
struct Columns {
    std::int64_t status_rank = 0, priority_rank = 0;
    TimeMs created_at = 0, updated_at = 0;
    std::optional<TimeMs> deleted_at, resolved_at, first_assignment_at;
    std::optional<std::string> assignee_id, assignee_name;
    std::optional<std::int64_t> rating;  // the latest
    std::string search_text, email_text;  // lower-cased number, subject and description; customer email
};
Columns ColumnsOf(const Complaint& c);

struct Comment {
    std::string id, complaint_number, user_id, user_role, author_name, comment;
    bool internal = false;
    TimeMs created_at = 0;
};
bj::object ToJson(const Comment& c);

struct ComplaintQuery {
    std::optional<std::string> user_id;
    std::vector<std::string> statuses, categories, priorities;
    std::optional<std::string> assigned_to;  // a user id, or "none"
    std::optional<TimeMs> from, to;
    std::optional<std::string> order_id;
    bool include_deleted = false;
    std::optional<std::string> q;
    bool q_includes_email = false;
    shop::json::PageRequest page;
};

class ComplaintTx {
public:
    virtual ~ComplaintTx() = default;
    virtual std::optional<Complaint> Find(const std::string& id_or_number) = 0;
    virtual bool NumberTaken(const std::string& number) = 0;
    virtual void Insert(const Complaint& c) = 0;
    virtual void Update(const Complaint& c) = 0;
    virtual void AddComment(const std::string& complaint_uuid, const Comment& c) = 0;
    virtual void AnonymizeCustomer(const std::string& user_id, const std::string& email, const std::string& name) = 0;
    virtual void Emit(const shop::outbox::Effects& effects) = 0;
    virtual bool MarkEventProcessed(const std::string& event_id, const std::string& type) = 0;
    virtual shop::Result<std::optional<shop::StoredResponse>> IdempotencyLookup(const std::string& scope,
                                                                                const std::string& hash) = 0;
    virtual void IdempotencyStore(const std::string& scope, const std::string& hash, int status,
                                  const std::string& body) = 0;
};

// Service figures over complaints created in [from, to] (issue #10).
struct ComplaintStats {
    struct Bucket {
        TimeMs start = 0;
        std::int64_t registered = 0, resolved = 0;
        std::optional<std::int64_t> resolution_median_ms;
    };
    std::vector<Bucket> series;  // by creation day or week; the resolution-time trend
    std::vector<std::pair<std::string, std::int64_t>> by_status, by_category, by_priority;
    std::vector<std::pair<std::string, std::int64_t>> open_by_age;  // every open complaint now, whatever the period
    std::optional<std::int64_t> first_response_median_ms, first_response_p90_ms, resolution_median_ms, resolution_p90_ms;
    std::int64_t resolved_ever = 0, reopened = 0, ratings = 0;
    std::optional<double> satisfaction_average;
    std::vector<std::pair<std::int64_t, std::int64_t>> rating_distribution;  // rating, count
    std::vector<std::tuple<std::string, double, std::int64_t>> satisfaction_by_category, satisfaction_by_assignee;
};

// What the figures need of one complaint: its analytics columns, never its document.
struct StatsRow {
    TimeMs created_at = 0;
    std::string_view status, category, priority, assignee;  // assignee: the assigned administrator's name or empty
    std::int64_t reopened = 0;
    std::optional<TimeMs> resolved_at, first_response_at;
    std::optional<std::int64_t> rating;
};

// Folds the period's rows in one pass (a store streams them from an index, in any order), and the creation times
// of the complaints open now. Only the durations are kept, for the percentiles; the rest are running counts/sums.
class StatsFold {
public:
    StatsFold(TimeMs now, bool weekly) : now_(now), weekly_(weekly) {}
    void Add(const StatsRow& row);
    void AddOpen(TimeMs created_at);
    ComplaintStats Finish();

private:
    struct Rated {
        std::int64_t sum = 0, count = 0;
    };
    struct Bucket {
        std::int64_t registered = 0;
        std::vector<std::int64_t> resolutions;
    };
    TimeMs now_;
    bool weekly_;
    std::map<TimeMs, Bucket> buckets_;
    std::map<std::string, std::int64_t, std::less<>> status_, category_, priority_, age_;
    std::map<std::string, Rated, std::less<>> by_category_, by_assignee_;
    std::map<std::int64_t, std::int64_t> ratings_;
    std::vector<std::int64_t> first_response_, resolution_;
    std::int64_t resolved_ever_ = 0, reopened_ = 0;
};

class ComplaintStore {
public:
    virtual ~ComplaintStore() = default;
    template <class T>
    shop::Result<T> Atomically(const std::function<shop::Result<T>(ComplaintTx&)>& fn) {
        std::optional<shop::Result<T>> out;
        RunAtomic([&](ComplaintTx& tx) {
            out.emplace(fn(tx));
            return out->ok();
        });
        return std::move(*out);
    }
    virtual std::optional<Complaint> Find(const std::string& id_or_number) = 0;
    virtual std::pair<std::vector<std::string>, std::int64_t> List(const ComplaintQuery& q) = 0;  // documents
    virtual std::vector<Comment> Comments(const std::string& complaint_uuid, bool include_internal) = 0;
    virtual ComplaintStats Stats(TimeMs from, TimeMs to, TimeMs now, bool weekly) = 0;
    virtual std::int64_t PingMs() = 0;

protected:
    virtual void RunAtomic(const std::function<bool(ComplaintTx&)>& fn) = 0;
};

}  // namespace complaint
