// The Complaint service (port 8003): complaints linked to orders, comments, assignment, resolution (API.md §7).
#include <iostream>

#include "api/routes.hpp"
#include "domain/complaint_service.hpp"
#include "shop/auth/authenticator.hpp"
#include "shop/auth/remote.hpp"
#include "shop/http/app.hpp"
#include "shop/log.hpp"
#include "shop/outbox/dispatcher.hpp"
#include "shop/outbox/routes.hpp"
#include "shop/outbox/sqlite_outbox.hpp"
#include "shop/outbox/user_directory.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace shop::embedded {
std::span<const File> Complaint();
}

namespace {

struct Settings {
    shop::CommonSettings common;
    shop::auth::JwtSettings jwt;
    complaint::Policy policy;
    shop::mail::SmtpSettings smtp;
    std::vector<std::int64_t> email_retry;
    std::string auth_url, order_url;
    std::int64_t revocation_poll_ms = 2000;
    std::vector<shop::outbox::Subscriber> subscribers;
};

Settings Load() {
    shop::Config env;
    Settings s;
    s.common = shop::CommonSettings::Load(env, "complaint-service", "complaint", 8003);
    s.jwt = shop::auth::JwtSettings::Load(env);
    s.policy.reopen_window_ms = env.DurationMs("REOPEN_WINDOW", "14d", 0);
    s.policy.web_app_url = s.common.web_app_url;
    s.smtp = shop::mail::SmtpSettings::Load(env);
    s.email_retry = shop::outbox::ParseSchedule(env.List("EMAIL_RETRY_SCHEDULE", "1m,5m,15m,1h,3h,6h,12h"), env,
                                                "EMAIL_RETRY_SCHEDULE");
    s.auth_url = env.Str("AUTH_URL", "http://127.0.0.1:3001");
    s.order_url = env.Str("ORDER_URL", "http://127.0.0.1:8002");
    s.revocation_poll_ms = env.Int("REVOCATION_POLL_INTERVAL_MS", 2000, 100, 4000);
    s.subscribers = {{"customer-service", env.Str("CUSTOMER_URL", "http://127.0.0.1:8001"),
                      {"ComplaintRegistered", "ComplaintStatusChanged", "ComplaintDeleted"}}};
    if (s.common.service_token.empty()) env.Fail("SERVICE_TOKEN", "is required (calls to Auth and Order, event delivery)");
    env.Check();
    shop::log::Init(s.common.service_name, s.common.log_level, s.common.log_format);
    shop::log::Info("configuration", {{"settings", env.Summary()}});
    return s;
}

}  // namespace

int main() {
    shop::http::App::WatchSignals();
    Settings s;
    try {
        s = Load();
    } catch (const shop::ConfigError& e) {
        std::cerr << "complaint-service: " << e.what() << std::endl;
        return 2;
    }
    try {
        auto db = shop::sqlite::Open(s.common.database_url);
        db->Migrate(shop::embedded::Common(), "common");
        db->Migrate(shop::embedded::Complaint(), "complaint");

        shop::Metrics metrics;
        shop::client::HttpClient auth_client("auth", s.auth_url, s.common.service_token);
        shop::client::HttpClient order_client("order", s.order_url, s.common.service_token);
        shop::auth::Verifier verifier(s.jwt);
        shop::auth::RevocationList revocations;
        shop::auth::RemoteAuth remote(auth_client, verifier, revocations, s.revocation_poll_ms);
        if (!remote.LoadOnce()) shop::log::Warn("auth not reachable yet; not ready until keys and revocations load");

        int email_attempts = static_cast<int>(s.email_retry.size()) + 1;
        shop::outbox::SqliteOutbox outbox(*db, s.common.service_name, s.subscribers, email_attempts);
        complaint::SqliteComplaintStore store(*db, outbox);
        complaint::HttpDirectory directory(order_client, auth_client);
        complaint::ComplaintService service(store, directory, s.policy, shop::embedded::Complaint());
        shop::outbox::UserDirectory users(auth_client);
        shop::outbox::Dispatcher dispatcher(outbox, s.smtp, s.subscribers, s.common.service_token,
                                            {.email_retry_ms = s.email_retry}, metrics,
                                            [&users](const shop::outbox::Message& m) { return users.Resolve(m); });
        outbox.SetWakeUp([&dispatcher] { dispatcher.Wake(); });

        shop::auth::Authenticator authenticator(
            verifier, [&revocations](const shop::auth::Claims& c) { return revocations.IsRevoked(c.sid); },
            [&remote](const std::string& kid) { remote.OnUnknownKid(kid); });
        shop::http::App app(s.common, metrics);
        app.SetBearerVerifier([&](std::string_view token) { return authenticator.Authenticate(token); });
        app.AddReadinessCheck({"database", true, [&store] {
            return shop::http::CheckResult{"up", {{"latencyMs", store.PingMs()}}};
        }});
        app.AddReadinessCheck({"signingKeys", true, [&remote] { return remote.KeysCheck(); }});
        app.AddReadinessCheck({"revocations", true, [&remote] { return remote.RevocationsCheck(); }});
        app.AddReadinessCheck({"auth", false, [&auth_client] {
            return shop::http::CheckResult{auth_client.circuit_open() ? "down" : "up", {}};
        }});
        app.AddReadinessCheck({"orderService", false, [&order_client] {
            return shop::http::CheckResult{order_client.circuit_open() ? "down" : "up", {}};
        }});
        app.AddReadinessCheck({"smtp", false, [&dispatcher] {
            return shop::http::CheckResult{dispatcher.smtp_ok() ? "up" : "degraded", {}};
        }});
        app.SetOpenApi(std::string(*shop::embedded::Find(shop::embedded::Complaint(), "openapi.json")), false);
        complaint::AddRoutes(app.router(), service);
        shop::outbox::AddDeliveryRoutes(app.router(), outbox, "/api/v1/complaints",
                                        {"complaint_registered", "complaint_status_changed", "complaint_resolved", "complaint_reply"}, 8);

        remote.Start();
        dispatcher.Start();
        app.Run();
        dispatcher.Stop();
        remote.Stop();
        shop::log::Info("stopped");
        shop::log::Flush();
        return 0;
    } catch (const std::exception& e) {
        shop::log::Error("startup failed", {{"error", e.what()}});
        shop::log::Flush();
        std::cerr << "complaint-service: " << e.what() << std::endl;
        return 1;
    }
}
