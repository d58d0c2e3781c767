// Structured logging on spdlog: one JSON object per line (LOG_FORMAT=json) or readable text.
//   shop::log::Info("outbox", {{"delivered", n}});
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace shop::log {

void Init(const std::string& service, const std::string& level, const std::string& format);
void Write(std::string_view level, std::string_view message, boost::json::object fields = {});
inline void Info(std::string_view m, boost::json::object f = {}) { Write("info", m, std::move(f)); }
inline void Warn(std::string_view m, boost::json::object f = {}) { Write("warn", m, std::move(f)); }
inline void Error(std::string_view m, boost::json::object f = {}) { Write("error", m, std::move(f)); }
inline void Debug(std::string_view m, boost::json::object f = {}) { Write("debug", m, std::move(f)); }
bool Enabled(std::string_view level);
// A line already formatted by the caller (the access log builds its JSON directly, for speed).
void WriteRaw(std::string_view level, std::string line);
const std::string& ServiceName();
void Flush();

}  // namespace shop::log
