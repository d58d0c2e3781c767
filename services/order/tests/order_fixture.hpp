// Shared fixture of the Order functional tests: one maildev per executable; fresh auth and order binaries
// per test, wired together as in production (JWKS, revocation feed, service credential).
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

#include "shop/testing/fixtures.hpp"

namespace ordertest {

using namespace shop::testing;
namespace bj = boost::json;

inline const std::string kServiceToken = "order-test-service-token-0123456789abcdef";
inline const std::string kAddress =
    R"({"street":"12 MG Road","city":"Bengaluru","state":"Karnataka","zipCode":"560001","country":"IN"})";


struct User {
    std::string id, email, access, refresh;
};

class OrderTest : public ::testing::Test {
protected:
    std::map<std::string, std::string> CommonEnv() {
        return {{"SMTP_PORT", std::to_string(MailEnvironment::mail->smtp_port())},
                {"SERVICE_TOKEN", kServiceToken},
                {"RATE_LIMIT_USER_PER_MIN", "0"},
                {"RATE_LIMIT_IP_PER_MIN", "0"},
                {"REVOCATION_POLL_INTERVAL_MS", "500"},
                {"CUSTOMER_URL", "http://127.0.0.1:9"},
                {"ORDER_URL", "http://127.0.0.1:9"},
                {"COMPLAINT_URL", "http://127.0.0.1:9"},
                {"WEB_APP_URL", "http://web.test"}};
    }
    virtual std::map<std::string, std::string> OrderEnv() { return {}; }
    void SetUp() override {
        auto env = CommonEnv();
        env["BCRYPT_COST"] = "4";
        env["ADMIN_EMAIL"] = admin_email;
        env["ADMIN_PASSWORD"] = "Admin12345";
        env["LOGIN_FAILURES_PER_IP"] = "0";
        env["REGISTER_PER_IP_PER_HOUR"] = "0";
        auth = std::make_unique<Service>(AUTH_BINARY, env, "auth");
        auto oenv = CommonEnv();
        oenv["AUTH_URL"] = auth->url();
        for (auto& [k, v] : OrderEnv()) oenv[k] = v;
        orders = std::make_unique<Service>(ORDER_BINARY, oenv, "order");
        ASSERT_TRUE(Eventually([&] { return orders->Get("/health/ready").status == 200; })) << orders->Log();
    }
    MailCatcher& mail() { return *MailEnvironment::mail; }

    User Customer(const std::string& name = "Asha Rao") {
        User u;
        u.email = UniqueEmail("cust");
        auto r = auth->Post("/api/v1/auth/register",
                            bj::serialize(bj::object{{"email", u.email}, {"password", "Secret123"}, {"fullName", name}}));
        EXPECT_EQ(r.status, 201) << r.body;
        u.id = r.Str("data.user.id");
        u.access = r.Str("data.accessToken");
        u.refresh = r.Str("data.refreshToken");
        return u;
    }
    User Admin() {
        auto r = auth->Post("/api/v1/auth/login", R"({"email":")" + admin_email + R"(","password":"Admin12345"})");
        EXPECT_EQ(r.status, 200) << r.body;
        return {r.Str("data.user.id"), admin_email, r.Str("data.accessToken"), r.Str("data.refreshToken")};
    }
    Headers Svc() { return {{"X-Service-Token", kServiceToken}}; }

    HttpResponse Place(const User& u, const std::string& items, const Headers& extra = {}) {
        auto h = Bearer(u.access);
        for (const auto& e : extra) h.push_back(e);
        return orders->Post("/api/v1/orders", R"({"items":)" + items + R"(,"deliveryAddress":)" + kAddress + "}", h);
    }
    std::string PlaceId(const User& u, const std::string& items = R"([{"productId":"P-1001","quantity":2}])") {
        auto r = Place(u, items);
        EXPECT_EQ(r.status, 201) << r.body;
        return r.Str("data.id");
    }
    HttpResponse Status(const User& admin, const std::string& id, const std::string& body, const Headers& extra = {}) {
        auto h = Bearer(admin.access);
        for (const auto& e : extra) h.push_back(e);
        return orders->Patch("/api/v1/orders/" + id + "/status", body, h);
    }
    // Moves an order to Delivered as the administrator.
    void Deliver(const User& admin, const std::string& id) {
        ASSERT_EQ(Status(admin, id, R"({"status":"Processing"})").status, 200);
        ASSERT_EQ(Status(admin, id, R"({"status":"Shipped","trackingNumber":"AWB-123"})").status, 200);
        ASSERT_EQ(Status(admin, id, R"({"status":"Delivered"})").status, 200);
    }

    std::string admin_email = UniqueEmail("admin");
    std::unique_ptr<Service> auth, orders;
};

}  // namespace ordertest
