#include "storage/mongo/mongo_store.hpp"

#include <algorithm>
#include <map>

#include "shop/log.hpp"
#include "shop/storage/mongo_records_tx.hpp"

namespace auth {
namespace {

namespace bj = shop::json::bj;
using shop::json::Int;
using shop::json::Lower;
using shop::json::OptInt;
using shop::json::OptStr;
using shop::json::OrNull;
using shop::json::Str;
using shop::mongo::Records;

constexpr const char* kUsers = "users";
constexpr const char* kRevocations = "revocations";
constexpr const char* kCounters = "counters";
constexpr std::int64_t kDay = 86'400'000;

const bj::array& Array(const bj::object& o, const char* key) {
    static const bj::array kEmpty;
    const auto* v = o.if_contains(key);
    return v && v->is_array() ? v->get_array() : kEmpty;
}

bj::object UserFields(const User& u) {
    return {{"email", u.email},
            {"passwordHash", u.password_hash},
            {"fullName", u.full_name},
            {"contactNumber", OrNull(u.contact_number)},
            {"address", u.address ? shop::json::ToJson(*u.address) : bj::value(nullptr)},
            {"role", u.role},
            {"isActive", u.is_active},
            {"emailVerified", u.email_verified},
            {"erased", u.erased},
            {"settings", shop::json::ToJson(u.settings)},
            {"lastLoginAt", OrNull(u.last_login_at)},
            {"createdAt", u.created_at},
            {"updatedAt", u.updated_at},
            {"version", u.version},
            {"searchText", Lower(u.full_name)},
            {"emailText", Lower(u.email)}};
}

User UserFrom(const bj::object& d) {
    User u;
    u.id = Str(d, "_id");
    u.email = Str(d, "email");
    u.password_hash = Str(d, "passwordHash");
    u.full_name = Str(d, "fullName");
    u.contact_number = OptStr(d, "contactNumber");
    if (const auto* a = d.if_contains("address"); a && !a->is_null()) u.address = shop::json::AddressFromJson(*a);
    u.role = Str(d, "role");
    u.is_active = d.at("isActive").as_bool();
    u.email_verified = d.at("emailVerified").as_bool();
    u.erased = d.at("erased").as_bool();
    u.settings = shop::json::SettingsFromJson(d.at("settings"));
    u.last_login_at = OptInt(d, "lastLoginAt");
    u.created_at = Int(d, "createdAt");
    u.updated_at = Int(d, "updatedAt");
    u.version = Int(d, "version");
    return u;
}

bj::object ToDoc(const Session& s) {
    return {{"id", s.id}, {"createdAt", s.created_at}, {"lastUsedAt", s.last_used_at}, {"expiresAt", s.expires_at},
            {"refreshExpiresAt", s.refresh_expires_at}, {"userAgent", OrNull(s.user_agent)}, {"ip", s.ip},
            {"revokedAt", OrNull(s.revoked_at)}, {"revokeReason", OrNull(s.revoke_reason)}};
}
Session SessionFrom(const bj::object& o, const std::string& user_id) {
    return {Str(o, "id"), user_id, Int(o, "createdAt"), Int(o, "lastUsedAt"), Int(o, "expiresAt"),
            Int(o, "refreshExpiresAt"), OptStr(o, "userAgent"), Str(o, "ip"), OptInt(o, "revokedAt"),
            OptStr(o, "revokeReason")};
}

bj::object ToDoc(const RefreshToken& t) {
    return {{"hash", t.hash}, {"sessionId", t.session_id}, {"issuedAt", t.issued_at}, {"expiresAt", t.expires_at},
            {"rotatedAt", OrNull(t.rotated_at)}, {"successorHash", OrNull(t.successor_hash)},
            {"successorSealed", OrNull(t.successor_sealed)}};
}
RefreshToken RefreshFrom(const bj::object& o) {
    return {Str(o, "hash"), Str(o, "sessionId"), Int(o, "issuedAt"), Int(o, "expiresAt"), OptInt(o, "rotatedAt"),
            OptStr(o, "successorHash"), OptStr(o, "successorSealed")};
}

bj::object ToDoc(const OneTimeToken& t) {
    return {{"hash", t.hash}, {"kind", t.kind}, {"createdAt", t.created_at}, {"expiresAt", t.expires_at},
            {"usedAt", OrNull(t.used_at)}};
}
OneTimeToken OneTimeFrom(const bj::object& o, const std::string& user_id) {
    return {Str(o, "hash"), user_id, Str(o, "kind"), Int(o, "createdAt"), Int(o, "expiresAt"), OptInt(o, "usedAt")};
}

template <class T>
bj::array Docs(const std::vector<T>& items) {
    bj::array out;
    for (const auto& i : items) out.push_back(ToDoc(i));
    return out;
}

// A user document as a change reads and rewrites it.
struct UserDoc {
    User user;
    std::int64_t rev = 0;  // 0: inserted by this change
    std::vector<Session> sessions;
    std::vector<RefreshToken> refresh;
    std::vector<OneTimeToken> one_time;
};

UserDoc DocFrom(const bj::object& d) {
    UserDoc doc{UserFrom(d), Int(d, "rev"), {}, {}, {}};
    for (const auto& s : Array(d, "sessions")) doc.sessions.push_back(SessionFrom(s.as_object(), doc.user.id));
    for (const auto& t : Array(d, "refreshTokens")) doc.refresh.push_back(RefreshFrom(t.as_object()));
    for (const auto& t : Array(d, "oneTimeTokens")) doc.one_time.push_back(OneTimeFrom(t.as_object(), doc.user.id));
    return doc;
}

// The user, session and token fields that ListUsers and the feeds never need.
const bj::object kUserOnly{{"sessions", 0}, {"refreshTokens", 0}, {"oneTimeTokens", 0}, {"pendingMessages", 0},
                           {"pendingRevocations", 0}};

std::string CounterId(const std::string& scope, const std::string& key) { return scope + ":" + key; }

template <class T, class Pred>
T* FindIn(std::vector<T>& items, Pred pred) {
    auto it = std::find_if(items.begin(), items.end(), pred);
    return it == items.end() ? nullptr : &*it;
}

class MongoTx : public AuthTx {
public:
    MongoTx(shop::mongo::Database& db, shop::outbox::MongoOutbox& outbox) : db_(db), records_(db, &outbox, kUsers) {}

