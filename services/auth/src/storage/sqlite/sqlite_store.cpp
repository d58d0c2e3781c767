#include "storage/sqlite/sqlite_store.hpp"

#include "storage/sqlite/queries.hpp"

namespace auth {
namespace {

using shop::sqlite::Connection;
using shop::sqlite::Statement;
namespace bj = shop::json::bj;

User ReadUser(Statement& st) {
    User u;
    u.id = st.Text(0);
    u.email = st.Text(1);
    u.password_hash = st.Text(2);
    u.full_name = st.Text(3);
    u.contact_number = st.OptText(4);
    if (auto a = st.OptText(5)) {
        if (auto parsed = shop::json::ParseStrict(*a)) u.address = shop::json::AddressFromJson(*parsed);
    }
    u.role = st.Text(6);
    u.is_active = st.Int(7) != 0;
    u.email_verified = st.Int(8) != 0;
    u.erased = st.Int(9) != 0;
    if (auto parsed = shop::json::ParseStrict(st.Text(10))) u.settings = shop::json::SettingsFromJson(*parsed);
    u.last_login_at = st.OptInt(11);
    u.created_at = st.Int(12);
    u.updated_at = st.Int(13);
    u.version = st.Int(14);
    return u;
}

Session ReadSession(Statement& st) {
    Session s;
    s.id = st.Text(0);
    s.user_id = st.Text(1);
    s.created_at = st.Int(2);
    s.last_used_at = st.Int(3);
    s.expires_at = st.Int(4);
    s.refresh_expires_at = st.Int(5);
    s.user_agent = st.OptText(6);
    s.ip = st.Text(7);
    s.revoked_at = st.OptInt(8);
    s.revoke_reason = st.OptText(9);
    return s;
}

std::optional<std::string> AddressText(const User& u) {
    if (!u.address) return std::nullopt;
    return shop::json::Serialize(shop::json::ToJson(*u.address));
}

// AuthTx over one connection (the writer's inside a transaction, or a reader's).
class SqliteTx : public AuthTx {
public:
    SqliteTx(Connection& c, shop::outbox::SqliteOutbox& outbox) : c_(c), outbox_(outbox) {}

    std::optional<User> UserById(const std::string& id) override { return OneUser(sql::kUserById, id); }
    std::optional<User> UserByEmail(const std::string& email) override { return OneUser(sql::kUserByEmail, email); }
    void InsertUser(const User& u) override { WriteUser(sql::kInsertUser, u); }
    void UpdateUser(const User& u) override { WriteUser(sql::kUpdateUser, u); }
    std::int64_t CountActiveAdmins() override {
        auto q = c_.Bound(sql::kCountActiveAdmins);
        q->Step();
        return q->Int(0);
    }

    std::optional<Session> SessionById(const std::string& id) override {
        auto q = c_.Bound(sql::kSessionById, id);
        if (!q->Step()) return std::nullopt;
        return ReadSession(*q);
    }
    std::vector<Session> ActiveSessions(const std::string& user_id, TimeMs now) override {
        std::vector<Session> out;
        auto q = c_.Bound(sql::kActiveSessions, user_id, now);
        while (q->Step()) out.push_back(ReadSession(*q));
        return out;
    }
    void InsertSession(const Session& s) override { WriteSession(sql::kInsertSession, s); }
    void UpdateSession(const Session& s) override { WriteSession(sql::kUpdateSession, s); }

