#include "shop/http/app.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

#include "shop/crypto.hpp"
#include "shop/log.hpp"
#include "shop/time.hpp"

namespace shop::http {
namespace {

constexpr std::size_t kMaxBody = 65'536;
const std::string kUnmatched = "unmatched";

bool ValidRequestId(std::string_view id) {
    if (id.empty() || id.size() > 128) return false;
    for (char c : id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != ':' && c != '-') return false;
    return true;
}

bool JsonMediaType(std::string_view ct) {
    // application/json, optionally ; charset=utf-8 (any case, optional spaces)
    std::string lower;
    for (char c : ct)
        if (c != ' ' && c != '\t') lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return lower == "application/json" || lower == "application/json;charset=utf-8" ||
           lower == "application/json;charset=\"utf-8\"";
}

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const char* kDocsHtml = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>API docs</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });</script>
</body></html>
)";

Response DocsPage(Request&) {
    Response r;
    r.enveloped = false;
    r.content_type = "text/html; charset=utf-8";
    r.body = kDocsHtml;
    return r;
}

}  // namespace

App::App(CommonSettings settings, Metrics& metrics)
    : settings_(std::move(settings)),
      metrics_(metrics),
      offload_pool_(std::make_unique<ThreadPool>(1, 10)),
      write_pool_(std::make_unique<ThreadPool>(settings_.write_threads)) {
    AddOperationalRoutes();
}

App::~App() = default;

void App::SetBearerVerifier(std::function<Result<Principal>(std::string_view)> verifier) {
    verify_bearer_ = std::move(verifier);
}

void App::AddReadinessCheck(ReadinessCheck check) { checks_.push_back(std::move(check)); }

void App::AddDatabaseCheck(std::function<std::int64_t()> ping_ms) {
    AddReadinessCheck({"database", true, [ping = std::move(ping_ms)] {
        return CheckResult{"up", {{"latencyMs", ping()}}};
    }});
}

void App::AddDependencyCheck(const std::string& name, std::function<bool()> up) {
    AddReadinessCheck({name, false, [up = std::move(up)] { return CheckResult{up() ? "up" : "down", {}}; }});
}

void App::SetOpenApi(std::string document, bool api_docs_alias) {
    openapi_ = std::move(document);
    if (api_docs_alias) router_.Add(Method::kGet, "/api-docs", kAnonymous, DocsPage, {.operational = true});
}

ThreadPool* App::PoolFor(const Route& route) {
    if (route.options.offload) return offload_pool_.get();
    if (route.options.writes) return write_pool_.get();
    return nullptr;
}

void App::SetOffloadThreads(int threads) { offload_pool_ = std::make_unique<ThreadPool>(threads, 10); }

void App::AddOperationalRoutes() {
    RouteOptions ops{.operational = true};
    router_.Add(Method::kGet, "/health", kAnonymous, [](Request&) { return PlainJson(200, {{"status", "ok"}}); }, ops);
    router_.Add(Method::kGet, "/health/ready", kAnonymous, [this](Request&) {
        json::bj::object checks;
        bool ready = true;
        for (const auto& c : checks_) {
            CheckResult r;
            try {
                r = c.check();
            } catch (const std::exception& e) {
                r.status = "down";
                r.details["error"] = e.what();
            }
            if (c.required && r.status != "up") ready = false;
            json::bj::object entry = std::move(r.details);
            entry["status"] = r.status;
            checks[c.name] = std::move(entry);
        }
        return PlainJson(ready ? 200 : 503, {{"status", ready ? "ready" : "not_ready"},
                                             {"service", settings_.service_name},
                                             {"checks", std::move(checks)}});
    }, ops);
    router_.Add(Method::kGet, "/metrics", kAnonymous, [this](Request& req) {
        Response r;
        r.enveloped = false;
        if (!settings_.metrics_token.empty()) {
            auto auth = req.Header("authorization");
            if (!auth || !crypto::ConstantTimeEquals(*auth, "Bearer " + settings_.metrics_token)) {
                r.status = 401;
                r.content_type.clear();
                return r;
            }
        }
        r.content_type = "text/plain; version=0.0.4; charset=utf-8";
        r.body = metrics_.Render();
        return r;
    }, ops);
    router_.Add(Method::kGet, "/openapi.json", kAnonymous, [this](Request&) {
        Response r;
        r.enveloped = false;
        r.body = openapi_;
        return r;
    }, ops);
    router_.Add(Method::kGet, "/docs", kAnonymous, DocsPage, ops);
    router_.Add(Method::kGet, "/docs/{asset}", kAnonymous, [this](Request& req) {
        static const std::pair<const char*, const char*> kAssets[] = {
            {"swagger-ui.css", "text/css"},
            {"swagger-ui-bundle.js", "application/javascript"},
            {"favicon-32x32.png", "image/png"}};
        Response r;
        r.enveloped = false;
        for (const auto& [name, type] : kAssets) {
            if (req.Param("asset") != name) continue;
            r.body = ReadFile(settings_.docs_dir + "/" + name);
            if (r.body.empty()) break;
            r.content_type = type;
            r.With("Cache-Control", "public, max-age=86400");
            return r;
        }
        return ErrorResponse(Error::NotFound("No such documentation asset"));
    }, ops);
}

