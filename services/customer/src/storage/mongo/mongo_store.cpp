#include "storage/mongo/mongo_store.hpp"

#include <algorithm>

#include "shop/storage/mongo_records_tx.hpp"

namespace customer {
namespace {

using shop::json::Lower;
using shop::json::OptInt;
using shop::json::OrNull;
using shop::json::Str;

namespace bj = shop::json::bj;
using shop::mongo::Records;
constexpr const char* kCustomers = "customers";

// The record's fields (projections and timeline are kept beside them in the same document).
bj::object Fields(const Customer& c) {
    return {{"email", c.email}, {"fullName", c.full_name}, {"nameKey", Lower(c.full_name)},
            {"contactNumber", OrNull(c.contact_number)},
            {"address", c.address ? bj::value(shop::json::ToJson(*c.address)) : bj::value(nullptr)},
            {"accountStatus", c.account_status}, {"erased", c.erased}, {"deletedAt", OrNull(c.deleted_at)},
            {"customerSince", c.customer_since}, {"day", shop::BucketStart(c.customer_since, false)},
            {"week", shop::BucketStart(c.customer_since, true)}, {"createdAt", c.created_at}, {"updatedAt", c.updated_at},
            {"version", c.version}, {"userVersion", c.user_version}, {"totalOrders", c.total_orders},
            {"totalSpent", c.total_spent}, {"lastOrderDate", OrNull(c.last_order_date)},
            {"noOrders", c.last_order_date ? 0 : 1}, {"totalComplaints", c.total_complaints},
            {"searchText", SearchText(c)}};
}

Customer CustomerOf(const bj::object& d) {
    Customer c;
    c.id = Str(d, "_id");
    c.email = Str(d, "email");
    c.full_name = Str(d, "fullName");
    if (d.at("contactNumber").is_string()) c.contact_number = Str(d, "contactNumber");
    if (d.at("address").is_object()) c.address = shop::json::AddressFromJson(d.at("address"));
    c.account_status = Str(d, "accountStatus");
    c.erased = d.at("erased").as_bool();
    c.deleted_at = OptInt(d, "deletedAt");
    c.customer_since = *OptInt(d, "customerSince");
    c.created_at = *OptInt(d, "createdAt");
    c.updated_at = *OptInt(d, "updatedAt");
    c.version = *OptInt(d, "version");
    c.user_version = *OptInt(d, "userVersion");
    c.total_orders = *OptInt(d, "totalOrders");
    c.total_spent = *OptInt(d, "totalSpent");
    c.last_order_date = OptInt(d, "lastOrderDate");
    c.total_complaints = *OptInt(d, "totalComplaints");
    return c;
}

const bj::object kRecordOnly{{"orders", 0}, {"complaints", 0}, {"timeline", 0}};

// One customer document being changed: the record, its projections and timeline, written back at commit.
struct Working {
    Customer customer;
    bj::array orders, complaints, timeline;
    std::optional<std::int64_t> read_rev;  // nothing: a new document
    bool changed = false;
};

class MongoTx : public CustomerTx {
public:
    explicit MongoTx(shop::mongo::Database& db) : db_(db), records_(db, nullptr, kCustomers) {}

