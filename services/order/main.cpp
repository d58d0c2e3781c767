// The Order service (port 8002): product catalogue, orders, the order state machine, returns (API.md §6).
#include <fstream>
#include <iostream>
#include <sstream>

#include "api/routes.hpp"
#include "domain/order_service.hpp"
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
std::span<const File> Order();
}

namespace {

struct Settings {
    shop::CommonSettings common;
    shop::auth::JwtSettings jwt;
    order::Policy policy;
    shop::mail::SmtpSettings smtp;
    std::vector<std::int64_t> email_retry;
    std::string auth_url, catalog_file;
    std::int64_t revocation_poll_ms = 2000;
    std::vector<shop::outbox::Subscriber> subscribers;
};

Settings Load() {
    shop::Config env;
    Settings s;
    s.common = shop::CommonSettings::Load(env, "order-service", "order", 8002);
    s.jwt = shop::auth::JwtSettings::Load(env);
    s.policy.return_window_ms = env.DurationMs("RETURN_WINDOW", "30d", 0);
    s.policy.web_app_url = s.common.web_app_url;
    s.smtp = shop::mail::SmtpSettings::Load(env);
    s.email_retry = shop::outbox::ParseSchedule(env.List("EMAIL_RETRY_SCHEDULE", "1m,5m,15m,1h,3h,6h,12h"), env,
                                                "EMAIL_RETRY_SCHEDULE");
    s.auth_url = env.Str("AUTH_URL", "http://127.0.0.1:3001");
    s.catalog_file = env.Str("PRODUCT_CATALOG_FILE", "");
    s.revocation_poll_ms = env.Int("REVOCATION_POLL_INTERVAL_MS", 2000, 100, 4000);
    s.subscribers = {{"customer-service", env.Str("CUSTOMER_URL", "http://127.0.0.1:8001"),
                      {"OrderPlaced", "OrderStatusChanged", "OrderDeleted"}}};
    if (s.common.service_token.empty()) env.Fail("SERVICE_TOKEN", "is required (calls to Auth and event delivery)");
    env.Check();
    shop::log::Init(s.common.service_name, s.common.log_level, s.common.log_format);
    shop::log::Info("configuration", {{"settings", env.Summary()}});
    return s;
}

std::string CatalogText(const std::string& file) {
    if (file.empty()) return std::string(*shop::embedded::Find(shop::embedded::Order(), "data/products.json"));
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot read PRODUCT_CATALOG_FILE " + file);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

int main() {
    shop::http::App::WatchSignals();
    Settings s;
    try {
        s = Load();
    } catch (const shop::ConfigError& e) {
        std::cerr << "order-service: " << e.what() << std::endl;
        return 2;
    }
    try {
        auto catalog = order::Catalog::FromJson(CatalogText(s.catalog_file));
        auto db = shop::sqlite::Open(s.common.database_url);
        db->Migrate(shop::embedded::Common(), "common");
        db->Migrate(shop::embedded::Order(), "order");

        shop::Metrics metrics;
        shop::client::HttpClient auth_client("auth", s.auth_url, s.common.service_token);
        shop::auth::Verifier verifier(s.jwt);
        shop::auth::RevocationList revocations;
        shop::auth::RemoteAuth remote(auth_client, verifier, revocations, s.revocation_poll_ms);
        if (!remote.LoadOnce()) shop::log::Warn("auth not reachable yet; not ready until keys and revocations load");

        int email_attempts = static_cast<int>(s.email_retry.size()) + 1;
        shop::outbox::SqliteOutbox outbox(*db, s.common.service_name, s.subscribers, email_attempts);
        order::SqliteOrderStore store(*db, outbox);
        order::OrderService service(store, catalog, s.policy, shop::embedded::Order());
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
        app.AddReadinessCheck({"smtp", false, [&dispatcher] {
            return shop::http::CheckResult{dispatcher.smtp_ok() ? "up" : "degraded", {}};
        }});
        app.SetOpenApi(std::string(*shop::embedded::Find(shop::embedded::Order(), "openapi.json")), false);
        order::AddRoutes(app.router(), service, catalog);
        shop::outbox::AddDeliveryRoutes(app.router(), outbox, "/api/v1/orders",
                                        {"order_confirmation", "order_status_changed", "return_approved", "return_rejected"}, 8);

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
        std::cerr << "order-service: " << e.what() << std::endl;
        return 1;
    }
}