std::string App::ClientIp(const Request& req, std::string_view peer) const {
    auto trusted = [&](std::string_view ip) {
        for (const auto& range : settings_.trusted_proxies)
            if (range.Contains(ip)) return true;
        return false;
    };
    if (!trusted(peer)) return std::string(peer);
    auto xff = req.Header("x-forwarded-for");
    if (!xff) return std::string(peer);
    // Walk from the right: the first hop that is not a trusted proxy is the client.
    std::string_view list = *xff;
    std::string candidate(peer);
    while (!list.empty()) {
        auto comma = list.rfind(',');
        std::string_view hop = comma == std::string_view::npos ? list : list.substr(comma + 1);
        while (!hop.empty() && hop.front() == ' ') hop.remove_prefix(1);
        while (!hop.empty() && hop.back() == ' ') hop.remove_suffix(1);
        if (!hop.empty()) {
            candidate = std::string(hop);
            if (!trusted(hop)) break;
        }
        if (comma == std::string_view::npos) break;
        list = list.substr(0, comma);
    }
    return candidate;
}

App::Prepared App::Prepare(Request& req, std::size_t body_size, std::string_view peer_ip) {
    Prepared p;
    auto rid = req.Header("x-request-id");
    req.request_id = rid && ValidRequestId(*rid) ? std::string(*rid) : crypto::FastUuid();
    req.client_ip = ClientIp(req, peer_ip);

    if (req.method == Method::kOptions) {
        auto any = router_.Find(Method::kGet, req.path);
        if (!any.route && any.allow.empty()) {
            p.early = ErrorResponse(Error::NotFound("No route for this path"));
            return p;
        }
        Response r;
        r.status = 204;
        r.enveloped = false;
        r.content_type.clear();
        p.early = std::move(r);
        return p;
    }

    auto match = router_.Find(req.method, req.path);
    if (!match.route) {
        if (match.allow.empty()) {
            req.route = "unmatched";
            p.early = ErrorResponse(Error::NotFound("No route for " + std::string(MethodName(req.method)) + " " + req.path));
        } else {
            req.route = "unmatched";
            p.early = ErrorResponse(Error::Of(ErrorCode::kMethodNotAllowed, "Method not allowed; use " + match.allow));
            p.early->With("Allow", match.allow);
        }
        return p;
    }
    const Route& route = *match.route;
    req.route = route.pattern;
    req.params = std::move(match.params);
    req.path = Router::Canonical(req.path);

    if (body_size > kMaxBody) {
        p.early = ErrorResponse(Error::Of(ErrorCode::kPayloadTooLarge, "Request body exceeds 65536 bytes"));
        return p;
    }

    // Authentication.
    if (!(route.roles & kAnonymous)) {
        auto service_token = req.Header("x-service-token");
        auto authorization = req.Header("authorization");
        if (service_token) {
            for (const auto& [name, secret] : settings_.service_tokens)
                if (crypto::ConstantTimeEquals(*service_token, secret)) req.principal = {.role = kService, .service = name};
            if (req.principal.role != kService) {
                p.early = ErrorResponse(Error::Of(ErrorCode::kUnauthenticated, "Invalid service credential"));
                return p;
            }
        } else if (authorization && authorization->size() > 7 &&
                   (authorization->substr(0, 7) == "Bearer " || authorization->substr(0, 7) == "bearer ")) {
            auto verified = verify_bearer_ ? verify_bearer_(authorization->substr(7))
                                           : Result<Principal>(Error::Of(ErrorCode::kUnauthenticated, "Invalid token"));
            if (!verified) {
                p.early = ErrorResponse(verified.error());
                for (auto& [k, v] : p.early->headers)
                    if (k == "WWW-Authenticate") v = "Bearer error=\"invalid_token\"";
                return p;
            }
            req.principal = std::move(*verified);
        } else {
            p.early = ErrorResponse(Error::Of(ErrorCode::kUnauthenticated, "Authentication required"));
            return p;
        }
    }

    // General rate limit: per user when authenticated as a user, per IP when anonymous.
    if (!route.options.operational && req.principal.role != kService) {
        std::optional<int> wait = req.principal.user_id.empty()
                                      ? limiter_.Hit("ip:" + req.client_ip, settings_.rate_ip_per_min)
                                      : limiter_.Hit("user:" + req.principal.user_id, settings_.rate_user_per_min);
        if (wait) {
            p.early = ErrorResponse(Error::RateLimited(*wait));
            return p;
        }
    }

    if (!(route.roles & kAnonymous) && !(route.roles & req.principal.role)) {
        // Service-only endpoints refuse user tokens with 401; user endpoints refuse services with 401 too.
        bool service_route_user_caller = route.roles == kService || req.principal.role == kService;
        p.early = ErrorResponse(service_route_user_caller
                                    ? Error::Of(ErrorCode::kUnauthenticated, "This endpoint needs another credential")
                                    : Error::Of(ErrorCode::kForbidden, "Your role may not use this endpoint"));
        return p;
    }

    if ((req.method == Method::kPost || req.method == Method::kPut || req.method == Method::kPatch) && body_size > 0) {
        auto ct = req.Header("content-type");
        if (!ct || !JsonMediaType(*ct)) {
            p.early = ErrorResponse(
                Error::Of(ErrorCode::kUnsupportedMediaType, "Content-Type must be application/json; charset=utf-8"));
            return p;
        }
    }
    p.route = &route;
    return p;
}

