#include "shop/http/app.hpp"
#include "shop/log.hpp"
int main() {
    shop::Config env;
    auto s = shop::CommonSettings::Load(env, "auth-service", "auth", 3001);
    env.Check();
    shop::log::Init(s.service_name, s.log_level, s.log_format);
    shop::Metrics metrics;
    shop::http::App app(s, metrics);
    app.Run();
}
