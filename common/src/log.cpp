#include "shop/log.hpp"

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "shop/json/json.hpp"
#include "shop/time.hpp"

namespace shop::log {
namespace {

std::shared_ptr<spdlog::logger> g_logger;
std::string g_service = "service";
bool g_json = true;

spdlog::level::level_enum Level(std::string_view l) {
    if (l == "trace") return spdlog::level::trace;
    if (l == "debug") return spdlog::level::debug;
    if (l == "warn") return spdlog::level::warn;
    if (l == "error") return spdlog::level::err;
    return spdlog::level::info;
}

}  // namespace

void Init(const std::string& service, const std::string& level, const std::string& format) {
    g_service = service;
    g_json = format == "json";
    // Asynchronous so a request never waits on stdout; the queue blocks rather than drops lines.
    spdlog::init_thread_pool(16384, 1);
    auto sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
    g_logger = std::make_shared<spdlog::async_logger>(service, sink, spdlog::thread_pool(),
                                                      spdlog::async_overflow_policy::block);
    g_logger->set_pattern("%v");
    g_logger->set_level(Level(level));
    g_logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(g_logger);
    spdlog::flush_every(std::chrono::seconds(1));
}

void Write(std::string_view level, std::string_view message, boost::json::object fields) {
    auto lvl = Level(level);
    if (!g_logger) {
        Init(g_service, "info", "json");
    }
    if (!g_logger->should_log(lvl)) return;
    if (g_json) {
        boost::json::object line;
        line["ts"] = FormatTimestamp(NowMs());
        line["level"] = level;
        line["service"] = g_service;
        line["msg"] = message;
        for (auto& kv : fields) line[kv.key()] = std::move(kv.value());
        g_logger->log(lvl, json::Serialize(line));
    } else {
        std::string text = FormatTimestamp(NowMs()) + " " + std::string(level) + " " + std::string(message);
        for (const auto& kv : fields) text += " " + std::string(kv.key()) + "=" + boost::json::serialize(kv.value());
        g_logger->log(lvl, text);
    }
}

void Flush() {
    if (g_logger) g_logger->flush();
}

}  // namespace shop::log
