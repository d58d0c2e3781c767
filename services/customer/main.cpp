// The Customer service (port 8001): customer records kept in step with Auth, totals from order and complaint
// events, admin customer management, the timeline (API.md §5).

#include "api/routes.hpp"
#include "domain/customer_service.hpp"
#include "shop/auth/remote.hpp"
#include "shop/http/app.hpp"
#include "shop/log.hpp"
#include "shop/service.hpp"
#include "shop/storage/engine.hpp"
#include "storage/mongo/mongo_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace shop::embedded {
std::span<const File> Customer();
}

namespace {

struct Settings {
    shop::CommonSettings common;
    shop::PeerSettings peer;
    std::string order_url, complaint_url;
};

Settings Load() {
    shop::Config env;
    Settings s;
    s.common = shop::CommonSettings::Load(env, "customer-service", "customer", 8001);
    s.peer = shop::PeerSettings::Load(env);
    s.order_url = env.Str("ORDER_URL", "http://127.0.0.1:8002");
    s.complaint_url = env.Str("COMPLAINT_URL", "http://127.0.0.1:8003");
    if (s.common.service_token.empty()) env.Fail("SERVICE_TOKEN", "is required (calls to Auth, Order, Complaint)");
    shop::FinishLoading(env, s.common);
    return s;
}

}  // namespace

int main() {
    return shop::RunService("customer-service", [] {
        Settings s = Load();
        auto storage = shop::OpenStorage<customer::CustomerStore, customer::SqliteCustomerStore, customer::MongoCustomerStore>(
            s.common, shop::embedded::Customer(), "customer", std::nullopt);
        auto& store = storage.store;

        shop::Metrics metrics;
        shop::auth::ServiceAuthentication authentication(s.peer.auth_url, s.common.service_token, s.peer.jwt,
                                                         s.peer.revocation_poll_ms);
        if (!authentication.LoadOnce()) shop::log::Warn("auth not reachable yet; not ready until keys and revocations load");
        shop::client::HttpClient order_client("order", s.order_url, s.common.service_token);
        shop::client::HttpClient complaint_client("complaint", s.complaint_url, s.common.service_token);

        customer::HttpAuthGateway gateway(authentication.client());
        customer::CustomerService service(*store, gateway);

        shop::http::App app(s.common, metrics);
        authentication.Install(app);
        app.AddDatabaseCheck([&store] { return store->PingMs(); });
        app.AddDependencyCheck("orderService", [&order_client] { return !order_client.circuit_open(); });
        app.AddDependencyCheck("complaintService", [&complaint_client] { return !complaint_client.circuit_open(); });
        app.SetOpenApi(std::string(*shop::embedded::Find(shop::embedded::Customer(), "openapi.json")), false);
        customer::AddRoutes(app.router(), service, order_client, complaint_client);

        authentication.Start();
        app.Run();
        authentication.Stop();
        return 0;
    });
}
