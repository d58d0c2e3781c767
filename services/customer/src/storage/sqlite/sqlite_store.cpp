#include "storage/sqlite/sqlite_store.hpp"

#include <algorithm>

#include "shop/json/reader.hpp"
#include "shop/storage/records.hpp"

namespace customer {
namespace {


using shop::sqlite::Connection;
using shop::sqlite::Statement;
namespace bj = shop::json::bj;

#define CUSTOMER_COLUMNS                                                                                      \
    "id, email, full_name, contact_number, address, account_status, erased, deleted_at, customer_since, " \
    "created_at, updated_at, version, user_version, total_orders, total_spent, last_order_date, total_complaints"

constexpr const char* kFind = "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE id = ?";
constexpr const char* kInsert = "INSERT INTO customers (" CUSTOMER_COLUMNS
                                ", search_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
constexpr const char* kUpdate =
    "UPDATE customers SET email = ?2, full_name = ?3, contact_number = ?4, address = ?5, account_status = ?6, "
    "erased = ?7, deleted_at = ?8, customer_since = ?9, created_at = ?10, updated_at = ?11, version = ?12, "
    "user_version = ?13, total_orders = ?14, total_spent = ?15, last_order_date = ?16, total_complaints = ?17, "
    "search_text = ?18 WHERE id = ?1";
constexpr const char* kFindOrder =
    "SELECT id, customer_id, number, status, total, refund, order_date, deleted, version FROM order_projection WHERE id = ?";
constexpr const char* kPutOrder =
    "INSERT INTO order_projection (id, customer_id, number, status, total, refund, order_date, deleted, version) "
    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9) ON CONFLICT (id) DO UPDATE SET status = ?4, total = ?5, refund = ?6, "
    "order_date = ?7, deleted = ?8, version = ?9";
constexpr const char* kFindComplaint =
    "SELECT id, customer_id, number, status, deleted, version FROM complaint_projection WHERE id = ?";
constexpr const char* kPutComplaint =
    "INSERT INTO complaint_projection (id, customer_id, number, status, deleted, version) VALUES (?1,?2,?3,?4,?5,?6) "
    "ON CONFLICT (id) DO UPDATE SET status = ?4, deleted = ?5, version = ?6";
constexpr const char* kOrderTotals =
    "SELECT count(*), coalesce(sum(CASE WHEN status = 'Cancelled' THEN 0 WHEN status = 'Returned' THEN total - refund "
    "ELSE total END), 0), max(order_date) FROM order_projection WHERE customer_id = ? AND deleted = 0";
constexpr const char* kComplaintTotals =
    "SELECT count(*) FROM complaint_projection WHERE customer_id = ? AND deleted = 0";
constexpr const char* kAddTimeline =
    "INSERT INTO timeline (id, customer_id, type, occurred_at, summary, reference, actor) VALUES (?,?,?,?,?,?,?) "
    "ON CONFLICT (id) DO NOTHING";

Customer Read(Statement& st) {
    Customer c;
    c.id = st.Text(0);
    c.email = st.Text(1);
    c.full_name = st.Text(2);
    c.contact_number = st.OptText(3);
    if (auto a = st.OptText(4))
        if (auto parsed = shop::json::ParseStrict(*a)) c.address = shop::json::AddressFromJson(*parsed);
    c.account_status = st.Text(5);
    c.erased = st.Int(6) != 0;
    c.deleted_at = st.OptInt(7);
    c.customer_since = st.Int(8);
    c.created_at = st.Int(9);
    c.updated_at = st.Int(10);
    c.version = st.Int(11);
    c.user_version = st.Int(12);
    c.total_orders = st.Int(13);
    c.total_spent = st.Int(14);
    c.last_order_date = st.OptInt(15);
    c.total_complaints = st.Int(16);
    return c;
}

void Write(Connection& conn, const char* sql, const Customer& c) {
    std::optional<std::string> address;
    if (c.address) address = shop::json::Serialize(shop::json::ToJson(*c.address));
    conn.Exec(sql, c.id, c.email, c.full_name, c.contact_number, address, c.account_status, c.erased, c.deleted_at,
              c.customer_since, c.created_at, c.updated_at, c.version, c.user_version, c.total_orders, c.total_spent,
              c.last_order_date, c.total_complaints, SearchText(c));
}

std::optional<Customer> FindOn(Connection& c, const std::string& id) {
    auto q = c.Bound(kFind, id);
    if (!q->Step()) return std::nullopt;
    return Read(*q);
}

class SqliteTx : public CustomerTx {
public:
    explicit SqliteTx(Connection& c) : c_(c) {}
    std::optional<Customer> Find(const std::string& id) override { return FindOn(c_, id); }
    void Insert(const Customer& c) override { Write(c_, kInsert, c); }
    void Update(const Customer& c) override { Write(c_, kUpdate, c); }
    std::optional<OrderProjection> FindOrder(const std::string& id) override {
        auto q = c_.Bound(kFindOrder, id);
        if (!q->Step()) return std::nullopt;
        return OrderProjection{q->Text(0), q->Text(1), q->Text(2), q->Text(3), q->Int(4), q->Int(5), q->Int(6),
                               q->Int(7) != 0, q->Int(8)};
    }
    void PutOrder(const OrderProjection& o) override {
        c_.Exec(kPutOrder, o.id, o.customer_id, o.number, o.status, o.total, o.refund, o.order_date, o.deleted, o.version);
    }
    std::optional<ComplaintProjection> FindComplaint(const std::string& id) override {
        auto q = c_.Bound(kFindComplaint, id);
        if (!q->Step()) return std::nullopt;
        return ComplaintProjection{q->Text(0), q->Text(1), q->Text(2), q->Text(3), q->Int(4) != 0, q->Int(5)};
    }
    void PutComplaint(const ComplaintProjection& p) override {
        c_.Exec(kPutComplaint, p.id, p.customer_id, p.number, p.status, p.deleted, p.version);
    }
    void RecomputeTotals(Customer& c) override {
        {
            auto q = c_.Bound(kOrderTotals, c.id);
            q->Step();
            c.total_orders = q->Int(0);
            c.total_spent = q->Int(1);
            c.last_order_date = q->OptInt(2);
        }
        auto q = c_.Bound(kComplaintTotals, c.id);
        q->Step();
        c.total_complaints = q->Int(0);
    }
    void AddTimeline(const TimelineEntry& t) override {
        std::optional<std::string> ref, actor;
        if (t.reference) ref = shop::json::Serialize(*t.reference);
        if (t.actor) actor = shop::json::Serialize(*t.actor);
        c_.Exec(kAddTimeline, t.id, t.customer_id, t.type, t.occurred_at, t.summary, ref, actor);
    }
    bool MarkEventProcessed(const std::string& event_id, const std::string& type) override {
        return shop::sqlite::MarkEventProcessed(c_, event_id, type, shop::NowMs());
    }

private:
    Connection& c_;
};

}  // namespace

