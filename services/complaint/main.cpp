// The Complaint service (port 8003): complaints linked to orders, comments, assignment, resolution (API.md §7).

#include "api/routes.hpp"
#include "domain/complaint_service.hpp"
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
std::span<const File> Complaint();
}

namespace {

struct Settings {
    shop::CommonSettings common;
    shop::PeerSettings peer;
    complaint::Policy policy;
    shop::MailSettings mail;
    std::string order_url;
    std::vector<shop::outbox::Subscriber> subscribers;
};

Settings Load() {
    shop::Config env;
    Settings s;
    s.common = shop::CommonSettings::Load(env, "complaint-service", "complaint", 8003);
    s.peer = shop::PeerSettings::Load(env);
    s.policy.reopen_window_ms = env.DurationMs("REOPEN_WINDOW", "14d", 0);
    s.policy.web_app_url = s.common.web_app_url;
    s.mail = shop::MailSettings::Load(env);
    s.order_url = env.Str("ORDER_URL", "http://127.0.0.1:8002");
    s.subscribers = {{"customer-service", env.Str("CUSTOMER_URL", "http://127.0.0.1:8001"),
                      {"ComplaintRegistered", "ComplaintStatusChanged", "ComplaintDeleted", "ComplaintFeedbackGiven"}}};
    if (s.common.service_token.empty()) env.Fail("SERVICE_TOKEN", "is required (calls to Auth and Order, event delivery)");
    shop::FinishLoading(env, s.common);
    return s;
}

}  // namespace

int main() {
    return shop::RunService("complaint-service", [] {
        Settings s = Load();
        auto storage = shop::OpenStorage<complaint::ComplaintStore, complaint::SqliteComplaintStore, complaint::MongoComplaintStore>(
            s.common, shop::embedded::Complaint(), "complaint", shop::OutboxSpec{s.subscribers, s.mail.attempts(), "complaints"});
        auto& store = storage.store;
        auto& outbox = storage.outbox;

        shop::Metrics metrics;
        shop::auth::ServiceAuthentication authentication(s.peer.auth_url, s.common.service_token, s.peer.jwt,
                                                         s.peer.revocation_poll_ms);
        if (!authentication.LoadOnce()) shop::log::Warn("auth not reachable yet; not ready until keys and revocations load");
        shop::client::HttpClient order_client("order", s.order_url, s.common.service_token);

        complaint::HttpDirectory directory(order_client, authentication.client());
        complaint::ComplaintService service(*store, directory, s.policy, shop::embedded::Complaint());
        shop::outbox::UserDirectory users(authentication.client());
        shop::outbox::Dispatcher dispatcher(*outbox, s.mail.smtp, s.subscribers, s.common.service_token,
                                            {.email_retry_ms = s.mail.retry_ms}, metrics,
                                            [&users](const shop::outbox::Message& m) { return users.Resolve(m); });
        outbox->SetWakeUp([&dispatcher] { dispatcher.Wake(); });

        shop::http::App app(s.common, metrics);
        authentication.Install(app);
        app.AddDatabaseCheck([&store] { return store->PingMs(); });
        app.AddDependencyCheck("orderService", [&order_client] { return !order_client.circuit_open(); });
        app.AddReadinessCheck({"smtp", false, [&dispatcher] {
            return shop::http::CheckResult{dispatcher.smtp_ok() ? "up" : "degraded", {}};
        }});
        app.SetOpenApi(std::string(*shop::embedded::Find(shop::embedded::Complaint(), "openapi.json")), false);
        complaint::AddRoutes(app.router(), service);
        shop::outbox::AddDeliveryRoutes(app.router(), *outbox, "/api/v1/complaints",
                                        {"complaint_registered", "complaint_status_changed", "complaint_resolved", "complaint_reply"}, 8);

        authentication.Start();
        dispatcher.Start();
        app.Run();
        dispatcher.Stop();
        authentication.Stop();
        return 0;
    });
}