Response App::Execute(const Route& route, Request& req) {
    try {
        return route.handler(req);
    } catch (const Unavailable& e) {
        log::Error("dependency unavailable", {{"requestId", req.request_id}, {"route", req.route}, {"error", e.what()}});
        Error err = Error::Of(ErrorCode::kDependencyUnavailable, "Service temporarily unavailable; nothing was changed");
        err.retry_after_s = 1;
        return ErrorResponse(err);
    } catch (const std::exception& e) {
        log::Error("unhandled exception", {{"requestId", req.request_id}, {"route", req.route}, {"error", e.what()}});
    }
    return ErrorResponse(Error::Of(ErrorCode::kInternal, "Internal error; quote request id " + req.request_id));
}

void App::Finish(const Request& req, Response& res, double seconds) {
    res.With("X-Request-ID", req.request_id);
    if (res.enveloped) {
        res.With("Cache-Control", "no-store");
        res.With("X-Content-Type-Options", "nosniff");
    }
    if (auto origin = req.Header("origin")) {
        for (const auto& allowed : settings_.cors_origins) {
            if (allowed != *origin) continue;
            res.With("Access-Control-Allow-Origin", allowed);
            res.With("Vary", "Origin");
            res.With("Access-Control-Expose-Headers", "X-Request-ID, ETag, Location, Retry-After, Idempotent-Replayed");
            if (req.method == Method::kOptions) {
                res.With("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
                res.With("Access-Control-Allow-Headers", "Authorization, Content-Type, Idempotency-Key, If-Match, X-Request-ID");
                res.With("Access-Control-Max-Age", "600");
            }
            break;
        }
    }
    const std::string& route = req.route.empty() ? kUnmatched : req.route;
    metrics_.ObserveRequest(req.method, route, res.status, seconds);
    if (!log::Enabled("info")) return;
    // One JSON line per request, formatted directly (this runs for every request).
    std::string line;
    line.reserve(320);
    line += R"({"ts":")";
    line += FormatTimestamp(NowMs());
    line += R"(","level":"info","service":)";
    line += json::bj::serialize(json::bj::string_view(log::ServiceName()));
    line += R"(,"msg":"request","requestId":")";
    line += req.request_id;  // validated: [A-Za-z0-9._:-] or a UUID
    line += R"(","method":")";
    line += MethodName(req.method);
    line += R"(","path":)";
    line += json::bj::serialize(json::bj::string_view(req.path));
    line += R"(,"route":)";
    line += json::bj::serialize(json::bj::string_view(route));
    line += R"(,"status":)";
    line += std::to_string(res.status);
    auto micros = static_cast<std::int64_t>(seconds * 1e6);
    std::string frac = std::to_string(1000 + micros % 1000).substr(1);
    line += R"(,"latencyMs":)" + std::to_string(micros / 1000) + "." + frac;
    line += R"(,"userId":)";
    line += req.principal.user_id.empty() ? "null" : "\"" + req.principal.user_id + "\"";
    line += R"(,"ip":)";
    line += json::bj::serialize(json::bj::string_view(req.client_ip));
    line += "}";
    log::WriteRaw("info", std::move(line));
}

}  // namespace shop::http
