// The Auth service's aggregates and the storage operations its domain logic needs.
// AuthStore::Atomically runs domain logic against an AuthTx inside one atomic unit (one SQLite transaction),
// so a check and the change it guards, with the emails and events it causes, commit together.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "shop/json/fields.hpp"
#include "shop/outbox/outbox.hpp"
#include "shop/time.hpp"

namespace auth {

using shop::TimeMs;

struct User {
    std::string id;
    std::string email;
    std::string password_hash;
    std::string full_name;
    std::optional<std::string> contact_number;
    std::optional<shop::json::Address> address;
    std::string role = "Customer";  // Customer | Administrator
    bool is_active = true;
    bool email_verified = false;
    bool erased = false;
    shop::json::Settings settings;
    std::optional<TimeMs> last_login_at;
    TimeMs created_at = 0;
    TimeMs updated_at = 0;
    std::int64_t version = 1;  // aggregateVersion of user events
};

struct Session {
    std::string id;
    std::string user_id;
    TimeMs created_at = 0;
    TimeMs last_used_at = 0;
    TimeMs expires_at = 0;          // absolute cap (30 days from login)
    TimeMs refresh_expires_at = 0;  // current refresh token
    std::optional<std::string> user_agent;
    std::string ip;
    std::optional<TimeMs> revoked_at;
    std::optional<std::string> revoke_reason;
};

struct RefreshToken {
    std::string hash;  // SHA-256 hex of the token
    std::string session_id;
    TimeMs issued_at = 0;
    TimeMs expires_at = 0;
    std::optional<TimeMs> rotated_at;
    std::optional<std::string> successor_hash;
    std::optional<std::string> successor_sealed;  // the successor pair, encrypted, kept for the grace window
};

struct OneTimeToken {
    std::string hash;
    std::string user_id;
    std::string kind;  // verify | reset
    TimeMs created_at = 0;
    TimeMs expires_at = 0;
    std::optional<TimeMs> used_at;
};

struct Revocation {
    std::int64_t seq = 0;
    std::string session_id, user_id, reason;
    TimeMs revoked_at = 0, expires_at = 0;
};

struct UserFilter {
    std::optional<std::string> role;
    std::optional<bool> is_active;
    std::optional<std::string> q;
    shop::json::PageRequest page;
};

// Storage operations available inside one atomic unit.
class AuthTx {
public:
    virtual ~AuthTx() = default;
    virtual std::optional<User> UserById(const std::string& id) = 0;
    virtual std::optional<User> UserByEmail(const std::string& email) = 0;
    virtual void InsertUser(const User& u) = 0;
    virtual void UpdateUser(const User& u) = 0;
    virtual std::int64_t CountActiveAdmins() = 0;

    virtual std::optional<Session> SessionById(const std::string& id) = 0;
    virtual std::vector<Session> ActiveSessions(const std::string& user_id, TimeMs now) = 0;
    virtual void InsertSession(const Session& s) = 0;
    virtual void UpdateSession(const Session& s) = 0;
    virtual std::optional<RefreshToken> RefreshByHash(const std::string& hash) = 0;
    virtual void InsertRefresh(const RefreshToken& t) = 0;
    virtual void UpdateRefresh(const RefreshToken& t) = 0;
    virtual void ClearExpiredGrace(const std::string& session_id) = 0;
    virtual void AddRevocation(const Revocation& r) = 0;

    virtual std::optional<OneTimeToken> OneTimeByHash(const std::string& hash) = 0;
    virtual void InsertOneTime(const OneTimeToken& t) = 0;
    virtual void UseOneTime(const std::string& hash, TimeMs now) = 0;
    virtual void InvalidateOneTime(const std::string& user_id, const std::string& kind, TimeMs now) = 0;
    virtual void DeleteOneTime(const std::string& user_id) = 0;

    // Security counters that must hold across instances (API.md §1.13).
    virtual std::vector<TimeMs> CounterEvents(const std::string& scope, const std::string& key, TimeMs since) = 0;
    virtual void AddCounterEvent(const std::string& scope, const std::string& key, TimeMs at) = 0;
    virtual void ClearCounter(const std::string& scope, const std::string& key) = 0;

    virtual void Emit(const shop::outbox::Effects& effects) = 0;
};

class AuthStore {
public:
    virtual ~AuthStore() = default;

    template <class T>
    shop::Result<T> Atomically(const std::function<shop::Result<T>(AuthTx&)>& fn) {
        std::optional<shop::Result<T>> out;
        RunAtomic([&](AuthTx& tx) {
            out.emplace(fn(tx));
            return out->ok();
        });
        return std::move(*out);
    }
    template <class T>
    T Read(const std::function<T(AuthTx&)>& fn) {
        std::optional<T> out;
        RunRead([&](AuthTx& tx) { out.emplace(fn(tx)); });
        return std::move(*out);
    }

    virtual std::pair<std::vector<User>, std::int64_t> ListUsers(const UserFilter& f) = 0;
    virtual std::vector<Revocation> RevocationsSince(std::int64_t since, TimeMs now, int limit, bool& has_more) = 0;
    // Called after a transaction that added revocation entries has committed.
    void OnRevocation(std::function<void()> callback) { on_revocation_ = std::move(callback); }
    virtual void Sweep(TimeMs now) = 0;  // drops expired tokens, counters and revocation entries
    virtual std::int64_t PingMs() = 0;

protected:
    std::function<void()> on_revocation_;
    virtual void RunAtomic(const std::function<bool(AuthTx&)>& fn) = 0;
    virtual void RunRead(const std::function<void(AuthTx&)>& fn) = 0;
};

}  // namespace auth