    std::optional<Customer> Find(const std::string& id) override {
        auto* w = Load(id);
        if (!w) return std::nullopt;
        return w->customer;
    }
    void Insert(const Customer& c) override {
        if (working_) throw std::logic_error("a change writes one customer");
        working_ = Working{c, {}, {}, {}, std::nullopt, true};
    }
    void Update(const Customer& c) override {
        auto& w = Current(c.id);
        w.customer = c;
        w.changed = true;
    }
    std::optional<OrderProjection> FindOrder(const std::string& id) override {
        if (!working_) return std::nullopt;
        for (const auto& v : working_->orders)
            if (Str(v.as_object(), "id") == id) {
                const auto& o = v.as_object();
                return OrderProjection{id, working_->customer.id, Str(o, "number"), Str(o, "status"), *OptInt(o, "total"),
                                       *OptInt(o, "refund"), *OptInt(o, "orderDate"), o.at("deleted").as_bool(), *OptInt(o, "version")};
            }
        return std::nullopt;
    }
    void PutOrder(const OrderProjection& o) override {
        Put(Current(o.customer_id).orders, o.id,
            {{"id", o.id}, {"number", o.number}, {"status", o.status}, {"total", o.total}, {"refund", o.refund},
             {"orderDate", o.order_date}, {"deleted", o.deleted}, {"version", o.version}});
    }
    std::optional<ComplaintProjection> FindComplaint(const std::string& id) override {
        if (!working_) return std::nullopt;
        for (const auto& v : working_->complaints)
            if (Str(v.as_object(), "id") == id) {
                const auto& p = v.as_object();
                return ComplaintProjection{id, working_->customer.id, Str(p, "number"), Str(p, "status"),
                                           p.at("deleted").as_bool(), *OptInt(p, "version")};
            }
        return std::nullopt;
    }
    void PutComplaint(const ComplaintProjection& p) override {
        Put(Current(p.customer_id).complaints, p.id,
            {{"id", p.id}, {"number", p.number}, {"status", p.status}, {"deleted", p.deleted}, {"version", p.version}});
    }
    void RecomputeTotals(Customer& c) override {  // as the SQLite store's aggregate queries compute them
        auto& w = Current(c.id);
        c.total_orders = c.total_spent = c.total_complaints = 0;
        c.last_order_date.reset();
        for (const auto& v : w.orders) {
            const auto& o = v.as_object();
            if (o.at("deleted").as_bool()) continue;
            ++c.total_orders;
            std::string status = Str(o, "status");
            c.total_spent += status == "Cancelled" ? 0 : *OptInt(o, "total") - (status == "Returned" ? *OptInt(o, "refund") : 0);
            c.last_order_date = std::max(c.last_order_date.value_or(0), *OptInt(o, "orderDate"));
        }
        for (const auto& v : w.complaints) c.total_complaints += v.as_object().at("deleted").as_bool() ? 0 : 1;
    }
    void AddTimeline(const TimelineEntry& t) override {
        auto& w = Current(t.customer_id);
        for (const auto& e : w.timeline)
            if (Str(e.as_object(), "id") == t.id) return;  // the entry of a redelivered event
        w.timeline.push_back(bj::object{{"id", t.id}, {"type", t.type}, {"occurredAt", t.occurred_at}, {"summary", t.summary},
                                        {"reference", OrNull(t.reference)}, {"actor", OrNull(t.actor)}});
        w.changed = true;
    }
    bool MarkEventProcessed(const std::string& event_id, const std::string& type) override {
        return records_.MarkEventProcessed(event_id, type);
    }