    std::optional<User> UserById(const std::string& id) override { return UserOf(ById(id)); }
    std::optional<User> UserByEmail(const std::string& email) override {
        return UserOf(Load({{"email", email}}, [&](const UserDoc& d) { return d.user.email == email; }));
    }
    void InsertUser(const User& u) override {
        if (!docs_.try_emplace(u.id, UserDoc{u, 0, {}, {}, {}}).second) throw std::logic_error("user exists");
        Touch(u.id);
    }
    void UpdateUser(const User& u) override { Owner(u.id).user = u; }
    std::int64_t CountActiveAdmins() override {
        return db_.Count(kUsers, {{"role", "Administrator"}, {"isActive", true}});
    }

    std::optional<Session> SessionById(const std::string& id) override {
        auto match = [&](const Session& s) { return s.id == id; };
        auto* d = Load({{"sessions.id", id}}, [&](UserDoc& u) { return FindIn(u.sessions, match) != nullptr; });
        if (!d) return std::nullopt;
        auto* s = FindIn(d->sessions, match);
        return s ? std::optional<Session>(*s) : std::nullopt;
    }
    std::vector<Session> ActiveSessions(const std::string& user_id, TimeMs now) override {
        std::vector<Session> out;
        if (auto* d = ById(user_id))
            for (const auto& s : d->sessions)
                if (!s.revoked_at && s.expires_at > now && s.refresh_expires_at > now) out.push_back(s);
        return out;
    }
    void InsertSession(const Session& s) override { Owner(s.user_id).sessions.push_back(s); }
    void UpdateSession(const Session& s) override {
        auto* stored = FindIn(Owner(s.user_id).sessions, [&](const Session& x) { return x.id == s.id; });
        if (!stored) throw std::logic_error("unknown session");
        *stored = s;
    }

    std::optional<RefreshToken> RefreshByHash(const std::string& hash) override {
        auto match = [&](const RefreshToken& t) { return t.hash == hash; };
        auto* d = Load({{"refreshTokens.hash", hash}}, [&](UserDoc& u) { return FindIn(u.refresh, match) != nullptr; });
        if (!d) return std::nullopt;
        auto* t = FindIn(d->refresh, match);
        return t ? std::optional<RefreshToken>(*t) : std::nullopt;
    }
    void InsertRefresh(const RefreshToken& t) override { SessionOwner(t.session_id).refresh.push_back(t); }
    void UpdateRefresh(const RefreshToken& t) override {
        auto* stored = FindIn(SessionOwner(t.session_id).refresh, [&](const RefreshToken& x) { return x.hash == t.hash; });
        if (!stored) throw std::logic_error("unknown refresh token");
        *stored = t;
    }
    void ClearExpiredGrace(const std::string& session_id) override {
        TimeMs cutoff = shop::NowMs() - 60'000;
        for (auto& t : SessionOwner(session_id).refresh)
            if (t.session_id == session_id && t.successor_sealed && t.rotated_at && *t.rotated_at < cutoff)
                t.successor_sealed.reset();
    }
    void AddRevocation(const Revocation& r) override {
        Owner(r.user_id);
        revocations_.push_back(r);
    }

