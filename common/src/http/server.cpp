// The only translation unit that includes RESTinio (it costs ~20 s to compile): adapts RESTinio requests
// to shop::http::Request, runs the App pipeline, writes the Response.
#include <restinio/all.hpp>

#include <condition_variable>
#include <csignal>
#include <mutex>
#include <pthread.h>

#include "shop/http/app.hpp"
#include "shop/log.hpp"

namespace shop::http {
namespace {

Method ToMethod(restinio::http_method_id_t m) {
    if (m == restinio::http_method_get()) return Method::kGet;
    if (m == restinio::http_method_post()) return Method::kPost;
    if (m == restinio::http_method_put()) return Method::kPut;
    if (m == restinio::http_method_patch()) return Method::kPatch;
    if (m == restinio::http_method_delete()) return Method::kDelete;
    if (m == restinio::http_method_options()) return Method::kOptions;
    if (m == restinio::http_method_head()) return Method::kHead;
    return Method::kOther;
}

const char* Reason(int status) {
    switch (status) {
        case 200: return "OK";
        case 201: return "Created";
        case 204: return "No Content";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 409: return "Conflict";
        case 413: return "Payload Too Large";
        case 415: return "Unsupported Media Type";
        case 429: return "Too Many Requests";
        case 500: return "Internal Server Error";
        case 503: return "Service Unavailable";
        default: return "Unknown";
    }
}

std::string PercentDecode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

struct Traits : public restinio::default_traits_t {};

// Apps running in this process; SIGINT/SIGTERM stop them all.
std::mutex g_apps_mutex;
std::vector<App*> g_apps;

}  // namespace

void App::WatchSignals() {
    static std::once_flag once;
    std::call_once(once, [] {
        // Signals are taken by one thread with sigwait; block them before other threads start.
        sigset_t signals;
        sigemptyset(&signals);
        sigaddset(&signals, SIGINT);
        sigaddset(&signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &signals, nullptr);
        std::signal(SIGPIPE, SIG_IGN);
        std::thread([signals] {
            int sig = 0;
            sigwait(&signals, &sig);
            std::lock_guard lock(g_apps_mutex);
            for (App* app : g_apps) app->Stop();
        }).detach();
    });
}

void App::Stop() {
    std::lock_guard lock(stop_mutex_);
    stop_ = true;
    stop_cv_.notify_all();
}

void App::Run(const std::function<void(int)>& on_started) {
    WatchSignals();
    {
        std::lock_guard lock(g_apps_mutex);
        g_apps.push_back(this);
    }

    auto send = [this](const restinio::request_handle_t& rq, const Request& req, Response& res,
                       std::chrono::steady_clock::time_point start) {
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        Finish(req, res, seconds);
        auto builder = rq->create_response(restinio::http_status_line_t{
            restinio::http_status_code_t{static_cast<std::uint16_t>(res.status)}, Reason(res.status)});
        if (!res.content_type.empty()) builder.append_header(restinio::http_field::content_type, res.content_type);
        for (auto& [k, v] : res.headers) builder.append_header(k, v);
        builder.set_body(std::move(res.body));
        builder.done();
    };

    auto handler = [this, send](restinio::request_handle_t rq) -> restinio::request_handling_status_t {
        auto start = std::chrono::steady_clock::now();
        auto req = std::make_shared<Request>();
        req->method = ToMethod(rq->header().method());
        req->path = PercentDecode(rq->header().path());
        rq->header().for_each_field([&](const restinio::http_header_field_t& f) {
            std::string name = f.name();
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            req->headers.emplace_back(std::move(name), f.value());
        });
        std::string peer = rq->remote_endpoint().address().to_string();
        try {
            for (const auto& [k, v] : restinio::parse_query<restinio::parse_query_traits::relaxed>(rq->header().query()))
                req->query.emplace_back(std::string(k), std::string(v));
        } catch (const std::exception&) {
            auto p = Prepare(*req, 0, peer);  // still assigns the request id and route
            Response res = ErrorResponse(Error::Of(ErrorCode::kValidationFailed, "Malformed query string"));
            send(rq, *req, res, start);
            return restinio::request_accepted();
        }
        req->body = rq->body();
        auto prepared = Prepare(*req, req->body.size(), peer);
        if (prepared.early) {
            send(rq, *req, *prepared.early, start);
            return restinio::request_accepted();
        }
        const Route* route = prepared.route;
        if (ThreadPool* pool = PoolFor(*route)) {
            if (pool->Queued() > 1024) {  // shed load instead of queueing for minutes
                Error busy = Error::Of(ErrorCode::kDependencyUnavailable, "Server busy; try again shortly");
                busy.retry_after_s = 1;
                Response res = ErrorResponse(busy);
                send(rq, *req, res, start);
                return restinio::request_accepted();
            }
            pool->Post([this, rq, req, route, start, send] {
                Response res = Execute(*route, *req);
                send(rq, *req, res, start);
            });
            return restinio::request_accepted();
        }
        Response res = Execute(*route, *req);
        send(rq, *req, res, start);
        return restinio::request_accepted();
    };

    auto server_settings =
        restinio::server_settings_t<Traits>{}
            .address(settings_.host)
            .port(static_cast<std::uint16_t>(settings_.port))
            .request_handler(handler)
            .read_next_http_message_timelimit(std::chrono::milliseconds(settings_.http_idle_timeout_ms))
            .write_http_response_timelimit(std::chrono::seconds(10))
            .handle_request_timeout(std::chrono::seconds(60))
            .max_pipelined_requests(16)
            .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                          .max_url_size(8192)
                                          .max_field_name_size(256)
                                          .max_field_value_size(8192)
                                          .max_field_count(100)
                                          .max_body_size(1024 * 1024));
    auto server = restinio::run_async<Traits>(restinio::own_io_context(), std::move(server_settings),
                                              static_cast<std::size_t>(settings_.http_threads));
    log::Info("listening", {{"host", settings_.host}, {"port", settings_.port}, {"threads", settings_.http_threads}});
    if (on_started) on_started(settings_.port);
    {
        std::unique_lock lock(stop_mutex_);
        stop_cv_.wait(lock, [this] { return stop_; });
    }
    log::Info("stopping");
    server->stop();
    server->wait();
    std::lock_guard lock(g_apps_mutex);
    std::erase(g_apps, this);
}

}  // namespace shop::http
