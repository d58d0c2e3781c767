// Service-to-service HTTP on libcurl (API.md §2.6): connect/total timeouts, one retry with backoff and
// jitter for GETs only, a circuit breaker per dependency (opens after 5 consecutive failures, half-open
// after 30 s), X-Request-ID and the service credential on every call.
//   HttpClient auth("auth", settings.auth_url, token); auto r = auth.Get("/api/v1/auth/user/" + id, rid);
//   if (r.unavailable()) return Error::Of(ErrorCode::kDependencyUnavailable, ...);
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace shop::client {

struct Response {
    int status = 0;  // 0 = no HTTP answer (refused, timed out, circuit open)
    std::string body;
    std::string error;
    bool unavailable() const { return status == 0 || status >= 500; }
};

struct ClientOptions {
    int timeout_ms = 3000;
    int connect_timeout_ms = 1000;
    int failure_threshold = 5;
    int open_ms = 30'000;
};

class HttpClient {
public:
    HttpClient(std::string name, std::string base_url, std::string service_token, ClientOptions options = {});

    Response Get(const std::string& path, const std::string& request_id);
    Response Post(const std::string& path, const std::string& body, const std::string& request_id);
    Response Patch(const std::string& path, const std::string& body, const std::string& request_id);
    bool circuit_open() const;
    const std::string& name() const { return name_; }
    const std::string& base_url() const { return base_url_; }

private:
    Response Perform(const char* method, const std::string& path, const std::string* body,
                     const std::string& request_id);
    void Record(bool success);

    std::string name_;
    std::string base_url_;
    std::string service_token_;
    ClientOptions options_;
    mutable std::mutex mutex_;
    int consecutive_failures_ = 0;
    std::chrono::steady_clock::time_point open_until_{};
};

}  // namespace shop::client
