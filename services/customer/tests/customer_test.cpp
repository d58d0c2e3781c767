// The Customer service with the real auth, order and customer binaries wired as in production.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "shop/testing/fixtures.hpp"

using namespace shop::testing;
namespace bj = boost::json;

namespace {

const std::string kServiceToken = "customer-test-service-token-0123456789abcdef";
const std::string kAddress =
    R"({"street":"12 MG Road","city":"Bengaluru","state":"Karnataka","zipCode":"560001","country":"IN"})";


struct User {
    std::string id, email, access, refresh;
};

}  // namespace

class CustomerTest : public ::testing::Test {
protected:
    std::map<std::string, std::string> Env() {
        return {{"SMTP_PORT", std::to_string(MailEnvironment::mail->smtp_port())},
                {"SERVICE_TOKEN", kServiceToken},
                {"RATE_LIMIT_USER_PER_MIN", "0"},
                {"RATE_LIMIT_IP_PER_MIN", "0"},
                {"REVOCATION_POLL_INTERVAL_MS", "500"},
                {"AUTH_URL", "http://127.0.0.1:" + std::to_string(auth_port)},
                {"CUSTOMER_URL", "http://127.0.0.1:" + std::to_string(customer_port)},
                {"ORDER_URL", "http://127.0.0.1:" + std::to_string(order_port)},
                {"COMPLAINT_URL", "http://127.0.0.1:" + std::to_string(FreePort())}};
    }
    void SetUp() override {
        auto a = Env();
        a["PORT"] = std::to_string(auth_port);
        a["BCRYPT_COST"] = "4";
        a["ADMIN_EMAIL"] = admin_email;
        a["ADMIN_PASSWORD"] = "Admin12345";
        a["REGISTER_PER_IP_PER_HOUR"] = "0";
        a["LOGIN_FAILURES_PER_IP"] = "0";
        auth = std::make_unique<Service>(AUTH_BINARY, a, "auth");
        auto c = Env();
        c["PORT"] = std::to_string(customer_port);
        customers = std::make_unique<Service>(CUSTOMER_BINARY, c, "customer");
        auto o = Env();
        o["PORT"] = std::to_string(order_port);
        orders = std::make_unique<Service>(ORDER_BINARY, o, "order");
        ASSERT_TRUE(Eventually([&] { return customers->Get("/health/ready").status == 200; })) << customers->Log();
        ASSERT_TRUE(Eventually([&] { return orders->Get("/health/ready").status == 200; }));
        admin = Login(admin_email, "Admin12345");
    }

    User Login(const std::string& email, const std::string& password) {
        auto r = auth->Post("/api/v1/auth/login", bj::serialize(bj::object{{"email", email}, {"password", password}}));
        EXPECT_EQ(r.status, 200) << r.body;
        return {r.Str("data.user.id"), email, r.Str("data.accessToken"), r.Str("data.refreshToken")};
    }
    User Register(const std::string& name = "Asha Rao", const std::string& phone = "+91 98450 12345") {
        User u;
        u.email = UniqueEmail("cust");
        auto r = auth->Post("/api/v1/auth/register", bj::serialize(bj::object{{"email", u.email}, {"password", "Secret123"},
                                                                              {"fullName", name}, {"contactNumber", phone}}));
        EXPECT_EQ(r.status, 201) << r.body;
        return {r.Str("data.user.id"), u.email, r.Str("data.accessToken"), r.Str("data.refreshToken")};
    }
    // The record as the list shows it (the list never creates records: only events do).
    HttpResponse Listed(const User& u) {
        return customers->Get("/api/v1/customers/search?status=Active,Inactive,Deleted&q=" + u.id, Bearer(admin.access));
    }
    bool RecordArrives(const User& u, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        return Eventually([&] { return Listed(u).Str("data.total") == "1"; }, timeout);
    }
    std::string Field(const User& u, const std::string& name) {
        auto r = customers->Get("/api/v1/customers/" + u.id, Bearer(admin.access));
        return r.Str("data." + name);
    }
    Headers Svc() { return {{"X-Service-Token", kServiceToken}}; }

    int auth_port = FreePort(), customer_port = FreePort(), order_port = FreePort();
    std::string admin_email = UniqueEmail("admin");
    std::unique_ptr<Service> auth, customers, orders;
    User admin;
};