void SqliteCustomerStore::RunAtomic(const std::function<bool(CustomerTx&)>& fn) {
    (void)db_.Write<bool>([&](Connection& c) -> shop::Result<bool> {
        SqliteTx tx(c);
        if (fn(tx)) return true;
        return shop::Error::Of(shop::ErrorCode::kConflict, "rolled back");
    });
}

std::optional<Customer> SqliteCustomerStore::Find(const std::string& id) {
    return db_.Read([&](Connection& c) { return FindOn(c, id); });
}

CustomerStats SqliteCustomerStore::Stats(TimeMs from, TimeMs to, bool weekly) {
    static constexpr const char* kDaily =
        "SELECT customer_since / 86400000 AS b, count(*) FROM customers WHERE customer_since BETWEEN ? AND ? "
        "GROUP BY b ORDER BY b";
    static constexpr const char* kWeekly =  // weeks start on Monday; 1970-01-01 was a Thursday
        "SELECT (customer_since / 86400000 + 3) / 7 AS b, count(*) FROM customers WHERE customer_since BETWEEN ? AND ? "
        "GROUP BY b ORDER BY b";
    static constexpr const char* kStatus = "SELECT account_status, count(*) FROM customers GROUP BY account_status";
    static constexpr const char* kBuyers =
        "SELECT count(*), coalesce(sum(total_orders >= 2), 0) FROM customers WHERE total_orders >= 1 "
        "AND account_status != 'Deleted'";
    return db_.Read([&](Connection& c) {
        CustomerStats s;
        {
            auto q = c.Bound(weekly ? kWeekly : kDaily, from, to);
            while (q->Step()) s.registrations.emplace_back(weekly ? (q->Int(0) * 7 - 3) * 86'400'000 : q->Int(0) * 86'400'000, q->Int(1));
        }
        {
            auto q = c.Bound(kStatus);
            while (q->Step()) {
                std::string status = q->Text(0);
                (status == "Active" ? s.active : status == "Inactive" ? s.inactive : s.deleted) = q->Int(1);
            }
        }
        auto q = c.Bound(kBuyers);
        q->Step();
        s.with_orders = q->Int(0);
        s.repeat = q->Int(1);
        return s;
    });
}

