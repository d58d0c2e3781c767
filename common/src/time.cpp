#include "shop/time.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace shop {
namespace {

bool ParseDigits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

bool ValidDate(int y, int m, int d) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

TimeMs DaysToMs(int y, int m, int d) {
    using namespace std::chrono;
    auto days = sys_days{year{y} / month{static_cast<unsigned>(m)} / day{static_cast<unsigned>(d)}};
    return duration_cast<milliseconds>(days.time_since_epoch()).count();
}

}  // namespace

TimeMs NowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string FormatTimestamp(TimeMs ms) {
    // Hand-formatted (no gmtime/snprintf): this runs several times per request.
    std::int64_t days = ms >= 0 ? ms / 86'400'000 : (ms - 86'399'999) / 86'400'000;
    std::int64_t rem = ms - days * 86'400'000;
    // civil_from_days (Howard Hinnant's algorithm)
    std::int64_t z = days + 719'468;
    std::int64_t era = (z >= 0 ? z : z - 146'096) / 146'097;
    std::int64_t doe = z - era * 146'097;
    std::int64_t yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
    std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    std::int64_t mp = (5 * doy + 2) / 153;
    std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    std::string out = "0000-00-00T00:00:00.000Z";
    auto put = [&](std::size_t pos, std::int64_t value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10) out[pos + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    };
    put(0, y, 4);
    put(5, m, 2);
    put(8, d, 2);
    put(11, rem / 3'600'000, 2);
    put(14, rem / 60'000 % 60, 2);
    put(17, rem / 1000 % 60, 2);
    put(20, rem % 1000, 3);
    return out;
}

std::string FormatDateCompact(TimeMs ms) {
    std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return buf;
}

std::optional<TimeMs> ParseTimeBound(std::string_view s, Bound bound) {
    int y, mo, d;
    if (!ParseDigits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !ParseDigits(s, 5, 2, mo) || s[7] != '-' ||
        !ParseDigits(s, 8, 2, d) || !ValidDate(y, mo, d))
        return std::nullopt;
    TimeMs day_start = DaysToMs(y, mo, d);
    if (s.size() == 10) return bound == Bound::kLower ? day_start : day_start + 86'400'000 - 1;
    int h, mi, sec;
    if ((s[10] != 'T' && s[10] != 't') || !ParseDigits(s, 11, 2, h) || s.size() < 19 || s[13] != ':' ||
        !ParseDigits(s, 14, 2, mi) || s[16] != ':' || !ParseDigits(s, 17, 2, sec) || h > 23 || mi > 59 || sec > 60)
        return std::nullopt;
    std::size_t pos = 19;
    int frac_ms = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        std::size_t digits = 0;
        int scale = 100;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (digits < 3) frac_ms += (s[pos] - '0') * scale, scale /= 10;
            ++digits, ++pos;
        }
        if (digits == 0) return std::nullopt;
    }
    if (pos >= s.size()) return std::nullopt;
    int offset_min = 0;
    if (s[pos] == 'Z' || s[pos] == 'z') {
        ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
        int oh, om;
        if (!ParseDigits(s, pos + 1, 2, oh) || s.size() < pos + 6 || s[pos + 3] != ':' ||
            !ParseDigits(s, pos + 4, 2, om) || oh > 23 || om > 59)
            return std::nullopt;
        offset_min = (oh * 60 + om) * (s[pos] == '+' ? 1 : -1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;
    return day_start + ((h * 60 + mi - offset_min) * 60LL + sec) * 1000 + frac_ms;
}

std::optional<std::int64_t> ParseDurationMs(std::string_view s) {
    std::int64_t value = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || value < 0) return std::nullopt;
    std::string_view unit(ptr, static_cast<std::size_t>(s.data() + s.size() - ptr));
    std::int64_t factor;
    if (unit.empty() || unit == "s") factor = 1000;
    else if (unit == "ms") factor = 1;
    else if (unit == "m") factor = 60'000;
    else if (unit == "h") factor = 3'600'000;
    else if (unit == "d") factor = 86'400'000;
    else return std::nullopt;
    return value * factor;
}

TimeMs BucketStart(TimeMs ms, bool weekly) {
    constexpr TimeMs kDay = 86'400'000;
    TimeMs day = ms >= 0 ? ms / kDay : (ms - kDay + 1) / kDay;
    if (!weekly) return day * kDay;
    TimeMs monday_based = day + 3;  // 1970-01-01 was a Thursday
    TimeMs week = monday_based >= 0 ? monday_based / 7 : (monday_based - 6) / 7;
    return (week * 7 - 3) * kDay;
}

}  // namespace shop
