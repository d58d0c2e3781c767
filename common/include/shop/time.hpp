// Time as integer milliseconds since the Unix epoch, and the formats of API.md §1.7.
//   FormatTimestamp(NowMs()) == "2026-11-25T10:15:30.123Z"
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shop {

using TimeMs = std::int64_t;

TimeMs NowMs();
std::string FormatTimestamp(TimeMs ms);  // ISO-8601 UTC, 3 fractional digits, Z
std::string FormatDateCompact(TimeMs ms);  // YYYYMMDD (UTC), for human numbers

enum class Bound { kLower, kUpper };
// RFC 3339 timestamp (any offset) or YYYY-MM-DD (start or end of that UTC day per `bound`).
std::optional<TimeMs> ParseTimeBound(std::string_view text, Bound bound);

// Start of the UTC day, or of the ISO week (Monday), holding `ms`: the buckets of the stats series.
TimeMs BucketStart(TimeMs ms, bool weekly);

// "900", "900s", "15m", "48h", "7d", "250ms" -> milliseconds.
std::optional<std::int64_t> ParseDurationMs(std::string_view text);

}  // namespace shop