TEST_F(CustomerTest, RegistrationCreatesTheRecordThroughTheEvent) {
    auto u = Register("Asha Rao");
    ASSERT_TRUE(RecordArrives(u)) << customers->Log();
    auto r = customers->Get("/api/v1/customers/" + u.id, Bearer(admin.access));
    EXPECT_EQ(r.Str("data.email"), u.email);
    EXPECT_EQ(r.Str("data.fullName"), "Asha Rao");
    EXPECT_EQ(r.Str("data.accountStatus"), "Active");
    EXPECT_EQ(r.Str("data.totalOrders"), "0");
    EXPECT_NE(r.body.find(R"("totalSpent":0.00)"), std::string::npos);
    EXPECT_EQ(r.Header("etag"), "\"1\"");
    auto timeline = customers->Get("/api/v1/customers/" + u.id + "/timeline", Bearer(admin.access));
    EXPECT_EQ(timeline.Str("data.total"), "1");
    EXPECT_EQ(timeline.Data().at("items").as_array()[0].at("type").as_string(), "CustomerRegistered");
}

TEST_F(CustomerTest, ARecordRegisteredWhileTheServiceWasDownAppearsAfterRestart) {
    customers->Stop();
    auto u = Register();
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    customers->Start();
    EXPECT_TRUE(RecordArrives(u, std::chrono::seconds(15))) << customers->Log();
}

TEST_F(CustomerTest, TotalsFollowOrdersExactlyAndRedeliveryChangesNothing) {
    auto u = Register();
    ASSERT_TRUE(RecordArrives(u));
    auto placed = orders->Post("/api/v1/orders", R"({"items":[{"productId":"P-1001","quantity":2}],"deliveryAddress":)" + kAddress + "}",
                               Bearer(u.access));
    ASSERT_EQ(placed.status, 201) << placed.body;
    std::string order_id = placed.Str("data.id");
    ASSERT_TRUE(Eventually([&] { return Field(u, "totalOrders") == "1"; })) << customers->Log();
    EXPECT_NE(customers->Get("/api/v1/customers/" + u.id, Bearer(admin.access)).body.find(R"("totalSpent":998.00)"),
              std::string::npos);
    // The same OrderPlaced event delivered three more times.
    std::string event = R"({"eventId":"0a0c1e9a-2222-4000-8000-000000000001","type":"OrderPlaced","schemaVersion":1,"source":"order-service",
        "occurredAt":"2026-11-25T10:00:00.000Z","requestId":"r","aggregateId":"5f0c1e9a-0000-4000-8000-00000000abcd","aggregateVersion":1,
        "data":{"id":"5f0c1e9a-0000-4000-8000-00000000abcd","orderId":"ORD-20261125-AAAAAA","userId":")" + u.id +
                        R"(","customerId":")" + u.id + R"(","status":"Placed","totalAmount":333.33,"currency":"INR","itemCount":1,"orderDate":"2026-11-25T10:00:00.000Z"}})";
    EXPECT_EQ(customers->Post("/api/v1/internal/events", event, Svc()).Str("data.result"), "processed");
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(customers->Post("/api/v1/internal/events", event, Svc()).Str("data.result"), "duplicate");
    auto r = customers->Get("/api/v1/customers/" + u.id, Bearer(admin.access));
    EXPECT_EQ(r.Str("data.totalOrders"), "2");
    EXPECT_NE(r.body.find(R"("totalSpent":1331.33)"), std::string::npos) << r.body;
    // A cancelled order no longer counts towards the amount spent.
    ASSERT_EQ(orders->Post("/api/v1/orders/" + order_id + "/cancel", R"({"reason":"Changed my mind"})", Bearer(u.access)).status, 200);
    ASSERT_TRUE(Eventually([&] {
        return customers->Get("/api/v1/customers/" + u.id, Bearer(admin.access)).body.find(R"("totalSpent":333.33)") != std::string::npos;
    }));
    EXPECT_EQ(Field(u, "totalOrders"), "2");
    auto timeline = customers->Get("/api/v1/customers/" + u.id + "/timeline?type=OrderStatusChanged", Bearer(admin.access));
    EXPECT_EQ(timeline.Str("data.total"), "1");
    EXPECT_NE(timeline.body.find("Placed \u2192 Cancelled"), std::string::npos) << timeline.body;
}

