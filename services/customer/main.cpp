// The Customer service (port 8001): customer records kept in step with Auth, totals from order and complaint
// events, admin customer management, the timeline (API.md §5).
#include <iostream>

#include "api/routes.hpp"
#include "domain/customer_service.hpp"
#include "shop/auth/authenticator.hpp"
#include "shop/auth/remote.hpp"
#include "shop/http/app.hpp"
#include "shop/log.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace shop::embedded {
std::span<const File> Customer();
}

namespace {

struct Settings {
    shop::CommonSettings common;
    shop::auth::JwtSettings jwt;
    std::string auth_url, order_url, complaint_url;
    std::int64_t revocation_poll_ms = 2000;
};

Settings Load() {
    shop::Config env;
    Settings s;
    s.common = shop::CommonSettings::Load(env, "customer-service", "customer", 8001);
    s.jwt = shop::auth::JwtSettings::Load(env);
    s.auth_url = env.Str("AUTH_URL", "http://127.0.0.1:3001");
    s.order_url = env.Str("ORDER_URL", "http://127.0.0.1:8002");
    s.complaint_url = env.Str("COMPLAINT_URL", "http://127.0.0.1:8003");
    s.revocation_poll_ms = env.Int("REVOCATION_POLL_INTERVAL_MS", 2000, 100, 4000);
    if (s.common.service_token.empty()) env.Fail("SERVICE_TOKEN", "is required (calls to Auth, Order, Complaint)");
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
        std::cerr << "customer-service: " << e.what() << std::endl;
        return 2;
    }
    try {
        auto db = shop::sqlite::Open(s.common.database_url);
        db->Migrate(shop::embedded::Common(), "common");
        db->Migrate(shop::embedded::Customer(), "customer");

        shop::Metrics metrics;
        shop::client::HttpClient auth_client("auth", s.auth_url, s.common.service_token);
        shop::client::HttpClient order_client("order", s.order_url, s.common.service_token);
        shop::client::HttpClient complaint_client("complaint", s.complaint_url, s.common.service_token);
        shop::auth::Verifier verifier(s.jwt);
        shop::auth::RevocationList revocations;
        shop::auth::RemoteAuth remote(auth_client, verifier, revocations, s.revocation_poll_ms);
        if (!remote.LoadOnce()) shop::log::Warn("auth not reachable yet; not ready until keys and revocations load");

        customer::SqliteCustomerStore store(*db);
        customer::HttpAuthGateway gateway(auth_client);
        customer::CustomerService service(store, gateway);

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
        for (auto* dep : {&auth_client, &order_client, &complaint_client}) {
            std::string name = dep->name() == "auth" ? "auth" : dep->name() + "Service";
            app.AddReadinessCheck({name, false, [dep] {
                return shop::http::CheckResult{dep->circuit_open() ? "down" : "up", {}};
            }});
        }
        app.SetOpenApi(std::string(*shop::embedded::Find(shop::embedded::Customer(), "openapi.json")), false);
        customer::AddRoutes(app.router(), service, order_client, complaint_client);

        remote.Start();
        app.Run();
        remote.Stop();
        shop::log::Info("stopped");
        shop::log::Flush();
        return 0;
    } catch (const std::exception& e) {
        shop::log::Error("startup failed", {{"error", e.what()}});
        shop::log::Flush();
        std::cerr << "customer-service: " << e.what() << std::endl;
        return 1;
    }
}
