// The Customer service's aggregate (API.md §5.2), its projections and the storage operations it needs.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shop/json/fields.hpp"
#include "shop/time.hpp"

namespace customer {

using shop::TimeMs;

struct Customer {
    std::string id, email, full_name;
    std::optional<std::string> contact_number;
    std::optional<shop::json::Address> address;
    std::string account_status = "Active";
    bool erased = false;
    std::optional<TimeMs> deleted_at;
    TimeMs customer_since = 0, created_at = 0, updated_at = 0;
    std::int64_t version = 1;
    std::int64_t user_version = 0;
    std::int64_t total_orders = 0, total_spent = 0, total_complaints = 0;
    std::optional<TimeMs> last_order_date;
};
// Name, email, phone (as typed and digits only) and id, lower-cased: the text customer search finds substrings of.
std::string SearchText(const Customer& c);
// A search term's digits (and '+'), and whether the term reads as a phone number (digits and separators only).
struct PhoneTerm {
    std::string digits;
    bool phone_like = false;
};
PhoneTerm PhoneTermOf(std::string_view q);
shop::json::bj::object ToJson(const Customer& c);

struct OrderProjection {
    std::string id, customer_id, number, status;
    std::int64_t total = 0, refund = 0;
    TimeMs order_date = 0;
    bool deleted = false;
    std::int64_t version = 0;
};

struct ComplaintProjection {
    std::string id, customer_id, number, status;
    bool deleted = false;
    std::int64_t version = 0;
};

struct TimelineEntry {
    std::string id, customer_id, type;
    TimeMs occurred_at = 0;
    std::string summary;
    std::optional<shop::json::bj::object> reference, actor;
};
shop::json::bj::object ToJson(const TimelineEntry& t);

struct CustomerQuery {
    std::vector<std::string> statuses;
    std::optional<std::string> q;
    std::optional<TimeMs> from, to;
    shop::json::PageRequest page;
};

struct TimelineQuery {
    std::string customer_id;
    std::vector<std::string> types;
    std::optional<TimeMs> from, to;
    shop::json::PageRequest page;
};

class CustomerTx {
public:
    virtual ~CustomerTx() = default;
    virtual std::optional<Customer> Find(const std::string& id) = 0;
    virtual void Insert(const Customer& c) = 0;
    virtual void Update(const Customer& c) = 0;
    virtual std::optional<OrderProjection> FindOrder(const std::string& id) = 0;
    virtual void PutOrder(const OrderProjection& o) = 0;
    virtual std::optional<ComplaintProjection> FindComplaint(const std::string& id) = 0;
    virtual void PutComplaint(const ComplaintProjection& c) = 0;
    // Recomputes totals from the projections (API.md §9.3): exact whatever the order of events.
    virtual void RecomputeTotals(Customer& c) = 0;
    virtual void AddTimeline(const TimelineEntry& t) = 0;  // ignored if the id exists
    virtual bool MarkEventProcessed(const std::string& event_id, const std::string& type) = 0;
};

// Adoption figures (issue #10): registrations per interval, account status counts, buyers and repeat buyers.
struct CustomerStats {
    std::vector<std::pair<TimeMs, std::int64_t>> registrations;  // bucket start, count
    std::int64_t active = 0, inactive = 0, deleted = 0, with_orders = 0, repeat = 0;
};

class CustomerStore {
public:
    virtual ~CustomerStore() = default;
    template <class T>
    shop::Result<T> Atomically(const std::function<shop::Result<T>(CustomerTx&)>& fn) {
        std::optional<shop::Result<T>> out;
        RunAtomic([&](CustomerTx& tx) {
            out.emplace(fn(tx));
            return out->ok();
        });
        return std::move(*out);
    }
    virtual std::optional<Customer> Find(const std::string& id) = 0;
    virtual std::pair<std::vector<Customer>, std::int64_t> List(const CustomerQuery& q) = 0;
    virtual std::pair<std::vector<TimelineEntry>, std::int64_t> Timeline(const TimelineQuery& q) = 0;
    virtual CustomerStats Stats(TimeMs from, TimeMs to, bool weekly) = 0;
    virtual std::int64_t PingMs() = 0;

protected:
    virtual void RunAtomic(const std::function<bool(CustomerTx&)>& fn) = 0;
};

}  // namespace customer
