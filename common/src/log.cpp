#include "shop/log.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <mutex>

#include "shop/json/json.hpp"
#include "shop/time.hpp"

namespace shop::log {
namespace {

// stdout without a flush per line (spdlog's stdout sink flushes every line: one write(2) per request).
// Lines are flushed every second, on warnings and at exit.
class BufferedStdoutSink : public spdlog::sinks::base_sink<std::mutex> {
protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        std::fwrite(msg.payload.data(), 1, msg.payload.size(), stdout);
        std::fputc('\n', stdout);
    }
    void flush_() override { std::fflush(stdout); }
};

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
    // Synchronous into a 64 KiB stdio buffer: a line costs a copy under a mutex, a write(2) happens per buffer
    // (an async queue's wake-ups cost more than that on a busy core).
    static char buffer[1 << 16];
    std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
    auto sink = std::make_shared<BufferedStdoutSink>();
    g_logger = std::make_shared<spdlog::logger>(service, sink);
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

const std::string& ServiceName() { return g_service; }

bool Enabled(std::string_view level) { return g_logger && g_logger->should_log(Level(level)); }

void WriteRaw(std::string_view level, std::string line) {
    if (g_logger) g_logger->log(Level(level), line);
}

void Flush() {
    if (g_logger) g_logger->flush();
}

}  // namespace shop::log
