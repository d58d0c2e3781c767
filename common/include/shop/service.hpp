// What every service's main() shares: settings groups several services read, the end of loading, and the
// frame that turns a bad configuration into exit 2 and a startup failure into exit 1, both with a message.
//   int main() { return shop::RunService("order-service", [] { auto s = Load(); ...; app.Run(); return 0; }); }
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "shop/auth/jwt.hpp"
#include "shop/config.hpp"
#include "shop/mail/smtp.hpp"

namespace shop {

// Customer, Order and Complaint: how to reach Auth and verify its tokens.
struct PeerSettings {
    auth::JwtSettings jwt;
    std::string auth_url;
    std::int64_t revocation_poll_ms = 2000;
    static PeerSettings Load(Config& env);
};

// Auth, Order and Complaint: outgoing email.
struct MailSettings {
    mail::SmtpSettings smtp;
    std::vector<std::int64_t> retry_ms;  // EMAIL_RETRY_SCHEDULE
    int attempts() const { return static_cast<int>(retry_ms.size()) + 1; }
    static MailSettings Load(Config& env);
};

// Validates the configuration (throws ConfigError), starts logging and logs the effective settings.
void FinishLoading(Config& env, const CommonSettings& common);

int RunService(const std::string& name, const std::function<int()>& body);

}  // namespace shop
