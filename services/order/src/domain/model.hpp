// The Order service's aggregate (API.md §6.2) and the storage operations its use cases need.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shop/json/fields.hpp"
#include "shop/outbox/outbox.hpp"
#include "shop/records.hpp"
#include "shop/time.hpp"

namespace order {

using shop::TimeMs;
using Paise = std::int64_t;

inline const std::vector<std::string> kStatuses = {"Placed",    "Processing",       "Shipped", "Delivered",
                                                   "Cancelled", "Return Requested", "Returned"};
int StatusRank(const std::string& status);  // lifecycle order, for sorting

struct OrderItem {
    std::string product_id, product_name;
    std::int64_t quantity = 0;
    Paise unit_price = 0, total_price = 0;
    bool return_requested = false;
};

struct ReturnItem {
    std::string product_id, product_name;
    std::int64_t quantity = 0;
    Paise amount = 0;
};

struct ReturnRequest {
    std::string id, status = "Pending", reason;
    std::vector<ReturnItem> items;
    Paise refund = 0;
    std::string requested_by;
    TimeMs requested_at = 0;
    std::optional<std::string> decided_by, decision_notes;
    std::optional<TimeMs> decided_at;
};

struct HistoryEntry {
    std::optional<std::string> previous_status;
    std::string new_status, changed_by, changed_by_role;
    std::optional<std::string> notes;
    TimeMs timestamp = 0;
};

struct Order {
    std::string id, order_id, user_id, customer_email, customer_name;
    std::vector<OrderItem> items;
    shop::json::Address delivery_address;
    std::optional<std::string> notes;
    std::string status = "Placed";
    Paise subtotal = 0, total = 0;
    std::optional<std::string> cancellation_reason, return_reason, tracking_number;
    std::optional<bool> return_approved;
    std::optional<ReturnRequest> return_request;
    std::optional<TimeMs> delivered_at, return_eligible_until, deleted_at;
    TimeMs created_at = 0, updated_at = 0;
    std::int64_t version = 1;
    std::vector<HistoryEntry> history;
};

// The wire representation (API.md §6.2); `history` only for single-order responses.
shop::json::bj::object ToJson(const Order& o, bool with_history);
shop::json::bj::array HistoryJson(const std::vector<HistoryEntry>& history);
// Reads what ToJson wrote (the SQLite store keeps orders in this form).
Order OrderFromJson(const shop::json::bj::object& doc, const shop::json::bj::array* history);

struct OrderQuery {
    std::optional<std::string> user_id;  // owner filter (customers always; admins via customerId)
    std::vector<std::string> statuses;
    std::optional<TimeMs> from, to;
    std::optional<Paise> min_total, max_total;
    bool include_deleted = false;
    std::optional<std::string> q;
    bool q_includes_email = false;
    shop::json::PageRequest page;
};

class OrderTx {
public:
    virtual ~OrderTx() = default;
    virtual std::optional<Order> Find(const std::string& id_or_number) = 0;  // with history
    virtual bool NumberTaken(const std::string& order_id) = 0;
    virtual void Insert(const Order& o) = 0;
    virtual void Update(const Order& o) = 0;
    virtual std::int64_t AnonymizeCustomer(const std::string& user_id, const std::string& email,
                                           const std::string& name) = 0;
    virtual void Emit(const shop::outbox::Effects& effects) = 0;
    virtual bool MarkEventProcessed(const std::string& event_id, const std::string& type) = 0;  // false: redelivery
    // Idempotency-Key records (API.md §1.11), in the same transaction as the order they guard.
    virtual shop::Result<std::optional<shop::StoredResponse>> IdempotencyLookup(const std::string& scope,
                                                                                const std::string& hash) = 0;
    virtual void IdempotencyStore(const std::string& scope, const std::string& hash, int status,
                                  const std::string& body) = 0;
};

// An order as stored: its API document (without history) and history, plus what visibility needs.
struct StoredOrder {
    std::string id, user_id;
    bool deleted = false;
    std::int64_t version = 0;
    std::string doc, history;
    std::string WithHistory() const { return doc.substr(0, doc.size() - 1) + R"(,"history":)" + history + "}"; }
};

// Business figures over orders placed in [from, to] (issue #10): computed by the database, not in memory.
struct OrderStats {
    struct Bucket {
        TimeMs start = 0;
        std::int64_t orders = 0;
        Paise revenue = 0;
    };
    std::vector<Bucket> series;
    std::vector<std::pair<std::string, std::int64_t>> by_status;
    std::int64_t placed = 0, cancelled = 0, completed = 0, returned = 0, reached_delivery = 0;
    Paise revenue = 0;
};
// Sums the (bucket, status) groups a store's aggregate query yields, in bucket order, into the figures.
class OrderStatsBuilder {
public:
    void Add(TimeMs bucket_start, const std::string& status, std::int64_t orders, Paise revenue);
    OrderStats Finish();

private:
    OrderStats s_;
    std::map<std::string, std::int64_t> statuses_;
};
// Revenue of an order: nothing when cancelled, its total less the approved refund when returned.
Paise Revenue(const Order& o);

class OrderStore {
public:
    virtual ~OrderStore() = default;
    template <class T>
    shop::Result<T> Atomically(const std::function<shop::Result<T>(OrderTx&)>& fn) {
        std::optional<shop::Result<T>> out;
        RunAtomic([&](OrderTx& tx) {
            out.emplace(fn(tx));
            return out->ok();
        });
        return std::move(*out);
    }
    virtual std::optional<StoredOrder> Find(const std::string& id_or_number) = 0;
    // Documents of one page, serialised, and the total.
    virtual std::pair<std::vector<std::string>, std::int64_t> List(const OrderQuery& q) = 0;
    virtual OrderStats Stats(TimeMs from, TimeMs to, bool weekly) = 0;
    virtual std::int64_t PingMs() = 0;

protected:
    virtual void RunAtomic(const std::function<bool(OrderTx&)>& fn) = 0;
};

}  // namespace order
