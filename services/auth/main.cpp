// The Auth service (port 3001): users, credentials, sessions, tokens, signing keys (API.md §4).
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/routes.hpp"
#include "domain/auth_service.hpp"
#include "shop/auth/authenticator.hpp"
#include "shop/auth/revocations.hpp"
#include "shop/crypto.hpp"
#include "shop/http/app.hpp"
#include "shop/log.hpp"
#include "shop/service.hpp"
#include "shop/outbox/dispatcher.hpp"
#include "shop/outbox/routes.hpp"
#include "shop/storage/engine.hpp"
#include "storage/mongo/mongo_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace shop::embedded {
std::span<const File> Auth();
}

namespace {

struct Settings {
    shop::CommonSettings common;
    auth::Policy policy;
    shop::auth::JwtSettings jwt;
    std::string jwt_key_file;
    shop::MailSettings mail;
    std::string admin_email, admin_password, admin_name;
    int bcrypt_threads = 1;
    std::int64_t revocation_poll_ms = 2000;
    std::vector<shop::outbox::Subscriber> subscribers;
};

std::string ReadFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A development secret kept under DATA_DIR, generated on first run (never committed).
std::string GeneratedSecret(const std::string& path, const std::function<std::string()>& make) {
    if (std::filesystem::exists(path)) return ReadFile(path);
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::string value = make();
    {
        std::ofstream out(path);
        out << value;
    }
    chmod(path.c_str(), 0600);
    shop::log::Info("generated development secret", {{"file", path}});
    return value;
}

Settings Load() {
    shop::Config env;
    Settings s;
    s.common = shop::CommonSettings::Load(env, "auth-service", "auth", 3001);
    auto& p = s.policy;
    p.access_ttl_ms = env.DurationMs("ACCESS_TOKEN_TTL", env.Opt("JWT_EXPIRATION").value_or("15m"), 1000);
    p.refresh_ttl_ms = env.DurationMs("REFRESH_TOKEN_TTL", "7d", 1000);
    p.session_max_ms = env.DurationMs("SESSION_MAX_AGE", "30d", 1000);
    p.verify_ttl_ms = env.DurationMs("VERIFY_TOKEN_TTL", "48h", 1000);
    p.reset_ttl_ms = env.DurationMs("RESET_TOKEN_TTL", "1h", 1000);
    p.grace_ms = env.DurationMs("REFRESH_GRACE", "30s", 0);
    p.max_sessions = static_cast<int>(env.Int("MAX_SESSIONS_PER_USER", 50, 1, 1000));
    p.bcrypt_cost = static_cast<int>(env.Int("BCRYPT_COST", 12, 4, 15));
    p.login_failures_per_email = env.Int("LOGIN_FAILURES_PER_EMAIL", 5, 0, 1'000'000);
    p.login_failures_per_ip = env.Int("LOGIN_FAILURES_PER_IP", 20, 0, 1'000'000);
    p.register_per_ip_per_hour = env.Int("REGISTER_PER_IP_PER_HOUR", 10, 0, 1'000'000);
    p.forgot_per_email_per_hour = env.Int("FORGOT_PER_EMAIL_PER_HOUR", 3, 0, 1'000'000);
    p.forgot_per_ip_per_hour = env.Int("FORGOT_PER_IP_PER_HOUR", 20, 0, 1'000'000);
    p.token_checks_per_ip_per_hour = env.Int("TOKEN_CHECKS_PER_IP_PER_HOUR", 30, 0, 1'000'000);
    p.resend_per_user_per_hour = env.Int("RESEND_PER_USER_PER_HOUR", 3, 0, 1'000'000);
    p.change_password_failures_per_user = env.Int("CHANGE_PASSWORD_FAILURES_PER_USER", 5, 0, 1'000'000);
    p.refresh_per_ip_per_min = env.Int("REFRESH_PER_IP_PER_MIN", 60, 0, 1'000'000);
    p.web_app_url = s.common.web_app_url;
    s.bcrypt_threads = static_cast<int>(env.Int("BCRYPT_THREADS", 1, 1, 64));
    s.revocation_poll_ms = env.Int("REVOCATION_POLL_INTERVAL_MS", 2000, 100, 4000);

    s.jwt = shop::auth::JwtSettings::Load(env);
    p.issuer = s.jwt.issuer;
    p.audience = s.jwt.audience;
    s.jwt_key_file = env.Str("JWT_PRIVATE_KEY_FILE", "");

    s.mail = shop::MailSettings::Load(env);
    s.admin_email = env.Str("ADMIN_EMAIL", "");
    env.Secret("ADMIN_PASSWORD");
    s.admin_password = env.Str("ADMIN_PASSWORD", "");
    s.admin_name = env.Str("ADMIN_FULL_NAME", "Administrator");
    if (!s.admin_email.empty() || !s.admin_password.empty()) {
        auto email = shop::json::CheckEmail(s.admin_email);
        if (!email) env.Fail("ADMIN_EMAIL", "must be a valid email address");
        else s.admin_email = *email;
        if (s.admin_password.size() < 8 || s.admin_password.size() > 72)
            env.Fail("ADMIN_PASSWORD", "must be 8-72 bytes");
        else if (auto problem = shop::json::PasswordProblem(s.admin_password, s.admin_email))
            env.Fail("ADMIN_PASSWORD", *problem);
    }
    std::string customer = env.Str("CUSTOMER_URL", "http://127.0.0.1:8001");
    std::string order = env.Str("ORDER_URL", "http://127.0.0.1:8002");
    std::string complaint = env.Str("COMPLAINT_URL", "http://127.0.0.1:8003");
    s.subscribers = {
        {"customer-service", customer,
         {"UserRegistered", "UserUpdated", "UserDeactivated", "UserActivated", "UserErased"}},
        {"order-service", order, {"UserErased"}},
        {"complaint-service", complaint, {"UserErased"}},
    };
    shop::FinishLoading(env, s.common);
    return s;
}

}  // namespace

