// The four services together, wired as `make run` wires them: a customer registers, orders, complains;
// the Customer service's record, totals and timeline follow from the other services' events.
#include <gtest/gtest.h>

#include "shop/testing/harness.hpp"

using namespace shop::testing;
namespace bj = boost::json;

TEST(System, ACustomersOrdersAndComplaintsReachTheirCustomerRecord) {
    MailCatcher mail;
    int auth_port = FreePort(), customer_port = FreePort(), order_port = FreePort(), complaint_port = FreePort();
    auto url = [](int port) { return "http://127.0.0.1:" + std::to_string(port); };
    std::map<std::string, std::string> env = {{"SMTP_PORT", std::to_string(mail.smtp_port())},
                                              {"SERVICE_TOKEN", "system-test-service-token-0123456789abcdef"},
                                              {"REVOCATION_POLL_INTERVAL_MS", "500"},
                                              {"BCRYPT_COST", "4"},
                                              {"ADMIN_EMAIL", "admin@system.test"},
                                              {"ADMIN_PASSWORD", "Admin12345"},
                                              {"AUTH_URL", url(auth_port)},
                                              {"CUSTOMER_URL", url(customer_port)},
                                              {"ORDER_URL", url(order_port)},
                                              {"COMPLAINT_URL", url(complaint_port)}};
    auto with_port = [&](int port) {
        auto e = env;
        e["PORT"] = std::to_string(port);
        return e;
    };
    Service auth(AUTH_BINARY, with_port(auth_port), "auth");
    Service customers(CUSTOMER_BINARY, with_port(customer_port), "customer");
    Service orders(ORDER_BINARY, with_port(order_port), "order");
    Service complaints(COMPLAINT_BINARY, with_port(complaint_port), "complaint");
    for (auto* s : {&customers, &orders, &complaints})
        ASSERT_TRUE(Eventually([&] { return s->Get("/health/ready").status == 200; }));

    auto reg = auth.Post("/api/v1/auth/register",
                         R"({"email":"meera@system.test","password":"Secret123","fullName":"Meera Iyer"})");
    ASSERT_EQ(reg.status, 201) << reg.body;
    std::string id = reg.Str("data.user.id"), token = reg.Str("data.accessToken");
    auto order = orders.Post("/api/v1/orders",
                             R"({"items":[{"productId":"P-1001","quantity":3}],"deliveryAddress":{"street":"1 Residency Rd","city":"Bengaluru","state":"Karnataka","zipCode":"560025","country":"IN"}})",
                             Bearer(token));
    ASSERT_EQ(order.status, 201) << order.body;
    auto complaint = complaints.Post("/api/v1/complaints",
                                     R"({"category":"Product Quality","subject":"One bottle is dented","description":"The third bottle arrived dented.","orderId":")" +
                                         order.Str("data.orderId") + "\"}",
                                     Bearer(token));
    ASSERT_EQ(complaint.status, 201) << complaint.body;

    auto admin = auth.Post("/api/v1/auth/login", R"({"email":"admin@system.test","password":"Admin12345"})").Str("data.accessToken");
    ASSERT_TRUE(Eventually([&] {
        auto c = customers.Get("/api/v1/customers/" + id, Bearer(admin));
        return c.Str("data.totalOrders") == "1" && c.Str("data.totalComplaints") == "1";
    }, std::chrono::seconds(15))) << customers.Get("/api/v1/customers/" + id, Bearer(admin)).body;
    auto record = customers.Get("/api/v1/customers/" + id, Bearer(admin));
    EXPECT_NE(record.body.find(R"("totalSpent":1497.00)"), std::string::npos) << record.body;
    auto timeline = customers.Get("/api/v1/customers/" + id + "/timeline?sort=occurredAt", Bearer(admin));
    std::vector<std::string> types;
    for (const auto& t : timeline.Data().at("items").as_array()) types.emplace_back(t.at("type").as_string());
    EXPECT_EQ(types, (std::vector<std::string>{"CustomerRegistered", "OrderPlaced", "ComplaintRegistered"}));
    auto related = customers.Get("/api/v1/customers/me/complaints", Bearer(token));
    EXPECT_EQ(related.Str("data.total"), "1") << related.body;
    // Every email of the journey arrived: welcome, order confirmation, complaint registration.
    EXPECT_EQ(mail.WaitFor("meera@system.test", 3).size(), 3u);
}
