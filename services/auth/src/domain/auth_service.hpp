// The Auth service's use cases (API.md §4): plain C++ over AuthStore, no HTTP or SQL.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/model.hpp"
#include "shop/auth/jwt.hpp"
#include "shop/embedded.hpp"
#include "shop/json/reader.hpp"
#include "shop/rate_limit.hpp"
#include "shop/result.hpp"

namespace auth {

struct Policy {
    std::int64_t access_ttl_ms = 15 * 60'000;
    std::int64_t refresh_ttl_ms = 7 * 86'400'000LL;
    std::int64_t session_max_ms = 30 * 86'400'000LL;
    std::int64_t verify_ttl_ms = 48 * 3'600'000LL;
    std::int64_t reset_ttl_ms = 3'600'000;
    std::int64_t grace_ms = 30'000;
    int max_sessions = 50;
    int bcrypt_cost = 12;
    std::int64_t login_failures_per_email = 5;
    std::int64_t login_failures_per_ip = 20;
    std::int64_t register_per_ip_per_hour = 10;
    std::int64_t forgot_per_email_per_hour = 3;
    std::int64_t forgot_per_ip_per_hour = 20;
    std::int64_t token_checks_per_ip_per_hour = 30;
    std::int64_t resend_per_user_per_hour = 3;
    std::int64_t change_password_failures_per_user = 5;
    std::int64_t refresh_per_ip_per_min = 60;
    std::string web_app_url = "http://localhost:8080";
    std::string issuer = "rman-auth";
    std::string audience = "rman-api";
    std::string grace_key;  // 32 bytes: seals the successor pair during the refresh grace window
};

struct Context {
    std::string request_id;
    std::string ip;
    std::optional<std::string> user_agent;
};

struct AuthResult {
    User user;
    std::string access_token;
    std::string refresh_token;
    std::int64_t expires_in = 0;
    std::int64_t refresh_expires_in = 0;
};

struct NewUser {
    std::string email, password, full_name;
    std::optional<std::string> contact_number;
    std::optional<shop::json::Address> address;
};

// A partial update: unset = unchanged; for contact/address a set optional holding nullopt clears.
struct ProfilePatch {
    std::optional<std::string> full_name;
    std::optional<std::optional<std::string>> contact_number;
    std::optional<std::optional<shop::json::Address>> address;
    std::optional<shop::json::Settings> settings;
};

struct TokenCheck {
    bool valid = false;
    std::string reason;  // missing | invalid | expired | revoked | disabled
    std::string user_id, email, role, session_id;
    TimeMs exp = 0;
};

class AuthService {
public:
    AuthService(AuthStore& store, const shop::auth::Signer& signer, const shop::auth::Verifier& verifier, Policy policy,
                std::span<const shop::embedded::File> templates);

    shop::Result<AuthResult> Register(const NewUser& input, const Context& ctx);
    shop::Result<AuthResult> Login(const std::string& email, const std::string& password, const Context& ctx);
    shop::Result<AuthResult> Refresh(const std::string& refresh_token, const Context& ctx);
    void Logout(const std::string& refresh_token, const Context& ctx);
    shop::Result<std::int64_t> LogoutAll(const std::string& user_id, const Context& ctx);
    std::vector<Session> ActiveSessions(const std::string& user_id);
    shop::Status DeleteSession(const std::string& user_id, const std::string& session_id, const Context& ctx);

    shop::Result<User> VerifyEmail(const std::string& token, const Context& ctx);
    shop::Status ResendVerification(const std::string& user_id, const Context& ctx);
    shop::Result<AuthResult> ChangePassword(const std::string& user_id, const std::string& session_id,
                                            const std::string& current, const std::string& next, const Context& ctx);
    shop::Status ForgotPassword(const std::string& email, const Context& ctx);
    shop::Status ResetPassword(const std::string& token, const std::string& new_password, const Context& ctx);

    shop::Result<User> GetUser(const std::string& user_id);
    shop::Result<User> UpdateProfile(const std::string& user_id, const ProfilePatch& patch, const Context& ctx);

    shop::Result<User> CreateAdministrator(const NewUser& input, const Context& ctx);
    shop::Result<User> SetAdministratorActive(const std::string& actor_id, const std::string& user_id, bool active,
                                              const Context& ctx);
    shop::Result<User> SetActive(const std::string& user_id, bool active, const std::string& reason,
                                 const std::optional<std::string>& actor_id, const Context& ctx);
    shop::Result<User> Erase(const std::string& user_id, const std::optional<std::string>& actor_id, const Context& ctx);
    TokenCheck ValidateToken(std::optional<std::string_view> bearer);

    // Creates the bootstrap administrator when no account has that email (API.md §4.1).
    void Bootstrap(const std::string& email, const std::string& password, const std::string& full_name);

    const Policy& policy() const { return policy_; }

private:
    User NewAccount(const NewUser& in, const std::string& role, TimeMs now) const;
    shop::Result<User> InsertAccount(AuthTx& tx, User u, bool welcome, const std::string& request_id);
    shop::Result<AuthResult> OpenSession(AuthTx& tx, User& user, const Context& ctx, TimeMs now);
    AuthResult IssuePair(AuthTx& tx, const User& user, Session& session, TimeMs now, RefreshToken* previous,
                         std::optional<std::string> presigned = std::nullopt);
    std::string SignAccess(const User& user, const std::string& session_id, TimeMs now) const;
    void Revoke(AuthTx& tx, Session& s, const std::string& reason, TimeMs now);
    std::int64_t RevokeAll(AuthTx& tx, const std::string& user_id, const std::string& reason, TimeMs now,
                           const std::optional<std::string>& except = std::nullopt);
    shop::outbox::EmailMessage Email(const std::string& name, const User& u,
                                     std::vector<std::pair<std::string, std::string>> vars) const;
    std::string NewOneTimeToken(AuthTx& tx, const std::string& user_id, const std::string& kind, TimeMs now,
                                std::int64_t ttl);
    shop::outbox::EventMessage UserEvent(const std::string& type, const User& u, shop::json::bj::object data) const;
    std::optional<shop::Error> IpLimited(const std::string& scope, const std::string& ip, std::int64_t limit,
                                         std::int64_t window_ms);

    AuthStore& store_;
    const shop::auth::Signer& signer_;
    const shop::auth::Verifier& verifier_;
    Policy policy_;
    std::span<const shop::embedded::File> templates_;
    shop::SlidingLog ip_log_;
};

// The User object of API.md §4.2.
shop::json::bj::object UserJson(const User& u);
shop::json::bj::object EventUserSnapshot(const User& u);

}  // namespace auth