std::pair<std::vector<Customer>, std::int64_t> SqliteCustomerStore::List(const CustomerQuery& q) {
    std::string where = " WHERE 1 = 1";
    shop::sqlite::Params params;
    bool not_deleted = q.statuses.size() == 2 && std::find(q.statuses.begin(), q.statuses.end(), "Deleted") == q.statuses.end();
    if (not_deleted) {
        where += " AND account_status != 'Deleted'";  // the default filter; lets the planner walk the sort index
    } else if (!q.statuses.empty()) {
        where += " AND account_status IN (";
        for (std::size_t i = 0; i < q.statuses.size(); ++i) where += i ? ",?" : "?", params.Text(q.statuses[i]);
        where += ")";
    }
    if (q.from) where += " AND customer_since >= ?", params.Int(*q.from);
    if (q.to) where += " AND customer_since <= ?", params.Int(*q.to);
    if (q.q) {
        const std::string& needle = *q.q;
        auto [digits, phone_like] = PhoneTermOf(needle);
        auto phrase = [](const std::string& text) {  // an FTS5 string: the substring to find
            std::string out = "\"";
            for (char ch : text) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
            return out + "\"";
        };
        if (shop::json::CodePoints(needle) >= 3 && (!phone_like || digits.size() >= 3)) {
            // Trigram index: substring match, case-insensitive.
            where += " AND rowid IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ?)";
            params.Text(phone_like ? phrase(needle) + " OR " + phrase(digits) : phrase(needle));
        } else {
            where += phone_like ? " AND (search_text LIKE ? ESCAPE '\\' OR search_text LIKE ? ESCAPE '\\')"
                                : " AND search_text LIKE ? ESCAPE '\\'";
            params.Text(shop::sqlite::ContainsPattern(needle));
            if (phone_like) params.Text(shop::sqlite::ContainsPattern(digits));
        }
    }
    std::string dir = q.page.descending ? " DESC" : " ASC";
    std::string order = q.page.sort_field == "fullName"       ? "full_name COLLATE NOCASE" + dir
                        : q.page.sort_field == "totalOrders"  ? "total_orders" + dir
                        : q.page.sort_field == "lastOrderDate" ? "last_order_date IS NULL, last_order_date" + dir
                                                               : "customer_since" + dir;
    std::string list = "SELECT " CUSTOMER_COLUMNS " FROM customers" + where + " ORDER BY " + order + ", id" + dir +
                       " LIMIT " + std::to_string(q.page.limit) + " OFFSET " + std::to_string(q.page.offset());
    std::string count = "SELECT count(*) FROM customers" + where;
    return db_.Read([&](Connection& c) { return shop::sqlite::Page<Customer>(c, list, count, params, Read); });
}

std::pair<std::vector<TimelineEntry>, std::int64_t> SqliteCustomerStore::Timeline(const TimelineQuery& q) {
    std::string where = " WHERE customer_id = ?";
    shop::sqlite::Params params;
    params.Text(q.customer_id);
    if (!q.types.empty()) {
        where += " AND type IN (";
        for (std::size_t i = 0; i < q.types.size(); ++i) where += i ? ",?" : "?", params.Text(q.types[i]);
        where += ")";
    }
    if (q.from) where += " AND occurred_at >= ?", params.Int(*q.from);
    if (q.to) where += " AND occurred_at <= ?", params.Int(*q.to);
    std::string dir = q.page.descending ? " DESC" : " ASC";
    std::string list = "SELECT id, customer_id, type, occurred_at, summary, reference, actor FROM timeline" + where +
                       " ORDER BY occurred_at" + dir + ", id" + dir + " LIMIT " + std::to_string(q.page.limit) +
                       " OFFSET " + std::to_string(q.page.offset());
    std::string count = "SELECT count(*) FROM timeline" + where;
    return db_.Read([&](Connection& c) {
        return shop::sqlite::Page<TimelineEntry>(c, list, count, params, [](Statement& st) {
            TimelineEntry t{st.Text(0), st.Text(1), st.Text(2), st.Int(3), st.Text(4), std::nullopt, std::nullopt};
            if (auto r = st.OptText(5)) t.reference = shop::json::ParseStrict(*r)->as_object();
            if (auto a = st.OptText(6)) t.actor = shop::json::ParseStrict(*a)->as_object();
            return t;
        });
    });
}

}  // namespace customer
