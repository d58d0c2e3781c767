// ServiceDefaults: everything a service gets from one object (ARCHITECTURE.md, "A request's way").
// request id -> route 404/405 -> size 413 -> authentication 401 -> general rate limit 429 -> role 403
// -> media type 415 -> handler; plus CORS, access log, metrics and the §3 operational endpoints.
//   App app(settings, metrics); app.router().Add(...); app.Run();
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <functional>
#include <memory>
#include <string>

#include "shop/config.hpp"
#include "shop/http/router.hpp"
#include "shop/metrics.hpp"
#include "shop/rate_limit.hpp"
#include "shop/thread_pool.hpp"

namespace shop::http {

struct CheckResult {
    std::string status = "up";  // up | down | degraded
    json::bj::object details;
};

struct ReadinessCheck {
    std::string name;
    bool required;  // a required check that is not up makes /health/ready 503
    std::function<CheckResult()> check;
};

class App {
public:
    App(CommonSettings settings, Metrics& metrics);
    ~App();

    Router& router() { return router_; }
    const CommonSettings& settings() const { return settings_; }
    Metrics& metrics() { return metrics_; }

    // Verifies a bearer token; the error decides 401 TOKEN_EXPIRED / TOKEN_REVOKED / UNAUTHENTICATED.
    void SetBearerVerifier(std::function<Result<Principal>(std::string_view token)> verifier);
    void AddReadinessCheck(ReadinessCheck check);
    // The required `database` check (latency of a trivial read) and an informational check of a dependency.
    void AddDatabaseCheck(std::function<std::int64_t()> ping_ms);
    void AddDependencyCheck(const std::string& name, std::function<bool()> up);
    void SetOpenApi(std::string document, bool api_docs_alias);
    void SetOffloadThreads(int threads);

    // Routes SIGINT/SIGTERM to Stop() of every running App. Call first in main(), before any thread starts,
    // so no other thread receives them (Run calls it too).
    static void WatchSignals();
    // Runs the server until SIGINT/SIGTERM or Stop(); `on_started` runs once it listens.
    void Run(const std::function<void(int port)>& on_started = {});
    void Stop();

    // The pipeline, used by the server glue: Prepare answers early failures, Execute runs the handler,
    // Finish adds common headers, metrics and the access log line.
    struct Prepared {
        std::optional<Response> early;
        const Route* route = nullptr;
    };
    Prepared Prepare(Request& req, std::size_t body_size, std::string_view peer_ip);
    Response Execute(const Route& route, Request& req);
    void Finish(const Request& req, Response& res, double seconds);
    ThreadPool* PoolFor(const Route& route);

private:
    void AddOperationalRoutes();
    std::string ClientIp(const Request& req, std::string_view peer) const;

    CommonSettings settings_;
    Metrics& metrics_;
    Router router_;
    RateLimiter limiter_;
    std::function<Result<Principal>(std::string_view)> verify_bearer_;
    std::vector<ReadinessCheck> checks_;
    std::string openapi_;
    std::unique_ptr<ThreadPool> offload_pool_;
    std::unique_ptr<ThreadPool> write_pool_;
    std::mutex stop_mutex_;
    std::condition_variable stop_cv_;
    bool stop_ = false;
};

}  // namespace shop::http
