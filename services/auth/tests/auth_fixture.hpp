// Shared fixture of the Auth functional tests: one maildev per executable, a fresh auth binary per test.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

#include "shop/testing/fixtures.hpp"

namespace authtest {

using namespace shop::testing;
namespace bj = boost::json;

inline const std::string kServiceToken = "test-service-token-0123456789abcdef0123456789";


struct Account {
    std::string id, email, password, access, refresh;
};

class AuthTest : public ::testing::Test {
protected:
    // Test harnesses turn the per-IP limits off (API.md §1.13) and keep per-email/per-user ones.
    virtual std::map<std::string, std::string> Env() {
        return {{"SMTP_PORT", std::to_string(MailEnvironment::mail->smtp_port())},
                {"BCRYPT_COST", "4"},
                {"SERVICE_TOKEN", kServiceToken},
                {"ADMIN_EMAIL", admin_email},
                {"ADMIN_PASSWORD", "Admin12345"},
                {"WEB_APP_URL", "http://web.test"},
                {"RATE_LIMIT_USER_PER_MIN", "0"},
                {"RATE_LIMIT_IP_PER_MIN", "0"},
                {"LOGIN_FAILURES_PER_IP", "0"},
                {"REGISTER_PER_IP_PER_HOUR", "0"},
                {"FORGOT_PER_IP_PER_HOUR", "0"},
                {"TOKEN_CHECKS_PER_IP_PER_HOUR", "0"},
                {"REFRESH_PER_IP_PER_MIN", "0"},
                {"CUSTOMER_URL", "http://127.0.0.1:9"},
                {"ORDER_URL", "http://127.0.0.1:9"},
                {"COMPLAINT_URL", "http://127.0.0.1:9"}};
    }
    void SetUp() override { auth = std::make_unique<shop::testing::Service>(AUTH_BINARY, Env(), "auth"); }

    MailCatcher& mail() { return *MailEnvironment::mail; }

    Account Register(const std::string& tag = "user", const std::string& password = "Secret123") {
        Account a;
        a.email = UniqueEmail(tag);
        a.password = password;
        auto r = auth->Post("/api/v1/auth/register",
                            bj::serialize(bj::object{{"email", a.email}, {"password", password}, {"fullName", "Asha Rao"}}));
        EXPECT_EQ(r.status, 201) << r.body;
        a.id = r.Str("data.user.id");
        a.access = r.Str("data.accessToken");
        a.refresh = r.Str("data.refreshToken");
        return a;
    }

    HttpResponse Login(const std::string& email, const std::string& password) {
        return auth->Post("/api/v1/auth/login", bj::serialize(bj::object{{"email", email}, {"password", password}}));
    }

    Account Admin() {
        auto r = Login(admin_email, "Admin12345");
        EXPECT_EQ(r.status, 200) << r.body;
        return {r.Str("data.user.id"), admin_email, "Admin12345", r.Str("data.accessToken"), r.Str("data.refreshToken")};
    }

    Headers Svc() { return {{"X-Service-Token", kServiceToken}}; }

    // The token in a link of the latest email to `to` whose subject contains `subject`.
    std::string LinkToken(const std::string& to, const std::string& subject, std::size_t count = 1) {
        auto mails = mail().WaitFor(to, count, std::chrono::seconds(10), subject);
        if (mails.size() < count) return "";
        std::string text(mails.back().at("text").as_string());
        auto pos = text.find("token=");
        if (pos == std::string::npos) return "";
        auto end = text.find_first_of(" \r\n", pos);
        return text.substr(pos + 6, end - pos - 6);
    }

    std::string admin_email = UniqueEmail("admin");
    std::unique_ptr<shop::testing::Service> auth;
};

}  // namespace authtest