TEST_F(CustomerTest, DeactivationDisablesLoginAndRejectsTokensEverywhereWithinFiveSeconds) {
    auto u = Register();
    ASSERT_TRUE(RecordArrives(u));
    ASSERT_EQ(orders->Get("/api/v1/orders", Bearer(u.access)).status, 200);
    auto off = customers->Patch("/api/v1/customers/" + u.id + "/deactivate", "", Bearer(admin.access));
    ASSERT_EQ(off.status, 200) << off.body;
    EXPECT_EQ(off.Str("data.accountStatus"), "Inactive");
    EXPECT_EQ(customers->Patch("/api/v1/customers/" + u.id + "/deactivate", "", Bearer(admin.access)).Str("data.version"),
              off.Str("data.version"));  // idempotent
    EXPECT_TRUE(Eventually([&] { return orders->Get("/api/v1/orders", Bearer(u.access)).Code() == "TOKEN_REVOKED"; },
                           std::chrono::seconds(5)));
    // Each service polls the feed on its own: the customer service may trail the order service by one poll.
    EXPECT_TRUE(Eventually([&] { return customers->Get("/api/v1/customers/me", Bearer(u.access)).Code() == "TOKEN_REVOKED"; },
                           std::chrono::seconds(5)));
    auto login = auth->Post("/api/v1/auth/login", R"({"email":")" + u.email + R"(","password":"Secret123"})");
    EXPECT_EQ(login.Code(), "ACCOUNT_DISABLED");
    auto on = customers->Patch("/api/v1/customers/" + u.id + "/activate", "{}", Bearer(admin.access));
    EXPECT_EQ(on.Str("data.accountStatus"), "Active");
    EXPECT_EQ(auth->Post("/api/v1/auth/login", R"({"email":")" + u.email + R"(","password":"Secret123"})").status, 200);
}

TEST_F(CustomerTest, CustomersReachOnlyTheirOwnRecord) {
    auto a = Register(), b = Register();
    ASSERT_TRUE(RecordArrives(a));
    EXPECT_EQ(customers->Get("/api/v1/customers/me", Bearer(a.access)).Str("data.id"), a.id);
    EXPECT_EQ(customers->Get("/api/v1/customers/" + a.id, Bearer(a.access)).status, 200);
    EXPECT_EQ(customers->Get("/api/v1/customers/" + b.id, Bearer(a.access)).status, 404);
    EXPECT_EQ(customers->Get("/api/v1/customers", Bearer(a.access)).status, 403);
    EXPECT_EQ(customers->Get("/api/v1/customers/search?q=asha", Bearer(a.access)).status, 403);
    EXPECT_EQ(customers->Get("/api/v1/customers/" + a.id + "/timeline", Bearer(a.access)).status, 403);
    EXPECT_EQ(customers->Get("/api/v1/customers/me", Bearer(admin.access)).status, 404);
    EXPECT_EQ(customers->Get("/api/v1/customers/" + a.id).status, 401);
}

TEST_F(CustomerTest, SearchIsCaseInsensitiveOverNameEmailPhoneAndId) {
    auto u = Register("Kavya Menon", "+91 (80) 4455-6677");
    auto other = Register("Someone Else", "+91 99999 00000");
    ASSERT_TRUE(RecordArrives(u));
    ASSERT_TRUE(RecordArrives(other));
    auto by = [&](const std::string& q) {
        return customers->Get("/api/v1/customers/search?q=" + q, Bearer(admin.access)).Str("data.total");
    };
    EXPECT_EQ(by("kAvYa"), "1");
    EXPECT_EQ(by(u.email), "1");
    EXPECT_EQ(by("804455"), "1");  // phone without spaces and punctuation
    EXPECT_EQ(by(u.id.substr(0, 8)), "1");
    EXPECT_EQ(by("%25"), "0");     // LIKE wildcards are literal
    EXPECT_EQ(customers->Get("/api/v1/customers/search", Bearer(admin.access)).Field(), "q");
    auto sorted = customers->Get("/api/v1/customers?sort=fullName&limit=100", Bearer(admin.access));
    ASSERT_EQ(sorted.status, 200);
    EXPECT_EQ(customers->Get("/api/v1/customers?sort=email", Bearer(admin.access)).Field(), "sort");
    EXPECT_EQ(customers->Get("/api/v1/customers?status=Gone", Bearer(admin.access)).Field(), "status");
}