    std::optional<OneTimeToken> OneTimeByHash(const std::string& hash) override {
        auto* d = Load({{"oneTimeTokens.hash", hash}}, [&](UserDoc& u) { return OneTimeIn(u, hash) != nullptr; });
        auto* t = d ? OneTimeIn(*d, hash) : nullptr;
        return t ? std::optional<OneTimeToken>(*t) : std::nullopt;
    }
    void InsertOneTime(const OneTimeToken& t) override { Owner(t.user_id).one_time.push_back(t); }
    void UseOneTime(const std::string& hash, TimeMs now) override {
        for (auto& [id, d] : docs_)
            if (auto* t = OneTimeIn(d, hash); t && !t->used_at) {
                Owner(id);
                t->used_at = now;
            }
    }
    void InvalidateOneTime(const std::string& user_id, const std::string& kind, TimeMs now) override {
        for (auto& t : Owner(user_id).one_time)
            if (t.kind == kind && !t.used_at) t.used_at = now;
    }
    void DeleteOneTime(const std::string& user_id) override { Owner(user_id).one_time.clear(); }

    std::vector<TimeMs> CounterEvents(const std::string& scope, const std::string& key, TimeMs since) override {
        std::vector<TimeMs> out;
        if (auto d = db_.FindOne(kCounters, {{"_id", CounterId(scope, key)}}))
            for (const auto& at : Array(*d, "events"))
                if (at.to_number<TimeMs>() > since) out.push_back(at.to_number<TimeMs>());
        return out;
    }
    void AddCounterEvent(const std::string& scope, const std::string& key, TimeMs at) override {
        counter_writes_.push_back({CounterId(scope, key), at});
    }
    void ClearCounter(const std::string& scope, const std::string& key) override {
        counter_writes_.push_back({CounterId(scope, key), std::nullopt});
    }

    void Emit(const shop::outbox::Effects& effects) override { records_.Emit(effects); }

    // Writes the changed user document (insert, or update guarded by the revision read), then the counters.
    Records::Outcome Commit() {
        auto outcome = Records::Outcome::kDone;
        if (writer_) {
            const UserDoc& d = docs_.at(*writer_);
            bj::object fields = UserFields(d.user);
            fields["sessions"] = Docs(d.sessions);
            fields["refreshTokens"] = Docs(d.refresh);
            fields["oneTimeTokens"] = Docs(d.one_time);
            fields["rev"] = d.rev + 1;
            bj::array revoked;
            for (const auto& r : revocations_)
                revoked.push_back(bj::object{{"_id", r.session_id}, {"userId", r.user_id}, {"reason", r.reason},
                                             {"revokedAt", r.revoked_at}, {"expiresAt", r.expires_at}});
            if (!revoked.empty()) fields["revocationsPendingSince"] = shop::NowMs();
            if (d.rev == 0) {
                fields["_id"] = d.user.id;
                fields["pendingRevocations"] = std::move(revoked);
                outcome = records_.Insert(std::move(fields));
            } else {
                bj::object update{{"$set", std::move(fields)}};
                if (!revoked.empty()) update["$push"] = bj::object{{"pendingRevocations", bj::object{{"$each", std::move(revoked)}}}};
                outcome = records_.Update(d.user.id, d.rev, std::move(update), "rev");
            }
        }
        if (outcome != Records::Outcome::kDone) return outcome;
        records_.Finish();
        for (const auto& [id, at] : counter_writes_) {
            if (at) db_.UpdateOne(kCounters, {{"_id", id}}, {{"$push", bj::object{{"events", *at}}}, {"$set", bj::object{{"updatedAt", *at}}}}, true);
            else db_.DeleteMany(kCounters, {{"_id", id}});
        }
        return outcome;
    }