    std::optional<RefreshToken> RefreshByHash(const std::string& hash) override {
        auto q = c_.Bound(sql::kRefreshByHash, hash);
        if (!q->Step()) return std::nullopt;
        return RefreshToken{q->Text(0), q->Text(1), q->Int(2), q->Int(3), q->OptInt(4), q->OptText(5), q->OptText(6)};
    }
    void InsertRefresh(const RefreshToken& t) override {
        c_.Exec(sql::kInsertRefresh, t.hash, t.session_id, t.issued_at, t.expires_at, t.rotated_at, t.successor_hash,
                t.successor_sealed);
    }
    void UpdateRefresh(const RefreshToken& t) override {
        c_.Exec(sql::kUpdateRefresh, t.hash, t.session_id, t.issued_at, t.expires_at, t.rotated_at, t.successor_hash,
                t.successor_sealed);
    }
    void ClearExpiredGrace(const std::string& session_id) override {
        c_.Exec(sql::kClearGrace, session_id, shop::NowMs() - 60'000);
    }
    void AddRevocation(const Revocation& r) override {
        revoked_ = true;
        c_.Exec(sql::kInsertRevocation, r.session_id, r.user_id, r.reason, r.revoked_at, r.expires_at);
    }

    std::optional<OneTimeToken> OneTimeByHash(const std::string& hash) override {
        auto q = c_.Bound(sql::kOneTimeByHash, hash);
        if (!q->Step()) return std::nullopt;
        return OneTimeToken{q->Text(0), q->Text(1), q->Text(2), q->Int(3), q->Int(4), q->OptInt(5)};
    }
    void InsertOneTime(const OneTimeToken& t) override {
        c_.Exec(sql::kInsertOneTime, t.hash, t.user_id, t.kind, t.created_at, t.expires_at, t.used_at);
    }
    void UseOneTime(const std::string& hash, TimeMs now) override { c_.Exec(sql::kUseOneTime, now, hash); }
    void InvalidateOneTime(const std::string& user_id, const std::string& kind, TimeMs now) override {
        c_.Exec(sql::kInvalidateOneTime, user_id, kind, now);
    }
    void DeleteOneTime(const std::string& user_id) override { c_.Exec(sql::kDeleteOneTime, user_id); }

    std::vector<TimeMs> CounterEvents(const std::string& scope, const std::string& key, TimeMs since) override {
        std::vector<TimeMs> out;
        auto q = c_.Bound(sql::kCounterEvents, scope, key, since);
        while (q->Step()) out.push_back(q->Int(0));
        return out;
    }
    void AddCounterEvent(const std::string& scope, const std::string& key, TimeMs at) override {
        c_.Exec(sql::kAddCounterEvent, scope, key, at);
    }
    void ClearCounter(const std::string& scope, const std::string& key) override {
        c_.Exec(sql::kClearCounter, scope, key);
    }

    void Emit(const shop::outbox::Effects& effects) override { outbox_.Append(c_, effects); }
    bool revoked() const { return revoked_; }

private:
    std::optional<User> OneUser(const char* query, const std::string& arg) {
        auto q = c_.Bound(query, arg);
        if (!q->Step()) return std::nullopt;
        return ReadUser(*q);
    }
    void WriteUser(const char* query, const User& u) {
        c_.Exec(query, u.id, u.email, u.password_hash, u.full_name, u.contact_number, AddressText(u), u.role,
                u.is_active, u.email_verified, u.erased, shop::json::Serialize(shop::json::ToJson(u.settings)),
                u.last_login_at, u.created_at, u.updated_at, u.version);
    }
    void WriteSession(const char* query, const Session& s) {
        c_.Exec(query, s.id, s.user_id, s.created_at, s.last_used_at, s.expires_at, s.refresh_expires_at, s.user_agent,
                s.ip, s.revoked_at, s.revoke_reason);
    }

    Connection& c_;
    shop::outbox::SqliteOutbox& outbox_;
    bool revoked_ = false;
};

}  // namespace

SqliteAuthStore::SqliteAuthStore(shop::sqlite::Database& db, shop::outbox::SqliteOutbox& outbox)
    : db_(db), outbox_(outbox) {}

void SqliteAuthStore::RunAtomic(const std::function<bool(AuthTx&)>& fn) {
    bool revoked = false;
    auto committed = db_.Write<bool>([&](Connection& c) -> shop::Result<bool> {
        SqliteTx tx(c, outbox_);
        if (!fn(tx)) return shop::Error::Of(shop::ErrorCode::kConflict, "rolled back");
        revoked = tx.revoked();
        return true;
    });
    if (committed && revoked && on_revocation_) on_revocation_();
}

void SqliteAuthStore::RunRead(const std::function<void(AuthTx&)>& fn) {
    db_.Read([&](Connection& c) {
        SqliteTx tx(c, outbox_);
        fn(tx);
        return 0;
    });
}

std::pair<std::vector<User>, std::int64_t> SqliteAuthStore::ListUsers(const UserFilter& f) {
    std::string where = " WHERE 1 = 1";
    shop::sqlite::Params params;
    if (f.role) where += " AND role = ?", params.Text(*f.role);
    if (f.is_active) where += *f.is_active ? " AND is_active = 1" : " AND is_active = 0";
    if (f.q) {  // case-insensitive substring; LIKE wildcards in the query are matched literally
        where += " AND (lower(email) LIKE ? ESCAPE '\\' OR lower(full_name) LIKE ? ESCAPE '\\')";
        params.Text(shop::sqlite::ContainsPattern(*f.q));
        params.Text(shop::sqlite::ContainsPattern(*f.q));
    }
    std::string column = f.page.sort_field == "email" ? "email" : f.page.sort_field == "fullName" ? "lower(full_name)" : "created_at";
    std::string dir = f.page.descending ? " DESC" : " ASC";
    std::string list = "SELECT id, email, password_hash, full_name, contact_number, address, role, is_active, "
                       "email_verified, erased, settings, last_login_at, created_at, updated_at, version FROM users" +
                       where + " ORDER BY " + column + dir + ", id" + dir + " LIMIT " + std::to_string(f.page.limit) +
                       " OFFSET " + std::to_string(f.page.offset());
    std::string count = "SELECT count(*) FROM users" + where;
    return db_.Read([&](Connection& c) { return shop::sqlite::Page<User>(c, list, count, params, ReadUser); });
}

std::vector<Revocation> SqliteAuthStore::RevocationsSince(std::int64_t since, TimeMs now, int limit, bool& has_more) {
    return db_.Read([&](Connection& c) {
        std::vector<Revocation> out;
        auto q = c.Bound(sql::kRevocationsSince, since, now, limit + 1);
        while (q->Step())
            out.push_back({q->Int(0), q->Text(1), q->Text(2), q->Text(3), q->Int(4), q->Int(5)});
        has_more = static_cast<int>(out.size()) > limit;
        if (has_more) out.pop_back();
        return out;
    });
}

void SqliteAuthStore::Sweep(TimeMs now) {
    (void)db_.Write<shop::Ok>([&](Connection& c) -> shop::Result<shop::Ok> {
        c.Exec(sql::kSweepCounters, now - 86'400'000);
        c.Exec(sql::kSweepRevocations, now);
        c.Exec(sql::kSweepOneTime, now - 86'400'000);
        c.Exec(sql::kSweepRefresh, now - 86'400'000);
        return shop::Ok{};
    });
}

}  // namespace auth
