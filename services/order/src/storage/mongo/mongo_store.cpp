#include "storage/mongo/mongo_store.hpp"

#include "shop/storage/mongo_records_tx.hpp"

namespace order {
namespace {

using shop::json::Lower;

namespace bj = shop::json::bj;
using shop::mongo::Records;
constexpr const char* kOrders = "orders";

// The stored document: the representation (`doc`) and history, plus the fields lists filter, sort and aggregate on.
bj::object Fields(const Order& o) {
    std::string search = Lower(o.order_id);
    for (const auto& i : o.items) search += "\n" + Lower(i.product_name);
    TimeMs day = shop::BucketStart(o.created_at, false), week = shop::BucketStart(o.created_at, true);
    return {{"orderId", o.order_id}, {"userId", o.user_id}, {"status", o.status},
            {"statusRank", StatusRank(o.status)}, {"total", o.total}, {"orderDate", o.created_at},
            {"deletedAt", o.deleted_at ? bj::value(*o.deleted_at) : bj::value(nullptr)}, {"version", o.version},
            {"searchText", search}, {"emailText", Lower(o.customer_email)}, {"revenue", Revenue(o)},
            {"day", day}, {"week", week}, {"doc", ToJson(o, false)}, {"history", HistoryJson(o.history)}};
}

class MongoTx : public shop::mongo::RecordsTx<OrderTx> {
public:
    MongoTx(shop::mongo::Database& db, shop::outbox::MongoOutbox& outbox) : RecordsTx(db, outbox, kOrders) {}

    std::optional<Order> Find(const std::string& id_or_number) override {
        auto d = db_.FindOne(kOrders, shop::mongo::IdOrNumber(id_or_number, "orderId"),
                             {.projection = {{"doc", 1}, {"history", 1}, {"version", 1}}});
        if (!d) return std::nullopt;
        Order o = OrderFromJson(d->at("doc").as_object(), &d->at("history").as_array());
        read_versions_[o.id] = d->at("version").to_number<std::int64_t>();
        return o;
    }
    bool NumberTaken(const std::string& order_id) override { return db_.Count(kOrders, {{"orderId", order_id}}) > 0; }
    void Insert(const Order& o) override { Write(o, true); }
    void Update(const Order& o) override { Write(o, false); }
    std::int64_t AnonymizeCustomer(const std::string& user_id, const std::string& email, const std::string& name) override {
        return shop::mongo::ChangeEach(db_, kOrders, {{"userId", user_id}}, {{"doc", 1}, {"history", 1}, {"version", 1}},
                                       [&](const bj::object& d) -> std::optional<bj::object> {
            Order o = OrderFromJson(d.at("doc").as_object(), &d.at("history").as_array());
            if (o.customer_email == email && o.customer_name == name) return std::nullopt;
            o.customer_email = email;
            o.customer_name = name;
            ++o.version;  // a change that read the old version must not write the old name back
            return Fields(o);
        });
    }