    const std::optional<std::string>& writer() const { return writer_; }
    bool revoked() const { return !revocations_.empty(); }

private:
    // The user document matching `loaded` among those this change read, else the one `filter` finds (read once).
    template <class Pred>
    UserDoc* Load(const bj::object& filter, Pred loaded) {
        for (auto& [id, d] : docs_)
            if (loaded(d)) return &d;
        auto found = db_.FindOne(kUsers, filter);
        if (!found) return nullptr;
        return &docs_.try_emplace(Str(*found, "_id"), DocFrom(*found)).first->second;
    }
    UserDoc* ById(const std::string& id) {
        return Load({{"_id", id}}, [&](const UserDoc& d) { return d.user.id == id; });
    }
    static std::optional<User> UserOf(const UserDoc* d) { return d ? std::optional<User>(d->user) : std::nullopt; }
    static OneTimeToken* OneTimeIn(UserDoc& d, const std::string& hash) {
        return FindIn(d.one_time, [&](const OneTimeToken& t) { return t.hash == hash; });
    }
    // The document of `user_id`, which this change writes: a change writes one user.
    UserDoc& Owner(const std::string& user_id) {
        UserDoc* d = ById(user_id);
        if (!d) throw std::logic_error("a change to an unknown user");
        Touch(user_id);
        return *d;
    }
    UserDoc& SessionOwner(const std::string& session_id) {
        auto s = SessionById(session_id);
        if (!s) throw std::logic_error("a change to an unknown session");
        return Owner(s->user_id);
    }
    void Touch(const std::string& user_id) {
        if (writer_ && *writer_ != user_id) throw std::logic_error("a change writes one user");
        writer_ = user_id;
    }