TEST_F(CustomerTest, UpdatesGoToAuthFirstAndAreRecordedOnce) {
    auto u = Register();
    ASSERT_TRUE(RecordArrives(u));
    auto r = customers->Put("/api/v1/customers/me", R"({"fullName":"Asha R Kumar","version":1})", Bearer(u.access));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Str("data.fullName"), "Asha R Kumar");
    EXPECT_EQ(r.Str("data.version"), "2");
    EXPECT_EQ(auth->Get("/api/v1/auth/profile", Bearer(u.access)).Str("data.fullName"), "Asha R Kumar");
    EXPECT_EQ(customers->Put("/api/v1/customers/me", R"({"fullName":"X Y","version":1})", Bearer(u.access)).Field(), "version");
    EXPECT_EQ(customers->Put("/api/v1/customers/me", R"({"email":"x@y.com"})", Bearer(u.access)).Field(), "email");
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // let UserUpdated come back from Auth
    auto timeline = customers->Get("/api/v1/customers/" + u.id + "/timeline?type=ProfileUpdated", Bearer(admin.access));
    EXPECT_EQ(timeline.Str("data.total"), "1") << timeline.body;
    // A change made in Auth reaches the record through the event.
    auth->Put("/api/v1/auth/profile", R"({"contactNumber":"080 1111 2222"})", Bearer(u.access));
    EXPECT_TRUE(Eventually([&] { return Field(u, "contactNumber") == "080 1111 2222"; }));
}

TEST_F(CustomerTest, EraseLeavesNoPersonalDataAndKeepsOrders) {
    auto u = Register();
    ASSERT_TRUE(RecordArrives(u));
    auto placed = orders->Post("/api/v1/orders", R"({"items":[{"productId":"P-1001","quantity":1}],"deliveryAddress":)" + kAddress + "}",
                               Bearer(u.access));
    ASSERT_EQ(placed.status, 201);
    auto erased = customers->Delete("/api/v1/customers/" + u.id + "?erase=true", Bearer(admin.access));
    ASSERT_EQ(erased.status, 200) << erased.body;
    EXPECT_EQ(erased.Str("data.accountStatus"), "Deleted");
    EXPECT_EQ(erased.Str("data.erased"), "true");
    EXPECT_EQ(erased.Str("data.email"), "erased+" + u.id + "@erased.invalid");
    EXPECT_EQ(erased.Str("data.fullName"), "Erased Customer");
    EXPECT_EQ(erased.Str("data.contactNumber"), "null");
    EXPECT_EQ(erased.Str("data.address"), "null");
    EXPECT_EQ(erased.body.find("Asha"), std::string::npos);
    EXPECT_EQ(erased.body.find(u.email), std::string::npos);
    EXPECT_EQ(customers->Delete("/api/v1/customers/" + u.id, Bearer(admin.access)).status, 200);  // repeat
    EXPECT_EQ(customers->Patch("/api/v1/customers/" + u.id + "/activate", "", Bearer(admin.access)).status, 409);
    EXPECT_TRUE(Eventually([&] {
        auto o = orders->Get("/api/v1/orders/" + placed.Str("data.id"), Bearer(admin.access));
        return o.Str("data.customerName") == "Erased Customer";
    }));
    // The email may register again.
    EXPECT_EQ(auth->Post("/api/v1/auth/register", R"({"email":")" + u.email + R"(","password":"Secret123","fullName":"New Asha"})").status, 201);
}

TEST_F(CustomerTest, RelatedOrdersComeFromTheOrderServiceAnd503WhenItIsDown) {
    auto u = Register();
    ASSERT_TRUE(RecordArrives(u));
    orders->Post("/api/v1/orders", R"({"items":[{"productId":"P-1001","quantity":1}],"deliveryAddress":)" + kAddress + "}", Bearer(u.access));
    auto mine = customers->Get("/api/v1/customers/me/orders?status=Placed", Bearer(u.access));
    ASSERT_EQ(mine.status, 200) << mine.body;
    EXPECT_EQ(mine.Str("data.total"), "1");
    EXPECT_EQ(customers->Get("/api/v1/customers/me/orders?colour=red", Bearer(u.access)).Field(), "colour");
    // No complaint service runs in this test: 503, and nothing else is affected.
    auto complaints = customers->Get("/api/v1/customers/me/complaints", Bearer(u.access));
    EXPECT_EQ(complaints.status, 503);
    EXPECT_EQ(complaints.Code(), "DEPENDENCY_UNAVAILABLE");
    orders->Stop();
    EXPECT_EQ(customers->Get("/api/v1/customers/me/orders", Bearer(u.access)).status, 503);
    EXPECT_EQ(customers->Get("/api/v1/customers/me", Bearer(u.access)).status, 200);
}

