// The Order service (port 8002): product catalogue, orders, the order state machine, returns (API.md §6).
#include <fstream>
#include <sstream>

#include "api/routes.hpp"
#include "domain/order_service.hpp"
#include "shop/auth/remote.hpp"
#include "shop/http/app.hpp"
#include "shop/log.hpp"
#include "shop/service.hpp"
#include "shop/storage/engine.hpp"
#include "shop/outbox/dispatcher.hpp"
#include "shop/outbox/routes.hpp"
#include "shop/outbox/user_directory.hpp"
#include "storage/mongo/mongo_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace shop::embedded {
std::span<const File> Order();
}

namespace {

struct Settings {
    shop::CommonSettings common;
    shop::PeerSettings peer;
    order::Policy policy;
    shop::MailSettings mail;
    std::string catalog_file;
    std::vector<shop::outbox::Subscriber> subscribers;
};

Settings Load() {
    shop::Config env;
    Settings s;
    s.common = shop::CommonSettings::Load(env, "order-service", "order", 8002);
    s.peer = shop::PeerSettings::Load(env);
    s.policy.return_window_ms = env.DurationMs("RETURN_WINDOW", "30d", 0);
    s.policy.web_app_url = s.common.web_app_url;
    s.mail = shop::MailSettings::Load(env);
    s.catalog_file = env.Str("PRODUCT_CATALOG_FILE", "");
    s.subscribers = {{"customer-service", env.Str("CUSTOMER_URL", "http://127.0.0.1:8001"),
                      {"OrderPlaced", "OrderStatusChanged", "OrderDeleted"}}};
    if (s.common.service_token.empty()) env.Fail("SERVICE_TOKEN", "is required (calls to Auth and event delivery)");
    shop::FinishLoading(env, s.common);
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
    return shop::RunService("order-service", [] {
        Settings s = Load();
        auto catalog = order::Catalog::FromJson(CatalogText(s.catalog_file));
        auto storage = shop::OpenStorage<order::OrderStore, order::SqliteOrderStore, order::MongoOrderStore>(
            s.common, shop::embedded::Order(), "order", shop::OutboxSpec{s.subscribers, s.mail.attempts(), "orders"});
        auto& store = storage.store;
        auto& outbox = storage.outbox;

        shop::Metrics metrics;
        shop::auth::ServiceAuthentication authentication(s.peer.auth_url, s.common.service_token, s.peer.jwt,
                                                         s.peer.revocation_poll_ms);
        if (!authentication.LoadOnce()) shop::log::Warn("auth not reachable yet; not ready until keys and revocations load");

        order::OrderService service(*store, catalog, s.policy, shop::embedded::Order());
        shop::outbox::UserDirectory users(authentication.client());
        shop::outbox::Dispatcher dispatcher(*outbox, s.mail.smtp, s.subscribers, s.common.service_token,
                                            {.email_retry_ms = s.mail.retry_ms}, metrics,
                                            [&users](const shop::outbox::Message& m) { return users.Resolve(m); });
        outbox->SetWakeUp([&dispatcher] { dispatcher.Wake(); });

        shop::http::App app(s.common, metrics);
        authentication.Install(app);
        app.AddDatabaseCheck([&store] { return store->PingMs(); });
        app.AddReadinessCheck({"smtp", false, [&dispatcher] {
            return shop::http::CheckResult{dispatcher.smtp_ok() ? "up" : "degraded", {}};
        }});
        app.SetOpenApi(std::string(*shop::embedded::Find(shop::embedded::Order(), "openapi.json")), false);
        order::AddRoutes(app.router(), service, catalog);
        shop::outbox::AddDeliveryRoutes(app.router(), *outbox, "/api/v1/orders",
                                        {"order_confirmation", "order_status_changed", "return_approved", "return_rejected"}, 8);

        authentication.Start();
        dispatcher.Start();
        app.Run();
        dispatcher.Stop();
        authentication.Stop();
        return 0;
    });
}