    Records::Outcome Commit() {
        auto outcome = Records::Outcome::kDone;
        if (working_ && working_->changed) {
            bj::object fields = Fields(working_->customer);
            fields["orders"] = working_->orders;
            fields["complaints"] = working_->complaints;
            fields["timeline"] = working_->timeline;
            std::int64_t rev = working_->read_rev.value_or(0);
            fields["rev"] = rev + 1;
            if (!working_->read_rev) {
                fields["_id"] = working_->customer.id;
                outcome = records_.Insert(std::move(fields));
            } else {
                outcome = records_.Update(working_->customer.id, rev, {{"$set", std::move(fields)}}, "rev");
            }
        }
        if (outcome == Records::Outcome::kDone) records_.Finish();
        return outcome;
    }

private:
    Working* Load(const std::string& id) {
        if (working_) return working_->customer.id == id ? &*working_ : nullptr;
        auto d = db_.FindOne(kCustomers, {{"_id", id}});
        if (!d) return nullptr;
        working_ = Working{CustomerOf(*d), d->at("orders").as_array(), d->at("complaints").as_array(),
                           d->at("timeline").as_array(), OptInt(*d, "rev"), false};
        return &*working_;
    }
    Working& Current(const std::string& id) {
        auto* w = Load(id);
        if (!w) throw std::logic_error("change of a customer that was not read");
        return *w;
    }
    void Put(bj::array& list, const std::string& id, bj::object item) {
        working_->changed = true;
        for (auto& v : list)
            if (Str(v.as_object(), "id") == id) {
                v = std::move(item);
                return;
            }
        list.push_back(std::move(item));
    }
    shop::mongo::Database& db_;
    Records records_;
    std::optional<Working> working_;
};

}  // namespace

void MongoCustomerStore::EnsureIndexes() {
    db_.CreateIndexes(kCustomers, {{.name = "since", .keys = {{"customerSince", -1}}},
                                   {.name = "status_since", .keys = {{"accountStatus", 1}, {"customerSince", -1}}},
                                   {.name = "name", .keys = {{"nameKey", 1}}},
                                   {.name = "buyers", .keys = {{"totalOrders", 1}}}});
}

void MongoCustomerStore::RunAtomic(const std::function<bool(CustomerTx&)>& fn) {
    shop::mongo::RunOptimistic<MongoTx>([&] { return std::make_unique<MongoTx>(db_); }, [&](MongoTx& tx) { return fn(tx); });
}

std::optional<Customer> MongoCustomerStore::Find(const std::string& id) {
    auto d = db_.FindOne(kCustomers, {{"_id", id}}, {.projection = kRecordOnly});
    if (!d) return std::nullopt;
    return CustomerOf(*d);
}

std::pair<std::vector<Customer>, std::int64_t> MongoCustomerStore::List(const CustomerQuery& q) {
    bj::object filter;
    if (!q.statuses.empty()) filter["accountStatus"] = shop::mongo::In(q.statuses);
    if (auto r = shop::mongo::Range(q.from, q.to)) filter["customerSince"] = *r;
    if (q.q) {
        auto [digits, phone_like] = PhoneTermOf(*q.q);
        if (phone_like)
            filter["$or"] = bj::array{bj::object{{"searchText", shop::mongo::Contains(*q.q)}},
                                      bj::object{{"searchText", shop::mongo::Contains(digits)}}};
        else
            filter["searchText"] = shop::mongo::Contains(*q.q);
    }
    int dir = q.page.descending ? -1 : 1;
    bj::object sort = q.page.sort_field == "fullName"      ? bj::object{{"nameKey", dir}}
                      : q.page.sort_field == "totalOrders" ? bj::object{{"totalOrders", dir}}
                      : q.page.sort_field == "lastOrderDate" ? bj::object{{"noOrders", 1}, {"lastOrderDate", dir}}  // none last
                                                             : bj::object{{"customerSince", dir}};
    sort["_id"] = dir;
    std::vector<Customer> items;
    for (const auto& d : db_.Find(kCustomers, filter, {.sort = sort, .projection = kRecordOnly, .skip = q.page.offset(),
                                                       .limit = q.page.limit}))
        items.push_back(CustomerOf(d));
    return {std::move(items), db_.Count(kCustomers, filter)};
}

std::pair<std::vector<TimelineEntry>, std::int64_t> MongoCustomerStore::Timeline(const TimelineQuery& q) {
    auto d = db_.FindOne(kCustomers, {{"_id", q.customer_id}}, {.projection = {{"timeline", 1}}});
    std::vector<TimelineEntry> all;
    if (d)
        for (const auto& v : d->at("timeline").as_array()) {
            const auto& e = v.as_object();
            TimelineEntry t{Str(e, "id"), q.customer_id, Str(e, "type"), *OptInt(e, "occurredAt"), Str(e, "summary"),
                            std::nullopt, std::nullopt};
            if (!q.types.empty() && std::find(q.types.begin(), q.types.end(), t.type) == q.types.end()) continue;
            if ((q.from && t.occurred_at < *q.from) || (q.to && t.occurred_at > *q.to)) continue;
            if (e.at("reference").is_object()) t.reference = e.at("reference").as_object();
            if (e.at("actor").is_object()) t.actor = e.at("actor").as_object();
            all.push_back(std::move(t));
        }
    std::sort(all.begin(), all.end(), [&](const TimelineEntry& a, const TimelineEntry& b) {
        return q.page.descending ? std::tie(b.occurred_at, b.id) < std::tie(a.occurred_at, a.id)
                                 : std::tie(a.occurred_at, a.id) < std::tie(b.occurred_at, b.id);
    });
    auto total = static_cast<std::int64_t>(all.size());
    auto begin = std::min<std::int64_t>(q.page.offset(), total), end = std::min<std::int64_t>(begin + q.page.limit, total);
    return {std::vector<TimelineEntry>(all.begin() + begin, all.begin() + end), total};
}

CustomerStats MongoCustomerStore::Stats(TimeMs from, TimeMs to, bool weekly) {
    CustomerStats s;
    auto count_by = [&](const bj::object& match, const char* key) {
        std::vector<std::pair<bj::value, std::int64_t>> out;
        bj::array pipeline{bj::object{{"$match", match}},
                           bj::object{{"$group", bj::object{{"_id", key}, {"n", bj::object{{"$sum", 1}}}}}},
                           bj::object{{"$sort", bj::object{{"_id", 1}}}}};
        for (const auto& g : db_.Aggregate(kCustomers, pipeline)) out.emplace_back(g.at("_id"), g.at("n").to_number<std::int64_t>());
        return out;
    };
    for (const auto& [bucket, n] : count_by({{"customerSince", bj::object{{"$gte", from}, {"$lte", to}}}}, weekly ? "$week" : "$day"))
        s.registrations.emplace_back(bucket.to_number<TimeMs>(), n);
    for (const auto& [status, n] : count_by({}, "$accountStatus")) {
        std::string_view name = status.as_string();
        (name == "Active" ? s.active : name == "Inactive" ? s.inactive : s.deleted) = n;
    }
    bj::object buyers{{"accountStatus", bj::object{{"$ne", "Deleted"}}}};
    buyers["totalOrders"] = bj::object{{"$gte", 1}};
    s.with_orders = db_.Count(kCustomers, buyers);
    buyers["totalOrders"] = bj::object{{"$gte", 2}};
    s.repeat = db_.Count(kCustomers, buyers);
    return s;
}

}  // namespace customer
