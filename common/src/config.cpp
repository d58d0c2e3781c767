#include "shop/config.hpp"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "shop/time.hpp"

#ifndef SHOP_SOURCE_DIR
#define SHOP_SOURCE_DIR "."
#endif

namespace shop {
namespace {

std::string Trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

}  // namespace

Config::Config() {
    const char* file = std::getenv("ENV_FILE");
    std::ifstream in(file ? file : ".env");
    std::string line;
    while (std::getline(in, line)) {
        line = Trim(line);
        if (line.empty() || line[0] == '#') continue;
        auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        std::string value = Trim(line.substr(eq + 1));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
            value = value.substr(1, value.size() - 2);
        file_values_[Trim(line.substr(0, eq))] = value;
    }
}

std::optional<std::string> Config::Raw(const std::string& name) const {
    if (const char* v = std::getenv(name.c_str()); v && *v) return std::string(v);
    if (auto it = file_values_.find(name); it != file_values_.end() && !it->second.empty()) return it->second;
    return std::nullopt;
}

std::optional<std::string> Config::Opt(const std::string& name) {
    auto v = Raw(name);
    if (v) used_[name] = *v;
    return v;
}

std::string Config::Str(const std::string& name, const std::string& fallback) {
    std::string v = Raw(name).value_or(fallback);
    used_[name] = v;
    return v;
}

std::int64_t Config::Int(const std::string& name, std::int64_t fallback, std::int64_t min, std::int64_t max) {
    auto raw = Raw(name);
    std::int64_t v = fallback;
    if (raw) {
        auto [p, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), v);
        if (ec != std::errc{} || p != raw->data() + raw->size() || v < min || v > max) {
            Fail(name, "must be an integer between " + std::to_string(min) + " and " + std::to_string(max) +
                           " (got \"" + *raw + "\")");
            v = fallback;
        }
    }
    used_[name] = std::to_string(v);
    return v;
}

std::int64_t Config::DurationMs(const std::string& name, const std::string& fallback, std::int64_t min_ms) {
    std::string raw = Raw(name).value_or(fallback);
    auto ms = ParseDurationMs(raw);
    if (!ms || *ms < min_ms) {
        Fail(name, "must be a duration such as 900, 90s, 15m, 48h or 7d (got \"" + raw + "\")");
        ms = ParseDurationMs(fallback);
    }
    used_[name] = raw;
    return *ms;
}

bool Config::Bool(const std::string& name, bool fallback) {
    auto raw = Raw(name);
    bool v = fallback;
    if (raw) {
        if (*raw == "true" || *raw == "1" || *raw == "yes") v = true;
        else if (*raw == "false" || *raw == "0" || *raw == "no") v = false;
        else Fail(name, "must be true or false (got \"" + *raw + "\")");
    }
    used_[name] = v ? "true" : "false";
    return v;
}

std::vector<std::string> Config::List(const std::string& name, const std::string& fallback) {
    std::string raw = Raw(name).value_or(fallback);
    used_[name] = raw;
    std::vector<std::string> out;
    std::stringstream ss(raw);
    std::string item;
    while (std::getline(ss, item, ','))
        if (auto t = Trim(item); !t.empty()) out.push_back(t);
    return out;
}

void Config::Fail(const std::string& name, const std::string& problem) { problems_.push_back(name + ": " + problem); }

void Config::Check() const {
    if (problems_.empty()) return;
    std::string msg = "invalid configuration:";
    for (const auto& p : problems_) msg += "\n  " + p;
    throw ConfigError(msg);
}

namespace {
// A URL's password (scheme://user:password@host…) masked: database URLs carry credentials.
std::string WithoutPassword(const std::string& value) {
    auto scheme = value.find("://");
    if (scheme == std::string::npos) return value;
    auto at = value.find('@', scheme + 3);
    auto colon = value.find(':', scheme + 3);
    if (at == std::string::npos || colon == std::string::npos || colon > at || value.find('/', scheme + 3) < at) return value;
    return value.substr(0, colon + 1) + "****" + value.substr(at);
}
}  // namespace