TEST_F(CustomerTest, AuthDownMeansNothingChanges) {
    auto u = Register();
    ASSERT_TRUE(RecordArrives(u));
    auth->Stop();
    auto r = customers->Put("/api/v1/customers/" + u.id, R"({"fullName":"Never Applied"})", Bearer(admin.access));
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(customers->Patch("/api/v1/customers/" + u.id + "/deactivate", "", Bearer(admin.access)).status, 503);
    EXPECT_EQ(Field(u, "fullName"), "Asha Rao");
    EXPECT_EQ(Field(u, "accountStatus"), "Active");
}

TEST_F(CustomerTest, BadInputGets4xxEnvelopes) {
    auto u = Register();
    ASSERT_TRUE(RecordArrives(u));
    for (const std::string body : {"{", "[]", R"({"fullName":1})", R"({"fullName":"A"})", R"({"contactNumber":"abc"})",
                                   R"({"address":{"city":"x"}})", R"({"fullName":"Ok Name","fullName":"Twice"})", "{}"}) {
        auto r = customers->Put("/api/v1/customers/me", body, Bearer(u.access));
        EXPECT_GE(r.status, 400) << body;
        EXPECT_LT(r.status, 500) << body << " " << r.body;
    }
    EXPECT_EQ(customers->Post("/api/v1/internal/events", R"({"type":"OrderPlaced"})", Svc()).status, 400);
    EXPECT_EQ(customers->Post("/api/v1/internal/events", R"({"eventId":"x","type":"Whatever","data":{}})", Svc()).Str("data.result"),
              "ignored");
    EXPECT_EQ(customers->Post("/api/v1/internal/events", "{}", Bearer(admin.access)).status, 401);
    EXPECT_EQ(customers->Get("/api/v1/customers?limit=0", Bearer(admin.access)).Field(), "limit");
    EXPECT_EQ(Field(u, "fullName"), "Asha Rao");
}

TEST_F(CustomerTest, OpenApiDocumentsEveryRoute) {
    EXPECT_GE(ExpectDocumentedOperationsRouted(CUSTOMER_OPENAPI, *customers, "me"), 16u);
}

TEST_F(CustomerTest, StatsCountAdoptionAndRepeatBuyers) {
    auto a = Register(), b = Register(), c = Register();
    for (const auto* u : {&a, &b, &c}) ASSERT_TRUE(RecordArrives(*u));
    const std::string order = R"({"items":[{"productId":"P-1001","quantity":1}],"deliveryAddress":)" + kAddress + "}";
    ASSERT_EQ(orders->Post("/api/v1/orders", order, Bearer(a.access)).status, 201);
    ASSERT_EQ(orders->Post("/api/v1/orders", order, Bearer(a.access)).status, 201);
    ASSERT_EQ(orders->Post("/api/v1/orders", order, Bearer(b.access)).status, 201);
    ASSERT_TRUE(customers->Patch("/api/v1/customers/" + c.id + "/deactivate", "", Bearer(admin.access)).status == 200);
    ASSERT_TRUE(Eventually([&] { return Field(a, "totalOrders") == "2" && Field(b, "totalOrders") == "1"; }));
    auto s = customers->Get("/api/v1/customers/stats?interval=week", Bearer(admin.access));
    ASSERT_EQ(s.status, 200) << s.body;
    EXPECT_EQ(s.Str("data.active"), "2");
    EXPECT_EQ(s.Str("data.inactive"), "1");
    EXPECT_EQ(s.Str("data.withOrders"), "2");
    EXPECT_EQ(s.Str("data.repeatBuyers"), "1");
    EXPECT_NE(s.body.find(R"("adoptionRate":66.66)"), std::string::npos) << s.body;       // 2 of 3, truncated
    EXPECT_NE(s.body.find(R"("repeatPurchaseRate":50.00)"), std::string::npos) << s.body;  // 1 of 2 buyers
    EXPECT_EQ(s.Data().at("registrations").as_array().size(), 1u);
    EXPECT_EQ(customers->Get("/api/v1/customers/stats", Bearer(a.access)).status, 403);
}
