// Integration events leave Auth through the outbox: envelope, credential, order per aggregate, redelivery
// after failures, parking on 400. The subscriber is an in-process HTTP server built on shop::http::App.
#include <mutex>
#include <thread>

#include "auth_fixture.hpp"
#include "shop/http/app.hpp"

using namespace authtest;

namespace {

// A subscriber that records the events it accepts; `fail_next` answers 503 that many times first.
class EventSink {
public:
    EventSink() : port_(FreePort()) {
        settings_.service_name = "sink";
        settings_.host = "127.0.0.1";
        settings_.port = port_;
        settings_.http_threads = 2;
        settings_.http_idle_timeout_ms = 30'000;
        settings_.service_tokens["auth-service"] = kServiceToken;
        app_ = std::make_unique<shop::http::App>(settings_, metrics_);
        using namespace shop::http;
        app_->router().Add(Method::kPost, "/api/v1/internal/events", kService, [this](Request& req) {
            std::lock_guard lock(mutex_);
            if (fail_next > 0) {
                --fail_next;
                return ErrorResponse(shop::Error::Of(shop::ErrorCode::kDependencyUnavailable, "not now"));
            }
            auto event = boost::json::parse(req.body).as_object();
            if (reject_type == event.at("type").as_string())
                return ErrorResponse(shop::Error::Of(shop::ErrorCode::kValidationFailed, "rejected"));
            events.push_back(event);
            request_ids.push_back(std::string(req.Header("x-request-id").value_or("")));
            return Ok(boost::json::object{{"eventId", event.at("eventId")}, {"result", "processed"}});
        });
        thread_ = std::thread([this] { app_->Run(); });
        Eventually([&] { return Http("GET", url() + "/health").status == 200; });
    }
    ~EventSink() {
        app_->Stop();
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::vector<boost::json::object> For(const std::string& user_id) {
        std::lock_guard lock(mutex_);
        std::vector<boost::json::object> out;
        for (const auto& e : events)
            if (e.at("aggregateId").as_string() == user_id) out.push_back(e);
        return out;
    }

    std::mutex mutex_;
    std::vector<boost::json::object> events;
    std::vector<std::string> request_ids;
    int fail_next = 0;
    std::string reject_type;

private:
    int port_;
    shop::CommonSettings settings_;
    shop::Metrics metrics_;
    std::unique_ptr<shop::http::App> app_;
    std::thread thread_;
};

}  // namespace

class AuthEvents : public AuthTest {
protected:
    std::map<std::string, std::string> Env() override {
        auto env = AuthTest::Env();
        env["CUSTOMER_URL"] = sink.url();  // Order and Complaint stay unreachable: their UserErased copies wait
        return env;
    }
    EventSink sink;
};

TEST_F(AuthEvents, UserLifecycleEventsArriveInOrderWithTheEnvelopeAndCredential) {
    auto a = Register();
    auth->Put("/api/v1/auth/profile", R"({"fullName":"Asha Updated"})", Bearer(a.access));
    auth->Patch("/api/v1/auth/internal/users/" + a.id + "/active", R"({"isActive":false})", Svc());
    auth->Patch("/api/v1/auth/internal/users/" + a.id + "/active", R"({"isActive":true})", Svc());
    auth->Post("/api/v1/auth/internal/users/" + a.id + "/erase", "", Svc());
    ASSERT_TRUE(Eventually([&] { return sink.For(a.id).size() >= 6; })) << sink.For(a.id).size();
    auto events = sink.For(a.id);
    std::vector<std::string> types;
    std::int64_t last_version = 0;
    for (const auto& e : events) {
        std::string type(e.at("type").as_string());
        types.push_back(type);
        EXPECT_EQ(e.at("source").as_string(), "auth-service");
        EXPECT_EQ(e.at("schemaVersion").as_int64(), 1);
        EXPECT_EQ(e.at("eventId").as_string().size(), 36u);
        EXPECT_GE(e.at("aggregateVersion").as_int64(), last_version);
        last_version = e.at("aggregateVersion").as_int64();
    }
    std::vector<std::string> expected = {"UserRegistered", "UserUpdated", "UserDeactivated", "UserActivated",
                                         "UserDeactivated", "UserErased"};
    EXPECT_EQ(types, expected);
    const auto& registered = events[0].at("data").as_object();
    EXPECT_EQ(registered.at("email").as_string(), a.email);
    EXPECT_EQ(registered.at("role").as_string(), "Customer");
    const auto& updated = events[1].at("data").as_object();
    EXPECT_EQ(updated.at("changedFields").as_array()[0].as_string(), "fullName");
    EXPECT_EQ(events[4].at("data").at("reason").as_string(), "Erased");
    EXPECT_EQ(events.back().at("type").as_string(), "UserErased");
    std::lock_guard lock(sink.mutex_);
    for (std::size_t i = 0; i < sink.events.size(); ++i)  // X-Request-ID carries the originating request's id
        EXPECT_EQ(sink.request_ids[i], sink.events[i].at("requestId").as_string());
}

TEST_F(AuthEvents, FailedDeliveriesAreRetriedUntilAccepted) {
    {
        std::lock_guard lock(sink.mutex_);
        sink.fail_next = 2;
    }
    auto a = Register();
    ASSERT_TRUE(Eventually([&] { return sink.For(a.id).size() == 1; }, std::chrono::seconds(15)));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(sink.For(a.id).size(), 1u);  // delivered once it was accepted, not again
}

TEST_F(AuthEvents, EventsCommittedWhileTheSubscriberWasDownArriveAfterARestartOfAuth) {
    auto a = Register();
    ASSERT_TRUE(Eventually([&] { return sink.For(a.id).size() == 1; }));
    {
        std::lock_guard lock(sink.mutex_);
        sink.fail_next = 1'000'000;  // subscriber "down"
    }
    auth->Put("/api/v1/auth/profile", R"({"fullName":"Asha Later"})", Bearer(a.access));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auth->Stop(SIGKILL);
    {
        std::lock_guard lock(sink.mutex_);
        sink.fail_next = 0;  // back up
    }
    auth->Start();
    ASSERT_TRUE(Eventually([&] { return sink.For(a.id).size() == 2; }, std::chrono::seconds(15)));
    EXPECT_EQ(sink.For(a.id)[1].at("type").as_string(), "UserUpdated");
}

TEST_F(AuthEvents, ARejectedEventIsParkedAndLaterEventsStillFlow) {
    {
        std::lock_guard lock(sink.mutex_);
        sink.reject_type = "UserUpdated";
    }
    auto a = Register();
    auth->Put("/api/v1/auth/profile", R"({"fullName":"Asha Parked"})", Bearer(a.access));
    auth->Patch("/api/v1/auth/internal/users/" + a.id + "/active", R"({"isActive":false})", Svc());
    ASSERT_TRUE(Eventually([&] { return sink.For(a.id).size() == 2; }, std::chrono::seconds(10)));
    EXPECT_EQ(sink.For(a.id)[1].at("type").as_string(), "UserDeactivated");
}
