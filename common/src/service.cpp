#include "shop/service.hpp"

#include <iostream>

#include "shop/http/app.hpp"
#include "shop/log.hpp"
#include "shop/outbox/dispatcher.hpp"

namespace shop {

PeerSettings PeerSettings::Load(Config& env) {
    PeerSettings s;
    s.jwt = auth::JwtSettings::Load(env);
    s.auth_url = env.Str("AUTH_URL", "http://127.0.0.1:3001");
    s.revocation_poll_ms = env.Int("REVOCATION_POLL_INTERVAL_MS", 2000, 100, 4000);
    return s;
}

MailSettings MailSettings::Load(Config& env) {
    MailSettings s;
    s.smtp = mail::SmtpSettings::Load(env);
    s.retry_ms = outbox::ParseSchedule(env.List("EMAIL_RETRY_SCHEDULE", "1m,5m,15m,1h,3h,6h,12h"), env,
                                       "EMAIL_RETRY_SCHEDULE");
    return s;
}

void FinishLoading(Config& env, const CommonSettings& common) {
    env.Check();
    log::Init(common.service_name, common.log_level, common.log_format);
    log::Info("configuration", {{"settings", env.Summary()}});
}

int RunService(const std::string& name, const std::function<int()>& body) {
    http::App::WatchSignals();  // before any thread starts
    try {
        int code = body();
        log::Info("stopped");
        log::Flush();
        return code;
    } catch (const ConfigError& e) {
        std::cerr << name << ": " << e.what() << std::endl;
        return 2;
    } catch (const std::exception& e) {
        log::Error("startup failed", {{"error", e.what()}});
        log::Flush();
        std::cerr << name << ": " << e.what() << std::endl;
        return 1;
    }
}

}  // namespace shop