int main() {
    return shop::RunService("auth-service", [] {
        Settings s = Load();
        std::unique_ptr<shop::auth::Signer> signer;
        // The key sealing the refresh grace pair is derived from a supplied signing key, so Auth replicas that
        // share JWT_PRIVATE_KEY_FILE or JWT_SECRET answer each other's grace-window retries; otherwise generated.
        std::optional<std::string> supplied_key;
        if (s.jwt.algorithm == "HS256") {
            shop::log::Warn("JWT_ALGORITHM=HS256 is for development only; JWKS is empty");
            signer = shop::auth::Signer::Hs256(s.jwt.hs_secret);
            supplied_key = s.jwt.hs_secret;
        } else {
            if (!s.jwt_key_file.empty()) supplied_key = ReadFile(s.jwt_key_file);
            signer = shop::auth::Signer::Rs256FromPem(
                supplied_key ? *supplied_key : GeneratedSecret(s.common.data_dir + "/jwt-private.pem", shop::auth::GenerateRsaPrivateKeyPem));
        }
        s.policy.grace_key = shop::crypto::Sha256(
            supplied_key ? "refresh-grace-key\n" + *supplied_key
                         : GeneratedSecret(s.common.data_dir + "/refresh-grace.key", [] { return shop::crypto::RandomToken(); }));

        shop::auth::Verifier verifier(s.jwt);
        if (s.jwt.algorithm == "RS256") verifier.LoadJwks(signer->Jwks());

        auto storage = shop::OpenStorage<auth::AuthStore, auth::SqliteAuthStore, auth::MongoAuthStore>(
            s.common, shop::embedded::Auth(), "auth", shop::OutboxSpec{s.subscribers, s.mail.attempts(), "users"});
        auto& store = *storage.store;
        auto& outbox = *storage.outbox;
        auth::AuthService service(store, *signer, verifier, s.policy, shop::embedded::Auth());
        if (!s.admin_email.empty()) service.Bootstrap(s.admin_email, s.admin_password, s.admin_name);

        shop::Metrics metrics;
        shop::outbox::Dispatcher dispatcher(outbox, s.mail.smtp, s.subscribers, s.common.service_token,
                                            {.email_retry_ms = s.mail.retry_ms}, metrics);
        outbox.SetWakeUp([&dispatcher] { dispatcher.Wake(); });

        // Revoked sessions are held in memory: refreshed right after every local revocation commits and
        // polled from the database for revocations made by other instances.
        shop::auth::RevocationList revocations;
        auto load_revocations = [&store, &revocations] {
            bool more = true;
            while (more) {
                shop::TimeMs now = shop::NowMs();
                std::vector<shop::auth::RevocationEntry> entries;
                for (const auto& r : store.RevocationsSince(revocations.last_seq(), now, 1000, more))
                    entries.push_back({r.seq, r.session_id, r.expires_at});
                revocations.Apply(entries, now);
            }
        };
        load_revocations();
        store.OnRevocation(load_revocations);
        shop::auth::Authenticator authenticator(verifier, [&revocations](const shop::auth::Claims& c) {
            return revocations.IsRevoked(c.sid);
        });
        shop::http::App app(s.common, metrics);
        app.SetOffloadThreads(s.bcrypt_threads);
        app.SetBearerVerifier([&](std::string_view token) { return authenticator.Authenticate(token); });
        app.AddDatabaseCheck([&store] { return store.PingMs(); });
        app.AddReadinessCheck({"signingKeys", true, [&signer] {
            return shop::http::CheckResult{"up", {{"kid", signer->kid()}}};
        }});
        app.AddReadinessCheck({"smtp", false, [&dispatcher] {
            return shop::http::CheckResult{dispatcher.smtp_ok() ? "up" : "degraded", {}};
        }});
        app.AddReadinessCheck({"outbox", false, [&outbox] {
            return shop::http::CheckResult{"up", {{"pendingEmails", outbox.Pending("email")},
                                                  {"pendingEvents", outbox.Pending("event")}}};
        }});
        app.SetOpenApi(std::string(*shop::embedded::Find(shop::embedded::Auth(), "openapi.json")), true);
        auth::AddRoutes(app.router(), service, store, *signer);
        shop::outbox::AddDeliveryRoutes(
            app.router(), outbox, "/api/v1/auth",
            {"welcome", "email_verification", "password_reset", "password_changed", "security_notice"}, 8);

        dispatcher.Start();
        std::mutex housekeeping_mutex;
        std::condition_variable housekeeping_cv;
        bool running = true;
        std::thread housekeeping([&] {
            int ticks = 0;
            while (true) {
                {
                    std::unique_lock lock(housekeeping_mutex);
                    if (housekeeping_cv.wait_for(lock, std::chrono::milliseconds(s.revocation_poll_ms),
                                                 [&] { return !running; }))
                        break;
                }
                try {
                    load_revocations();
                    ticks += static_cast<int>(s.revocation_poll_ms);
                    if (ticks >= 60'000) {
                        ticks = 0;
                        store.Sweep(shop::NowMs());
                    }
                } catch (const std::exception& e) {
                    shop::log::Error("housekeeping failed", {{"error", e.what()}});
                }
            }
        });
        app.Run();
        {
            std::lock_guard lock(housekeeping_mutex);
            running = false;
        }
        housekeeping_cv.notify_all();
        housekeeping.join();
        dispatcher.Stop();
        return 0;
    });
}