    Records::Outcome Commit() {
        auto outcome = Records::Outcome::kDone;
        if (write_) {
            bj::object fields = Fields(write_->order);
            if (write_->insert) {
                fields["_id"] = write_->order.id;
                outcome = records_.Insert(std::move(fields));
            } else {
                outcome = records_.Update(write_->order.id, read_versions_.at(write_->order.id), {{"$set", std::move(fields)}});
            }
        }
        if (outcome == Records::Outcome::kDone) records_.Finish();
        return outcome;
    }

private:
    void Write(const Order& o, bool insert) {
        if (write_) throw std::logic_error("a change writes one order");
        write_ = {o, insert};
    }
    struct PendingWrite {
        Order order;
        bool insert;
    };
    std::map<std::string, std::int64_t> read_versions_;
    std::optional<PendingWrite> write_;
};

StoredOrder Stored(const bj::object& d) {
    return StoredOrder{std::string(d.at("_id").as_string()), std::string(d.at("userId").as_string()),
                       !d.at("deletedAt").is_null(), d.at("version").to_number<std::int64_t>(),
                       shop::json::Serialize(d.at("doc")), shop::json::Serialize(d.at("history"))};
}

}  // namespace

void MongoOrderStore::EnsureIndexes() {
    db_.CreateIndexes(kOrders, {{.name = "order_number", .keys = {{"orderId", 1}}, .unique = true},
                                {.name = "idempotency", .keys = {{"idemScope", 1}}, .unique = true},
                                {.name = "user_date", .keys = {{"userId", 1}, {"orderDate", -1}}},
                                {.name = "date", .keys = {{"orderDate", -1}}},
                                {.name = "status_date", .keys = {{"statusRank", 1}, {"orderDate", -1}}},
                                {.name = "total", .keys = {{"total", 1}}}});
    outbox_.EnsureIndexes();
}

void MongoOrderStore::RunAtomic(const std::function<bool(OrderTx&)>& fn) {
    shop::mongo::RunOptimistic<MongoTx>([&] { return std::make_unique<MongoTx>(db_, outbox_); },
                                        [&](MongoTx& tx) { return fn(tx); });
}

std::optional<StoredOrder> MongoOrderStore::Find(const std::string& id_or_number) {
    auto d = db_.FindOne(kOrders, shop::mongo::IdOrNumber(id_or_number, "orderId"),
                         {.projection = {{"userId", 1}, {"deletedAt", 1}, {"version", 1}, {"doc", 1}, {"history", 1}}});
    if (!d) return std::nullopt;
    return Stored(*d);
}

std::pair<std::vector<std::string>, std::int64_t> MongoOrderStore::List(const OrderQuery& q) {
    bj::object filter;
    if (q.user_id) filter["userId"] = *q.user_id;
    if (!q.include_deleted) filter["deletedAt"] = nullptr;
    if (!q.statuses.empty()) filter["status"] = shop::mongo::In(q.statuses);
    if (auto r = shop::mongo::Range(q.from, q.to)) filter["orderDate"] = *r;
    if (auto r = shop::mongo::Range(q.min_total, q.max_total)) filter["total"] = *r;
    if (q.q) shop::mongo::AddSearch(filter, *q.q, q.q_includes_email);
    std::string field = q.page.sort_field == "totalAmount" ? "total" : q.page.sort_field == "status" ? "statusRank" : "orderDate";
    int dir = q.page.descending ? -1 : 1;
    std::vector<std::string> docs;
    for (const auto& d : db_.Find(kOrders, filter, {.sort = {{field, dir}, {"_id", dir}}, .projection = {{"doc", 1}},
                                                    .skip = q.page.offset(), .limit = q.page.limit}))
        docs.push_back(shop::json::Serialize(d.at("doc")));
    return {std::move(docs), db_.Count(kOrders, filter)};
}

OrderStats MongoOrderStore::Stats(TimeMs from, TimeMs to, bool weekly) {
    // Buckets are stored with each order (`day`, `week`): FerretDB 1.x has no date arithmetic in $group. Counts and
    // revenue are two passes: FerretDB 1.24 gives a group's documents to its first accumulator only.
    auto groups = [&](bj::value accumulator) {
        bj::array pipeline{
            bj::object{{"$match", bj::object{{"deletedAt", nullptr}, {"orderDate", bj::object{{"$gte", from}, {"$lte", to}}}}}},
            bj::object{{"$group", bj::object{{"_id", bj::object{{"b", weekly ? "$week" : "$day"}, {"s", "$status"}}},
                                             {"v", bj::object{{"$sum", std::move(accumulator)}}}}}}};
        std::map<std::pair<TimeMs, std::string>, std::int64_t> out;
        for (const auto& g : db_.Aggregate(kOrders, pipeline)) {
            const auto& key = g.at("_id").as_object();
            out[{key.at("b").to_number<TimeMs>(), std::string(key.at("s").as_string())}] = g.at("v").to_number<std::int64_t>();
        }
        return out;
    };
    auto counts = groups(1);
    auto revenue = groups("$revenue");
    OrderStatsBuilder stats;
    for (const auto& [key, n] : counts) stats.Add(key.first, key.second, n, revenue[key]);  // bucket order
    return stats.Finish();
}

}  // namespace order