std::string Config::Summary() const {
    std::string out;
    for (const auto& [k, v] : used_) {
        bool secret = secrets_.contains(k);
        out += (out.empty() ? "" : " ") + k + "=" + (secret ? (v.empty() ? "(unset)" : "****") : WithoutPassword(v));
    }
    return out;
}

CommonSettings CommonSettings::Load(Config& env, const std::string& service_name, const std::string& short_name,
                                    int default_port) {
    CommonSettings s;
    s.service_name = service_name;
    s.host = env.Str("HOST", "127.0.0.1");
    s.port = static_cast<int>(env.Int("PORT", default_port, 0, 65535));
    s.data_dir = env.Str("DATA_DIR", "var");
    s.database_url = env.Str("DATABASE_URL", env.Opt("MONGODB_URI").value_or("sqlite://" + s.data_dir + "/" + short_name + ".db"));
    s.log_level = env.Str("LOG_LEVEL", "info");
    if (s.log_level != "trace" && s.log_level != "debug" && s.log_level != "info" && s.log_level != "warn" &&
        s.log_level != "error")
        env.Fail("LOG_LEVEL", "must be one of trace, debug, info, warn, error");
    s.log_format = env.Str("LOG_FORMAT", "json");
    if (s.log_format != "json" && s.log_format != "text") env.Fail("LOG_FORMAT", "must be json or text");
    s.http_threads = static_cast<int>(env.Int("HTTP_THREADS", std::max(2u, std::thread::hardware_concurrency()), 1, 256));
    s.write_threads = static_cast<int>(env.Int("WRITE_THREADS", 32, 1, 1024));
    s.web_app_url = env.Str("WEB_APP_URL", "http://localhost:8080");
    s.cors_origins = env.List("CORS_ALLOWED_ORIGINS", s.web_app_url);
    for (const auto& proxy : env.List("TRUSTED_PROXIES", "127.0.0.1")) {
        if (auto range = http::AddressRange::Parse(proxy)) s.trusted_proxies.push_back(*range);
        else env.Fail("TRUSTED_PROXIES", "must list IP addresses or CIDR ranges such as 10.0.0.0/8 (got \"" + proxy + "\")");
    }
    env.Secret("METRICS_TOKEN");
    s.metrics_token = env.Str("METRICS_TOKEN", "");
    s.rate_user_per_min = env.Int("RATE_LIMIT_USER_PER_MIN", 300, 0, 1'000'000'000);
    s.rate_ip_per_min = env.Int("RATE_LIMIT_IP_PER_MIN", 120, 0, 1'000'000'000);
    env.Secret("SERVICE_TOKEN");
    env.Secret("SERVICE_TOKENS");
    s.service_token = env.Str("SERVICE_TOKEN", "");
    if (!s.service_token.empty() && s.service_token.size() < 32) env.Fail("SERVICE_TOKEN", "must be at least 32 characters");
    for (const auto& entry : env.List("SERVICE_TOKENS", "")) {
        auto colon = entry.find(':');
        if (colon == std::string::npos || colon == 0 || entry.size() - colon - 1 < 32) {
            env.Fail("SERVICE_TOKENS", "entries must be name:secret with secrets of at least 32 characters");
            continue;
        }
        s.service_tokens[entry.substr(0, colon)] = entry.substr(colon + 1);
    }
    if (s.service_tokens.empty() && !s.service_token.empty()) s.service_tokens["service"] = s.service_token;
    s.docs_dir = env.Str("SWAGGER_UI_DIR", std::string(SHOP_SOURCE_DIR) + "/node_modules/swagger-ui-dist");
    s.http_idle_timeout_ms = env.DurationMs("HTTP_IDLE_TIMEOUT", "30s", 1000);
    s.outbox_claim_ms = env.DurationMs("OUTBOX_CLAIM_LEASE", "60s", 1000);
    return s;
}

}  // namespace shop
