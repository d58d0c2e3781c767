#include "domain/auth_service.hpp"

#include <algorithm>

#include "domain/passwords.hpp"
#include "shop/crypto.hpp"
#include "shop/log.hpp"
#include "shop/mail/smtp.hpp"

namespace auth {

using shop::Error;
using shop::ErrorCode;
using shop::Result;
using shop::json::bj::object;

namespace {

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kHour = 3'600'000;

std::string HashToken(const std::string& token) { return shop::crypto::Sha256Hex(token); }

Error InvalidCredentials() { return Error::Of(ErrorCode::kUnauthenticated, "Invalid email or password."); }
Error InvalidToken() {
    return Error::Of(ErrorCode::kInvalidToken, "This link is invalid or has expired; please request a new one.", "token");
}

bool SessionActive(const Session& s, TimeMs now) {
    return !s.revoked_at && s.expires_at > now && s.refresh_expires_at > now;
}

}  // namespace

object UserJson(const User& u) {
    auto ts = [](const std::optional<TimeMs>& t) {
        return t ? shop::json::bj::value(shop::FormatTimestamp(*t)) : shop::json::bj::value(nullptr);
    };
    return {{"id", u.id},
            {"email", u.email},
            {"fullName", u.full_name},
            {"contactNumber", shop::json::OrNull(u.contact_number)},
            {"address", u.address ? shop::json::ToJson(*u.address) : shop::json::bj::value(nullptr)},
            {"role", u.role},
            {"isActive", u.is_active},
            {"emailVerified", u.email_verified},
            {"settings", shop::json::ToJson(u.settings)},
            {"lastLoginAt", ts(u.last_login_at)},
            {"createdAt", shop::FormatTimestamp(u.created_at)},
            {"updatedAt", shop::FormatTimestamp(u.updated_at)}};
}

object EventUserSnapshot(const User& u) {
    return {{"userId", u.id},
            {"email", u.email},
            {"fullName", u.full_name},
            {"contactNumber", shop::json::OrNull(u.contact_number)},
            {"address", u.address ? shop::json::ToJson(*u.address) : shop::json::bj::value(nullptr)}};
}

AuthService::AuthService(AuthStore& store, const shop::auth::Signer& signer, const shop::auth::Verifier& verifier,
                         Policy policy, std::span<const shop::embedded::File> templates)
    : store_(store), signer_(signer), verifier_(verifier), policy_(std::move(policy)), templates_(templates) {}

std::optional<Error> AuthService::IpLimited(const std::string& scope, const std::string& ip, std::int64_t limit,
                                            std::int64_t window_ms) {
    std::string key = scope + ":" + ip;
    if (auto wait = ip_log_.Blocked(key, limit, window_ms)) return Error::RateLimited(*wait);
    ip_log_.Add(key);
    return std::nullopt;
}

shop::outbox::EmailMessage AuthService::Email(const std::string& name, const User& u,
                                              std::vector<std::pair<std::string, std::string>> vars) const {
    vars.emplace_back("name", u.full_name);
    vars.emplace_back("email", u.email);
    vars.emplace_back("forgotUrl", policy_.web_app_url + "/forgot-password");
    auto rendered = shop::mail::RenderEmail(templates_, name, vars);
    return {name, u.id, u.email, std::nullopt, "user", u.id, rendered.subject, rendered.text, rendered.html};
}

shop::outbox::EventMessage AuthService::UserEvent(const std::string& type, const User& u, object data) const {
    return {type, u.id, u.version, std::move(data)};
}

std::string AuthService::NewOneTimeToken(AuthTx& tx, const std::string& user_id, const std::string& kind, TimeMs now,
                                         std::int64_t ttl) {
    std::string token = shop::crypto::RandomToken();
    tx.InsertOneTime({HashToken(token), user_id, kind, now, now + ttl, std::nullopt});
    return token;
}

std::string AuthService::SignAccess(const User& user, const std::string& session_id, TimeMs now) const {
    shop::auth::Claims c;
    c.iss = policy_.issuer;
    c.aud = policy_.audience;
    c.sub = user.id;
    c.email = user.email;
    c.name = user.full_name;
    c.role = user.role;
    c.sid = session_id;
    c.jti = shop::crypto::NewUuid();
    c.iat = now / 1000;
    c.exp = (now + policy_.access_ttl_ms) / 1000;
    return signer_.Sign(c);
}

// An RSA signature costs about a millisecond: callers on hot paths sign before the transaction (`presigned`)
// so the single writer never waits on it.
AuthResult AuthService::IssuePair(AuthTx& tx, const User& user, Session& session, TimeMs now, RefreshToken* previous,
                                  std::optional<std::string> presigned) {
    AuthResult r;
    r.user = user;
    r.access_token = presigned ? std::move(*presigned) : SignAccess(user, session.id, now);
    r.refresh_token = shop::crypto::RandomToken();
    TimeMs refresh_expires = std::min(now + policy_.refresh_ttl_ms, session.expires_at);
    RefreshToken t{HashToken(r.refresh_token), session.id, now, refresh_expires, std::nullopt, std::nullopt, std::nullopt};
    tx.InsertRefresh(t);
    session.last_used_at = now;
    session.refresh_expires_at = refresh_expires;
    tx.UpdateSession(session);
    r.expires_in = policy_.access_ttl_ms / 1000;
    r.refresh_expires_in = (refresh_expires - now) / 1000;
    if (previous) {
        // Keep the new pair, sealed, for the grace window: a concurrent refresh with the old token gets it back.
        previous->rotated_at = now;
        previous->successor_hash = t.hash;
        previous->successor_sealed = shop::crypto::Seal(
            policy_.grace_key, shop::json::Serialize(object{{"accessToken", r.access_token}, {"refreshToken", r.refresh_token}}));
        tx.UpdateRefresh(*previous);
    }
    return r;
}

Result<AuthResult> AuthService::OpenSession(AuthTx& tx, User& user, const Context& ctx, TimeMs now) {
    auto active = tx.ActiveSessions(user.id, now);
    if (static_cast<int>(active.size()) >= policy_.max_sessions) {
        std::sort(active.begin(), active.end(), [](const Session& a, const Session& b) { return a.last_used_at < b.last_used_at; });
        for (std::size_t i = 0; i + policy_.max_sessions <= active.size(); ++i) Revoke(tx, active[i], "SessionLimit", now);
    }
    Session s;
    s.id = shop::crypto::NewUuid();
    s.user_id = user.id;
    s.created_at = now;
    s.last_used_at = now;
    s.expires_at = now + policy_.session_max_ms;
    s.refresh_expires_at = now;
    s.ip = ctx.ip;
    if (ctx.user_agent) s.user_agent = ctx.user_agent->substr(0, 256);
    tx.InsertSession(s);
    return IssuePair(tx, user, s, now, nullptr);
}

void AuthService::Revoke(AuthTx& tx, Session& s, const std::string& reason, TimeMs now) {
    if (s.revoked_at) return;
    s.revoked_at = now;
    s.revoke_reason = reason;
    tx.UpdateSession(s);
    // No access token of the session outlives this entry: TTL plus a minute of leeway.
    tx.AddRevocation({0, s.id, s.user_id, reason, now, now + policy_.access_ttl_ms + kMinute});
}

std::int64_t AuthService::RevokeAll(AuthTx& tx, const std::string& user_id, const std::string& reason, TimeMs now,
                                    const std::optional<std::string>& except) {
    std::int64_t n = 0;
    for (auto& s : tx.ActiveSessions(user_id, now)) {
        if (except && s.id == *except) continue;
        Revoke(tx, s, reason, now);
        ++n;
    }
    return n;
}

// Inserts a new account (email unique), with UserRegistered and, unless `welcome` is false, the welcome email
// carrying a verification link.
Result<User> AuthService::InsertAccount(AuthTx& tx, User u, bool welcome, const std::string& request_id) {
    if (tx.UserByEmail(u.email))
        return Error::Of(ErrorCode::kEmailTaken, "An account with this email already exists.", "email");
    u.id = shop::crypto::NewUuid();
    tx.InsertUser(u);
    shop::outbox::Effects fx{request_id};
    if (welcome) {
        std::string verify = NewOneTimeToken(tx, u.id, "verify", u.created_at, policy_.verify_ttl_ms);
        fx.emails.push_back(Email("welcome", u, {{"verifyUrl", policy_.web_app_url + "/verify-email?token=" + verify},
                                                 {"verifyHours", std::to_string(policy_.verify_ttl_ms / kHour)}}));
    }
    object data = EventUserSnapshot(u);
    data["role"] = u.role;
    data["createdAt"] = shop::FormatTimestamp(u.created_at);
    fx.events.push_back(UserEvent("UserRegistered", u, std::move(data)));
    tx.Emit(fx);
    return u;
}

User AuthService::NewAccount(const NewUser& in, const std::string& role, TimeMs now) const {
    User u;
    u.email = in.email;
    u.password_hash = HashPassword(in.password, policy_.bcrypt_cost);
    u.full_name = in.full_name;
    u.contact_number = in.contact_number;
    u.address = in.address;
    u.role = role;
    u.created_at = u.updated_at = now;
    return u;
}

Result<AuthResult> AuthService::Register(const NewUser& in, const Context& ctx) {
    if (auto limited = IpLimited("register", ctx.ip, policy_.register_per_ip_per_hour, kHour)) return *limited;
    TimeMs now = shop::NowMs();
    User account = NewAccount(in, "Customer", now);
    account.last_login_at = now;
    return store_.Atomically<AuthResult>([&](AuthTx& tx) -> Result<AuthResult> {
        auto u = InsertAccount(tx, account, true, ctx.request_id);
        if (!u) return u.error();
        return OpenSession(tx, *u, ctx, now);
    });
}

Result<AuthResult> AuthService::Login(const std::string& email, const std::string& password, const Context& ctx) {
    TimeMs now = shop::NowMs();
    const std::int64_t window = 15 * kMinute;
    auto failures = store_.Read<std::vector<TimeMs>>(
        [&](AuthTx& tx) { return tx.CounterEvents("login_email", email, now - window); });
    if (policy_.login_failures_per_email > 0 &&
        static_cast<std::int64_t>(failures.size()) >= policy_.login_failures_per_email)
        return Error::RateLimited(shop::RetryAfterSeconds(failures, policy_.login_failures_per_email, window, now));
    std::string ip_key = "login_fail:" + ctx.ip;
    if (auto wait = ip_log_.Blocked(ip_key, policy_.login_failures_per_ip, window)) return Error::RateLimited(*wait);

    auto user = store_.Read<std::optional<User>>([&](AuthTx& tx) { return tx.UserByEmail(email); });
    bool ok = false;
    if (user) ok = VerifyPassword(password, user->password_hash);
    else DummyVerify(password, policy_.bcrypt_cost);
    if (!ok) {
        ip_log_.Add(ip_key);
        (void)store_.Atomically<shop::Ok>([&](AuthTx& tx) -> Result<shop::Ok> {
            tx.AddCounterEvent("login_email", email, shop::NowMs());
            return shop::Ok{};
        });
        return InvalidCredentials();
    }
    if (!user->is_active)
        return Error::Of(ErrorCode::kAccountDisabled, "This account is disabled. Please contact customer support.");
    return store_.Atomically<AuthResult>([&](AuthTx& tx) -> Result<AuthResult> {
        auto current = tx.UserById(user->id);
        if (!current || !current->is_active)
            return Error::Of(ErrorCode::kAccountDisabled, "This account is disabled. Please contact customer support.");
        tx.ClearCounter("login_email", email);
        current->last_login_at = now;
        tx.UpdateUser(*current);
        return OpenSession(tx, *current, ctx, now);
    });
}

Result<AuthResult> AuthService::Refresh(const std::string& token, const Context& ctx) {
    if (auto limited = IpLimited("refresh", ctx.ip, policy_.refresh_per_ip_per_min, kMinute)) return *limited;
    TimeMs now = shop::NowMs();
    std::string hash = HashToken(token);
    // Sign outside the transaction when the token looks current; the transaction re-checks everything.
    std::optional<std::string> presigned;
    std::optional<User> signed_for;
    store_.Read<int>([&](AuthTx& tx) {
        auto t = tx.RefreshByHash(hash);
        if (!t || t->rotated_at) return 0;
        auto s = tx.SessionById(t->session_id);
        auto u = s ? tx.UserById(s->user_id) : std::nullopt;
        if (!s || s->revoked_at || !u || !u->is_active) return 0;
        presigned = SignAccess(*u, s->id, now);
        signed_for = u;
        return 0;
    });
    bool reuse = false;
    auto result = store_.Atomically<AuthResult>([&](AuthTx& tx) -> Result<AuthResult> {
        auto t = tx.RefreshByHash(hash);
        if (!t) return Error::Of(ErrorCode::kUnauthenticated, "Unknown refresh token");
        auto s = tx.SessionById(t->session_id);
        if (!s) return Error::Of(ErrorCode::kUnauthenticated, "Unknown refresh token");
        auto u = tx.UserById(s->user_id);
        if (s->revoked_at || !u || !u->is_active)
            return Error::Of(ErrorCode::kTokenRevoked, "This session has been revoked; please sign in again");
        if (t->rotated_at) {
            if (now - *t->rotated_at <= policy_.grace_ms && t->successor_hash && t->successor_sealed) {
                auto successor = tx.RefreshByHash(*t->successor_hash);
                auto pair_json = shop::crypto::Open(policy_.grace_key, *t->successor_sealed);
                if (successor && !successor->rotated_at && pair_json) {
                    auto pair = shop::json::ParseStrict(*pair_json);
                    AuthResult r;
                    r.user = *u;
                    r.access_token = std::string(pair->at("accessToken").as_string());
                    r.refresh_token = std::string(pair->at("refreshToken").as_string());
                    r.expires_in = std::max<std::int64_t>(0, (successor->issued_at + policy_.access_ttl_ms - now) / 1000);
                    r.refresh_expires_in = (successor->expires_at - now) / 1000;
                    return r;
                }
            }
            // Reuse of a rotated token: the family is compromised.
            Revoke(tx, *s, "TokenReuse", now);
            shop::outbox::Effects fx{ctx.request_id};
            fx.emails.push_back(Email("security_notice", *u, {{"detectedAt", shop::FormatTimestamp(now)}}));
            tx.Emit(fx);
            reuse = true;
            return AuthResult{};  // commits the revocation; the caller answers TOKEN_REVOKED
        }
        if (t->expires_at <= now || s->expires_at <= now)
            return Error::Of(ErrorCode::kTokenExpired, "Refresh token expired; please sign in again");
        tx.ClearExpiredGrace(s->id);
        bool same_claims = signed_for && signed_for->full_name == u->full_name && signed_for->email == u->email &&
                           signed_for->role == u->role;
        return IssuePair(tx, *u, *s, now, &*t, same_claims ? presigned : std::nullopt);
    });
    if (reuse) return Error::Of(ErrorCode::kTokenRevoked, "This refresh token was already used; the session has been revoked");
    return result;
}

void AuthService::Logout(const std::string& token, const Context&) {
    TimeMs now = shop::NowMs();
    (void)store_.Atomically<shop::Ok>([&](AuthTx& tx) -> Result<shop::Ok> {
        auto t = tx.RefreshByHash(HashToken(token));
        if (!t) return shop::Ok{};
        auto s = tx.SessionById(t->session_id);
        if (s) Revoke(tx, *s, "Logout", now);
        return shop::Ok{};
    });
}

Result<std::int64_t> AuthService::LogoutAll(const std::string& user_id, const Context&) {
    TimeMs now = shop::NowMs();
    return store_.Atomically<std::int64_t>(
        [&](AuthTx& tx) -> Result<std::int64_t> { return RevokeAll(tx, user_id, "LogoutAll", now); });
}

std::vector<Session> AuthService::ActiveSessions(const std::string& user_id) {
    TimeMs now = shop::NowMs();
    return store_.Read<std::vector<Session>>([&](AuthTx& tx) { return tx.ActiveSessions(user_id, now); });
}

shop::Status AuthService::DeleteSession(const std::string& user_id, const std::string& session_id, const Context&) {
    TimeMs now = shop::NowMs();
    return store_.Atomically<shop::Ok>([&](AuthTx& tx) -> Result<shop::Ok> {
        auto s = tx.SessionById(session_id);
        if (!s || s->user_id != user_id || !SessionActive(*s, now)) return Error::NotFound("Session not found");
        Revoke(tx, *s, "SessionDeleted", now);
        return shop::Ok{};
    });
}

Result<User> AuthService::VerifyEmail(const std::string& token, const Context& ctx) {
    if (auto limited = IpLimited("token_check", ctx.ip, policy_.token_checks_per_ip_per_hour, kHour)) return *limited;
    TimeMs now = shop::NowMs();
    return store_.Atomically<User>([&](AuthTx& tx) -> Result<User> {
        auto t = tx.OneTimeByHash(HashToken(token));
        if (!t || t->kind != "verify" || t->used_at || t->expires_at <= now) return InvalidToken();
        auto u = tx.UserById(t->user_id);
        if (!u) return InvalidToken();
        tx.UseOneTime(t->hash, now);
        if (!u->email_verified) {
            u->email_verified = true;
            u->updated_at = now;
            tx.UpdateUser(*u);
        }
        return *u;
    });
}

shop::Status AuthService::ResendVerification(const std::string& user_id, const Context& ctx) {
    TimeMs now = shop::NowMs();
    return store_.Atomically<shop::Ok>([&](AuthTx& tx) -> Result<shop::Ok> {
        auto u = tx.UserById(user_id);
        if (!u) return Error::NotFound("User not found");
        if (u->email_verified) return Error::Of(ErrorCode::kConflict, "Your email address is already verified.");
        auto recent = tx.CounterEvents("resend", user_id, now - kHour);
        if (policy_.resend_per_user_per_hour > 0 &&
            static_cast<std::int64_t>(recent.size()) >= policy_.resend_per_user_per_hour)
            return Error::RateLimited(shop::RetryAfterSeconds(recent, policy_.resend_per_user_per_hour, kHour, now));
        tx.AddCounterEvent("resend", user_id, now);
        tx.InvalidateOneTime(user_id, "verify", now);
        std::string verify = NewOneTimeToken(tx, user_id, "verify", now, policy_.verify_ttl_ms);
        shop::outbox::Effects fx{ctx.request_id};
        fx.emails.push_back(Email("email_verification", *u,
                                  {{"verifyUrl", policy_.web_app_url + "/verify-email?token=" + verify},
                                   {"verifyHours", std::to_string(policy_.verify_ttl_ms / kHour)}}));
        tx.Emit(fx);
        return shop::Ok{};
    });
}

Result<AuthResult> AuthService::ChangePassword(const std::string& user_id, const std::string& session_id,
                                               const std::string& current, const std::string& next, const Context& ctx) {
    TimeMs now = shop::NowMs();
    const std::int64_t window = 15 * kMinute;
    auto failures = store_.Read<std::vector<TimeMs>>(
        [&](AuthTx& tx) { return tx.CounterEvents("change_password", user_id, now - window); });
    if (policy_.change_password_failures_per_user > 0 &&
        static_cast<std::int64_t>(failures.size()) >= policy_.change_password_failures_per_user)
        return Error::RateLimited(shop::RetryAfterSeconds(failures, policy_.change_password_failures_per_user, window, now));
    auto user = store_.Read<std::optional<User>>([&](AuthTx& tx) { return tx.UserById(user_id); });
    if (!user) return Error::NotFound("User not found");
    if (!VerifyPassword(current, user->password_hash)) {
        (void)store_.Atomically<shop::Ok>([&](AuthTx& tx) -> Result<shop::Ok> {
            tx.AddCounterEvent("change_password", user_id, shop::NowMs());
            return shop::Ok{};
        });
        return Error::Of(ErrorCode::kValidationFailed, "Current password is incorrect.", "currentPassword");
    }
    if (current == next)
        return Error::Of(ErrorCode::kValidationFailed, "must differ from the current password", "newPassword");
    std::string hash = HashPassword(next, policy_.bcrypt_cost);
    return store_.Atomically<AuthResult>([&](AuthTx& tx) -> Result<AuthResult> {
        auto u = tx.UserById(user_id);
        auto s = tx.SessionById(session_id);
        if (!u || !s || s->revoked_at) return Error::Of(ErrorCode::kTokenRevoked, "This session has been revoked");
        u->password_hash = hash;
        u->updated_at = now;
        tx.UpdateUser(*u);
        tx.ClearCounter("change_password", user_id);
        RevokeAll(tx, user_id, "PasswordChanged", now, session_id);
        tx.ClearExpiredGrace(s->id);
        auto result = IssuePair(tx, *u, *s, now, nullptr);
        shop::outbox::Effects fx{ctx.request_id};
        fx.emails.push_back(Email("password_changed", *u, {{"changedAt", shop::FormatTimestamp(now)}}));
        tx.Emit(fx);
        return result;
    });
}

shop::Status AuthService::ForgotPassword(const std::string& email, const Context& ctx) {
    if (auto limited = IpLimited("forgot", ctx.ip, policy_.forgot_per_ip_per_hour, kHour)) return *limited;
    TimeMs now = shop::NowMs();
    // Same answer whatever happens below: no account enumeration.
    (void)store_.Atomically<shop::Ok>([&](AuthTx& tx) -> Result<shop::Ok> {
        auto u = tx.UserByEmail(email);
        if (!u || !u->is_active) return shop::Ok{};
        auto recent = tx.CounterEvents("forgot", email, now - kHour);
        if (policy_.forgot_per_email_per_hour > 0 &&
            static_cast<std::int64_t>(recent.size()) >= policy_.forgot_per_email_per_hour)
            return shop::Ok{};
        tx.AddCounterEvent("forgot", email, now);
        std::string token = NewOneTimeToken(tx, u->id, "reset", now, policy_.reset_ttl_ms);
        shop::outbox::Effects fx{ctx.request_id};
        fx.emails.push_back(Email("password_reset", *u,
                                  {{"resetUrl", policy_.web_app_url + "/reset-password?token=" + token},
                                   {"resetMinutes", std::to_string(policy_.reset_ttl_ms / kMinute)}}));
        tx.Emit(fx);
        return shop::Ok{};
    });
    return shop::Ok{};
}

shop::Status AuthService::ResetPassword(const std::string& token, const std::string& new_password, const Context& ctx) {
    if (auto limited = IpLimited("token_check", ctx.ip, policy_.token_checks_per_ip_per_hour, kHour)) return *limited;
    TimeMs now = shop::NowMs();
    std::string hash = HashToken(token);
    auto check = [&](AuthTx& tx) -> Result<User> {
        auto t = tx.OneTimeByHash(hash);
        if (!t || t->kind != "reset" || t->used_at || t->expires_at <= now) return InvalidToken();
        auto u = tx.UserById(t->user_id);
        if (!u || !u->is_active) return InvalidToken();
        return *u;
    };
    auto user = store_.Read<Result<User>>(check);
    if (!user) return user.error();
    if (auto problem = shop::json::PasswordProblem(new_password, user->email))
        return Error::Validation({{"newPassword", *problem}});
    std::string password_hash = HashPassword(new_password, policy_.bcrypt_cost);
    return store_.Atomically<shop::Ok>([&](AuthTx& tx) -> Result<shop::Ok> {
        auto u = check(tx);  // still valid now that the hash is ready (single use under concurrency)
        if (!u) return u.error();
        u->password_hash = password_hash;
        u->email_verified = true;
        u->updated_at = now;
        tx.UpdateUser(*u);
        tx.UseOneTime(hash, now);
        tx.InvalidateOneTime(u->id, "reset", now);
        tx.ClearCounter("login_email", u->email);
        RevokeAll(tx, u->id, "PasswordReset", now);
        shop::outbox::Effects fx{ctx.request_id};
        fx.emails.push_back(Email("password_changed", *u, {{"changedAt", shop::FormatTimestamp(now)}}));
        tx.Emit(fx);
        return shop::Ok{};
    });
}

Result<User> AuthService::GetUser(const std::string& user_id) {
    auto u = store_.Read<std::optional<User>>([&](AuthTx& tx) { return tx.UserById(user_id); });
    if (!u) return Error::NotFound("User not found");
    return *u;
}

Result<User> AuthService::UpdateProfile(const std::string& user_id, const ProfilePatch& patch, const Context& ctx) {
    TimeMs now = shop::NowMs();
    return store_.Atomically<User>([&](AuthTx& tx) -> Result<User> {
        auto u = tx.UserById(user_id);
        if (!u) return Error::NotFound("User not found");
        shop::json::bj::array changed;
        if (patch.full_name && *patch.full_name != u->full_name) {
            u->full_name = *patch.full_name;
            changed.push_back("fullName");
        }
        if (patch.contact_number && *patch.contact_number != u->contact_number) {
            u->contact_number = *patch.contact_number;
            changed.push_back("contactNumber");
        }
        if (patch.address) {
            auto before = u->address ? shop::json::Serialize(shop::json::ToJson(*u->address)) : "";
            auto after = *patch.address ? shop::json::Serialize(shop::json::ToJson(**patch.address)) : "";
            if (before != after) {
                u->address = *patch.address;
                changed.push_back("address");
            }
        }
        if (patch.settings) u->settings = *patch.settings;
        u->updated_at = now;
        if (!changed.empty()) ++u->version;
        tx.UpdateUser(*u);
        if (!changed.empty()) {
            object data = EventUserSnapshot(*u);
            data["changedFields"] = std::move(changed);
            data["updatedAt"] = shop::FormatTimestamp(now);
            shop::outbox::Effects fx{ctx.request_id};
            fx.events.push_back(UserEvent("UserUpdated", *u, std::move(data)));
            tx.Emit(fx);
        }
        return *u;
    });
}

Result<User> AuthService::CreateAdministrator(const NewUser& in, const Context& ctx) {
    User account = NewAccount(in, "Administrator", shop::NowMs());
    return store_.Atomically<User>([&](AuthTx& tx) { return InsertAccount(tx, account, true, ctx.request_id); });
}

Result<User> AuthService::SetAdministratorActive(const std::string& actor_id, const std::string& user_id, bool active,
                                                 const Context& ctx) {
    auto target = GetUser(user_id);
    if (!target) return target.error();
    if (target->role != "Administrator")
        return Error::Of(ErrorCode::kConflict, "Customers are activated and deactivated through the Customer service.");
    if (user_id == actor_id) return Error::Of(ErrorCode::kConflict, "You cannot change your own account's status.");
    return SetActive(user_id, active, "AdminAction", actor_id, ctx);
}

Result<User> AuthService::SetActive(const std::string& user_id, bool active, const std::string& reason,
                                    const std::optional<std::string>& actor_id, const Context& ctx) {
    TimeMs now = shop::NowMs();
    return store_.Atomically<User>([&](AuthTx& tx) -> Result<User> {
        auto u = tx.UserById(user_id);
        if (!u) return Error::NotFound("User not found");
        if (u->is_active == active) return *u;  // idempotent: no effects
        if (!active && u->role == "Administrator" && tx.CountActiveAdmins() <= 1)
            return Error::Of(ErrorCode::kConflict, "The last active administrator cannot be deactivated.");
        if (active && u->erased) return Error::Of(ErrorCode::kConflict, "An erased account cannot be reactivated.");
        u->is_active = active;
        u->updated_at = now;
        ++u->version;
        tx.UpdateUser(*u);
        shop::outbox::Effects fx{ctx.request_id};
        object data{{"userId", u->id}, {"role", u->role}, {"actorId", shop::json::OrNull(actor_id)},
                    {"occurredAt", shop::FormatTimestamp(now)}};
        if (!active) {
            RevokeAll(tx, u->id, "UserDeactivated", now);
            data["reason"] = reason;
            fx.events.push_back(UserEvent("UserDeactivated", *u, std::move(data)));
        } else {
            fx.events.push_back(UserEvent("UserActivated", *u, std::move(data)));
        }
        tx.Emit(fx);
        return *u;
    });
}

Result<User> AuthService::Erase(const std::string& user_id, const std::optional<std::string>& actor_id,
                                const Context& ctx) {
    TimeMs now = shop::NowMs();
    return store_.Atomically<User>([&](AuthTx& tx) -> Result<User> {
        auto u = tx.UserById(user_id);
        if (!u) return Error::NotFound("User not found");
        if (u->role == "Administrator") return Error::Of(ErrorCode::kConflict, "Administrator accounts cannot be erased.");
        if (u->erased) return *u;
        bool was_active = u->is_active;
        u->email = "erased+" + u->id + "@erased.invalid";
        u->full_name = "Erased User";
        u->contact_number.reset();
        u->address.reset();
        u->is_active = false;
        u->erased = true;
        u->password_hash = kUnusableHash;
        u->updated_at = now;
        shop::outbox::Effects fx{ctx.request_id};
        if (was_active) {
            ++u->version;
            fx.events.push_back(UserEvent("UserDeactivated", *u,
                                          {{"userId", u->id}, {"role", u->role}, {"reason", "Erased"},
                                           {"actorId", shop::json::OrNull(actor_id)},
                                           {"occurredAt", shop::FormatTimestamp(now)}}));
        }
        ++u->version;
        fx.events.push_back(UserEvent("UserErased", *u, {{"userId", u->id}, {"erasedAt", shop::FormatTimestamp(now)}}));
        tx.UpdateUser(*u);
        RevokeAll(tx, u->id, "UserErased", now);
        tx.DeleteOneTime(u->id);
        tx.Emit(fx);
        return *u;
    });
}

TokenCheck AuthService::ValidateToken(std::optional<std::string_view> bearer) {
    TokenCheck r;
    if (!bearer || bearer->empty()) {
        r.reason = "missing";
        return r;
    }
    auto verified = verifier_.Verify(*bearer);
    if (!verified) {
        r.reason = "invalid";
        return r;
    }
    const auto& c = verified->claims;
    auto state = store_.Read<std::pair<std::optional<Session>, std::optional<User>>>(
        [&](AuthTx& tx) { return std::make_pair(tx.SessionById(c.sid), tx.UserById(c.sub)); });
    if (!state.second || !state.second->is_active) r.reason = "disabled";
    else if (!state.first || state.first->revoked_at) r.reason = "revoked";
    else if (c.exp + 30 < shop::NowMs() / 1000) r.reason = "expired";
    else {
        r.valid = true;
        r.user_id = c.sub;
        r.email = c.email;
        r.role = c.role;
        r.session_id = c.sid;
        r.exp = c.exp * 1000;
    }
    return r;
}

void AuthService::Bootstrap(const std::string& email, const std::string& password, const std::string& full_name) {
    if (store_.Read<std::optional<User>>([&](AuthTx& tx) { return tx.UserByEmail(email); })) return;
    User account = NewAccount({email, password, full_name, std::nullopt, std::nullopt}, "Administrator", shop::NowMs());
    account.email_verified = true;
    auto created = store_.Atomically<User>([&](AuthTx& tx) { return InsertAccount(tx, account, false, "bootstrap"); });
    if (created) shop::log::Info("bootstrap administrator created", {{"userId", created->id}, {"email", email}});
}

}  // namespace auth
