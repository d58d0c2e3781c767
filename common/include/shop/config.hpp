// Typed configuration from the environment (plus an optional .env file), checked at startup.
// Problems are collected and reported together, each naming its variable; the process then exits.
//   Config env; auto port = env.Int("PORT", 3001, 1, 65535); env.Check();
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "shop/http/address_range.hpp"

namespace shop {

class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Config {
public:
    Config();  // reads .env from $ENV_FILE or ./.env if present; real environment variables win

    std::optional<std::string> Opt(const std::string& name);
    std::string Str(const std::string& name, const std::string& fallback);
    std::int64_t Int(const std::string& name, std::int64_t fallback, std::int64_t min, std::int64_t max);
    std::int64_t DurationMs(const std::string& name, const std::string& fallback, std::int64_t min_ms = 0);
    bool Bool(const std::string& name, bool fallback);
    std::vector<std::string> List(const std::string& name, const std::string& fallback);
    // Values shown in the startup summary; secrets are masked.
    void Secret(const std::string& name) { secrets_.insert({name, true}); }
    void Fail(const std::string& name, const std::string& problem);
    void Check() const;  // throws ConfigError listing every problem
    std::string Summary() const;

private:
    std::optional<std::string> Raw(const std::string& name) const;
    std::map<std::string, std::string> file_values_;
    std::map<std::string, std::string> used_;
    std::map<std::string, bool> secrets_;
    std::vector<std::string> problems_;
};

// Settings every service shares (ARCHITECTURE.md, Configuration).
struct CommonSettings {
    std::string service_name;  // "auth-service", ...
    std::string host;
    int port = 0;
    std::string data_dir;
    std::string database_url;
    std::string log_level;
    std::string log_format;
    int http_threads = 0;
    int write_threads = 32;
    std::vector<std::string> cors_origins;
    std::vector<http::AddressRange> trusted_proxies;  // addresses or CIDR ranges
    std::string metrics_token;
    std::int64_t rate_user_per_min = 300;
    std::int64_t rate_ip_per_min = 120;
    std::string service_token;                          // what this service sends
    std::map<std::string, std::string> service_tokens;  // what it accepts: caller name -> secret
    std::string web_app_url;
    std::string docs_dir;  // swagger-ui-dist assets
    std::int64_t http_idle_timeout_ms = 0;
    std::int64_t outbox_claim_ms = 60'000;  // MongoDB: how long a dispatcher's claim on a message holds

    static CommonSettings Load(Config& env, const std::string& service_name, const std::string& short_name,
                               int default_port);
};

}  // namespace shop