    shop::mongo::Database& db_;
    Records records_;
    std::map<std::string, UserDoc> docs_;
    std::optional<std::string> writer_;
    std::vector<Revocation> revocations_;
    std::vector<std::pair<std::string, std::optional<TimeMs>>> counter_writes_;  // nullopt: clear
};

}  // namespace

void MongoAuthStore::EnsureIndexes() {
    db_.CreateIndexes(kUsers, {{.name = "email", .keys = {{"email", 1}}, .unique = true},
                               {.name = "session", .keys = {{"sessions.id", 1}}},
                               {.name = "refresh_token", .keys = {{"refreshTokens.hash", 1}}},
                               {.name = "one_time_token", .keys = {{"oneTimeTokens.hash", 1}}},
                               {.name = "role_active", .keys = {{"role", 1}, {"isActive", 1}}},
                               {.name = "created", .keys = {{"createdAt", -1}}},
                               {.name = "revocations_pending", .keys = {{"revocationsPendingSince", 1}}}});
    db_.CreateIndexes(kRevocations, {{.name = "seq", .keys = {{"seq", 1}}, .unique = true},
                                     {.name = "expires", .keys = {{"expiresAt", 1}}}});
    db_.CreateIndexes(kCounters, {{.name = "updated", .keys = {{"updatedAt", 1}}}});
    outbox_.EnsureIndexes();
}

void MongoAuthStore::RunAtomic(const std::function<bool(AuthTx&)>& fn) {
    bool committed = false;
    std::optional<std::string> revoked_user;
    shop::mongo::RunOptimistic<MongoTx>([&] { return std::make_unique<MongoTx>(db_, outbox_); }, [&](MongoTx& tx) {
        committed = fn(tx);
        revoked_user = tx.revoked() ? tx.writer() : std::nullopt;
        return committed;
    });
    if (!committed || !revoked_user) return;
    try {
        RelayRevocations(revoked_user);
    } catch (const std::exception& e) {  // committed: the next feed read relays it
        shop::log::Warn("revocation relay deferred", {{"error", e.what()}});
    }
    if (on_revocation_) on_revocation_();
}

void MongoAuthStore::RunRead(const std::function<void(AuthTx&)>& fn) {
    MongoTx tx(db_, outbox_);
    fn(tx);
}

void MongoAuthStore::RelayRevocations(const std::optional<std::string>& user_id) {
    bj::object filter{{"revocationsPendingSince", bj::object{{"$gt", 0}}}};
    if (user_id) filter["_id"] = *user_id;
    shop::mongo::RelayPending(db_, kUsers, filter, "pendingRevocations", "revocationsPendingSince", [&](const bj::object& entry) {
        for (int attempt = 0;; ++attempt) {
            if (db_.FindOne(kRevocations, {{"_id", entry.at("_id")}}, {.projection = {{"_id", 1}}})) return;
            if (attempt == 50) throw shop::Unavailable("the revocation feed is too busy; try again");
            auto last = db_.FindOne(kRevocations, {}, {.sort = {{"seq", -1}}, .projection = {{"seq", 1}}});
            bj::object row = entry;
            row["seq"] = (last ? Int(*last, "seq") : 0) + 1;
            // A duplicate seq: another relay took that number (try the next); a duplicate _id: relayed already.
            if (db_.InsertOne(kRevocations, row) == shop::mongo::InsertOutcome::kInserted) return;
        }
    });
}

std::pair<std::vector<User>, std::int64_t> MongoAuthStore::ListUsers(const UserFilter& f) {
    bj::object filter;
    if (f.role) filter["role"] = *f.role;
    if (f.is_active) filter["isActive"] = *f.is_active;
    if (f.q) shop::mongo::AddSearch(filter, *f.q, true);
    std::string field = f.page.sort_field == "email" ? "email" : f.page.sort_field == "fullName" ? "searchText" : "createdAt";
    int dir = f.page.descending ? -1 : 1;
    std::vector<User> users;
    for (const auto& d : db_.Find(kUsers, filter, {.sort = {{field, dir}, {"_id", dir}}, .projection = kUserOnly,
                                                   .skip = f.page.offset(), .limit = f.page.limit}))
        users.push_back(UserFrom(d));
    return {std::move(users), db_.Count(kUsers, filter)};
}

std::vector<Revocation> MongoAuthStore::RevocationsSince(std::int64_t since, TimeMs now, int limit, bool& has_more) {
    RelayRevocations(std::nullopt);  // the feed includes every committed revocation, even one a crash stranded
    std::vector<Revocation> out;
    for (const auto& r : db_.Find(kRevocations, {{"seq", bj::object{{"$gt", since}}}, {"expiresAt", bj::object{{"$gt", now}}}},
                                  {.sort = {{"seq", 1}}, .limit = limit + 1}))
        out.push_back({Int(r, "seq"), Str(r, "_id"), Str(r, "userId"), Str(r, "reason"), Int(r, "revokedAt"),
                       Int(r, "expiresAt")});
    has_more = static_cast<int>(out.size()) > limit;
    if (has_more) out.pop_back();
    return out;
}

void MongoAuthStore::Sweep(TimeMs now) {
    TimeMs cutoff = now - kDay;
    db_.DeleteMany(kCounters, {{"updatedAt", bj::object{{"$lt", cutoff}}}});
    // The highest entry stays: a new seq is the highest plus one, and must never repeat a number a reader has seen.
    if (auto last = db_.FindOne(kRevocations, {}, {.sort = {{"seq", -1}}, .projection = {{"seq", 1}}}))
        db_.DeleteMany(kRevocations, {{"expiresAt", bj::object{{"$lt", now}}}, {"seq", bj::object{{"$lt", last->at("seq")}}}});
    // Sessions ended a day ago go with their refresh tokens; expired tokens a day after their expiry.
    auto before = bj::object{{"$lt", cutoff}};
    bj::object filter{{"$or", bj::array{bj::object{{"sessions.refreshExpiresAt", before}}, bj::object{{"sessions.revokedAt", before}},
                                        bj::object{{"refreshTokens.expiresAt", before}},
                                        bj::object{{"oneTimeTokens.expiresAt", before}}}}};
    shop::mongo::ChangeEach(db_, kUsers, filter, {{"sessions", 1}, {"refreshTokens", 1}, {"oneTimeTokens", 1}, {"rev", 1}},
                            [&](const bj::object& d) -> std::optional<bj::object> {
        auto ended = [&](const bj::object& s) {
            return Int(s, "refreshExpiresAt") < cutoff || OptInt(s, "revokedAt").value_or(now) < cutoff;
        };
        bj::array sessions, refresh, one_time;
        std::vector<std::string> kept;
        for (const auto& s : Array(d, "sessions"))
            if (!ended(s.as_object())) {
                sessions.push_back(s);
                kept.push_back(Str(s.as_object(), "id"));
            }
        for (const auto& t : Array(d, "refreshTokens"))
            if (Int(t.as_object(), "expiresAt") >= cutoff &&
                std::find(kept.begin(), kept.end(), Str(t.as_object(), "sessionId")) != kept.end())
                refresh.push_back(t);
        for (const auto& t : Array(d, "oneTimeTokens"))
            if (Int(t.as_object(), "expiresAt") >= cutoff) one_time.push_back(t);
        return bj::object{{"sessions", std::move(sessions)}, {"refreshTokens", std::move(refresh)},
                          {"oneTimeTokens", std::move(one_time)}, {"rev", Int(d, "rev") + 1}};
    }, "rev");
}

}  // namespace auth
