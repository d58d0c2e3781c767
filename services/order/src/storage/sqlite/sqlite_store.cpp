#include "storage/sqlite/sqlite_store.hpp"

#include <map>

#include "shop/crypto.hpp"
#include "shop/storage/records_tx.hpp"

namespace order {
namespace {

using shop::json::Lower;

using shop::sqlite::Connection;
namespace bj = shop::json::bj;

constexpr const char* kById = "SELECT doc, history, id, user_id, deleted_at, version FROM orders WHERE id = ?";
constexpr const char* kByNumber =
    "SELECT doc, history, id, user_id, deleted_at, version FROM orders WHERE order_id = ?";
constexpr const char* kNumberTaken = "SELECT 1 FROM orders WHERE order_id = ?";
constexpr const char* kInsert =
    "INSERT INTO orders (id, order_id, user_id, status, status_rank, total_paise, order_date, deleted_at, version, "
    "search_text, email_text, doc, history, refund_paise) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
constexpr const char* kUpdate =
    "UPDATE orders SET order_id = ?2, user_id = ?3, status = ?4, status_rank = ?5, total_paise = ?6, order_date = ?7, "
    "deleted_at = ?8, version = ?9, search_text = ?10, email_text = ?11, doc = ?12, history = ?13, refund_paise = ?14 "
    "WHERE id = ?1";
constexpr const char* kByUser = "SELECT doc, history FROM orders WHERE user_id = ?";

Order Load(shop::sqlite::Statement& st) {
    auto doc = shop::json::ParseStrict(st.Text(0));
    auto history = shop::json::ParseStrict(st.Text(1));
    return OrderFromJson(doc->as_object(), history ? &history->as_array() : nullptr);
}

void Write(Connection& c, const char* sql, const Order& o) {
    std::string search = Lower(o.order_id);
    for (const auto& i : o.items) search += "\n" + Lower(i.product_name);
    c.Exec(sql, o.id, o.order_id, o.user_id, o.status, std::int64_t{StatusRank(o.status)}, o.total, o.created_at,
           o.deleted_at, o.version, search, Lower(o.customer_email), shop::json::Serialize(ToJson(o, false)),
           shop::json::Serialize(HistoryJson(o.history)),
           o.status == "Returned" && o.return_request ? o.return_request->refund : Paise{0});
}

std::optional<StoredOrder> FindOn(Connection& c, const std::string& id_or_number) {
    bool uuid = shop::crypto::IsUuid(id_or_number);
    std::string key = id_or_number;
    if (!uuid)
        for (char& ch : key) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    auto q = c.Bound(uuid ? kById : kByNumber, key);
    if (!q->Step()) return std::nullopt;
    return StoredOrder{q->Text(2), q->Text(3), !q->IsNull(4), q->Int(5), q->Text(0), q->Text(1)};
}

Order Parse(const StoredOrder& s) {
    auto doc = shop::json::ParseStrict(s.doc);
    auto history = shop::json::ParseStrict(s.history);
    return OrderFromJson(doc->as_object(), &history->as_array());
}

class SqliteTx : public shop::sqlite::RecordsTx<OrderTx> {
public:
    using RecordsTx::RecordsTx;
    std::optional<Order> Find(const std::string& id) override {
        auto s = FindOn(c_, id);
        if (!s) return std::nullopt;
        return Parse(*s);
    }
    bool NumberTaken(const std::string& order_id) override { return c_.Bound(kNumberTaken, order_id)->Step(); }
    void Insert(const Order& o) override { Write(c_, kInsert, o); }
    void Update(const Order& o) override { Write(c_, kUpdate, o); }
    std::int64_t AnonymizeCustomer(const std::string& user_id, const std::string& email,
                                   const std::string& name) override {
        std::vector<Order> orders;
        {
            auto q = c_.Bound(kByUser, user_id);
            while (q->Step()) orders.push_back(Load(*q));
        }
        std::int64_t changed = 0;
        for (auto& o : orders) {
            if (o.customer_email == email && o.customer_name == name) continue;
            o.customer_email = email;
            o.customer_name = name;
            ++o.version;  // the representation changed (as on MongoDB)
            Write(c_, kUpdate, o);
            ++changed;
        }
        return changed;
    }
};

}  // namespace

void SqliteOrderStore::RunAtomic(const std::function<bool(OrderTx&)>& fn) {
    (void)db_.Write<bool>([&](Connection& c) -> shop::Result<bool> {
        SqliteTx tx(c, outbox_);
        if (fn(tx)) return true;
        return shop::Error::Of(shop::ErrorCode::kConflict, "rolled back");
    });
}

std::optional<StoredOrder> SqliteOrderStore::Find(const std::string& id_or_number) {
    return db_.Read([&](Connection& c) { return FindOn(c, id_or_number); });
}

// Revenue of an order, as Revenue(Order) computes it.
#define ORDER_REVENUE "CASE status WHEN 'Cancelled' THEN 0 ELSE total_paise - refund_paise END"

OrderStats SqliteOrderStore::Stats(TimeMs from, TimeMs to, bool weekly) {
    // Days are UTC; weeks start on Monday (1970-01-01 was a Thursday, hence the 3-day shift). The period is read
    // from the covering index orders_analytics (no document pages), in one pass per bucket and status; the
    // series and the status mix are summed from its few rows.
    static constexpr const char* kDaily =
        "SELECT order_date / 86400000 AS b, status, count(*), sum(" ORDER_REVENUE ") FROM orders "
        "INDEXED BY orders_analytics WHERE deleted_at IS NULL AND order_date BETWEEN ? AND ? GROUP BY b, status ORDER BY b";
    static constexpr const char* kWeekly =
        "SELECT (order_date / 86400000 + 3) / 7 AS b, status, count(*), sum(" ORDER_REVENUE ") FROM orders "
        "INDEXED BY orders_analytics WHERE deleted_at IS NULL AND order_date BETWEEN ? AND ? GROUP BY b, status ORDER BY b";
    return db_.Read([&](Connection& c) {
        OrderStatsBuilder stats;
        for (auto q = c.Bound(weekly ? kWeekly : kDaily, from, to); q->Step();)
            stats.Add(weekly ? (q->Int(0) * 7 - 3) * 86'400'000 : q->Int(0) * 86'400'000, q->Text(1), q->Int(2), q->Int(3));
        return stats.Finish();
    });
}

std::pair<std::vector<std::string>, std::int64_t> SqliteOrderStore::List(const OrderQuery& q) {
    std::string where = " WHERE 1 = 1";
    shop::sqlite::Params params;
    auto t = [&](std::string v) { params.Text(std::move(v)); };
    auto n = [&](std::int64_t v) { params.Int(v); };
    if (q.user_id) where += " AND user_id = ?", t(*q.user_id);
    if (!q.include_deleted) where += " AND deleted_at IS NULL";
    if (!q.statuses.empty()) {
        where += " AND status IN (";
        for (std::size_t i = 0; i < q.statuses.size(); ++i) where += i ? ",?" : "?", t(q.statuses[i]);
        where += ")";
    }
    if (q.from) where += " AND order_date >= ?", n(*q.from);
    if (q.to) where += " AND order_date <= ?", n(*q.to);
    if (q.min_total) where += " AND total_paise >= ?", n(*q.min_total);
    if (q.max_total) where += " AND total_paise <= ?", n(*q.max_total);
    if (q.q) {
        std::string pattern = shop::sqlite::ContainsPattern(*q.q);
        where += q.q_includes_email ? " AND (search_text LIKE ? ESCAPE '\\' OR email_text LIKE ? ESCAPE '\\')"
                                    : " AND search_text LIKE ? ESCAPE '\\'";
        t(pattern);
        if (q.q_includes_email) t(pattern);
    }
    std::string column = q.page.sort_field == "totalAmount" ? "total_paise"
                         : q.page.sort_field == "status"    ? "status_rank"
                                                            : "order_date";
    std::string dir = q.page.descending ? " DESC" : " ASC";
    std::string list = "SELECT doc FROM orders" + where + " ORDER BY " + column + dir + ", id" + dir + " LIMIT " +
                       std::to_string(q.page.limit) + " OFFSET " + std::to_string(q.page.offset());
    std::string count = "SELECT count(*) FROM orders" + where;
    return db_.Read([&](Connection& c) {
        return shop::sqlite::Page<std::string>(c, list, count, params, [](shop::sqlite::Statement& st) { return st.Text(0); });
    });
}

}  // namespace order
