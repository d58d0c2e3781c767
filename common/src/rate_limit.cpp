#include "shop/rate_limit.hpp"

#include <algorithm>
#include <functional>

#include "shop/time.hpp"

namespace shop {

std::optional<int> RateLimiter::Hit(const std::string& key, std::int64_t limit, std::int64_t window_ms) {
    if (limit <= 0) return std::nullopt;
    Shard& shard = shards_[std::hash<std::string>{}(key) % kShards];
    std::int64_t now = NowMs();
    std::int64_t start = now - now % window_ms;
    std::lock_guard lock(shard.mutex);
    if (shard.windows.size() > 100'000) {  // forget idle keys so memory stays bounded
        std::erase_if(shard.windows, [&](const auto& kv) { return kv.second.start < start - window_ms; });
    }
    Window& w = shard.windows[key];
    if (w.start != start) {
        w.previous = w.start == start - window_ms ? w.current : 0;
        w.current = 0;
        w.start = start;
    }
    double weight = 1.0 - static_cast<double>(now - start) / static_cast<double>(window_ms);
    double estimate = static_cast<double>(w.previous) * weight + static_cast<double>(w.current);
    if (estimate + 1 > static_cast<double>(limit)) {
        int wait = static_cast<int>((start + window_ms - now + 999) / 1000);
        return wait < 1 ? 1 : wait;
    }
    ++w.current;
    return std::nullopt;
}

int RetryAfterSeconds(const std::vector<std::int64_t>& times, std::int64_t limit, std::int64_t window_ms,
                      std::int64_t now) {
    std::int64_t oldest_of_last = times[times.size() - static_cast<std::size_t>(limit)];
    std::int64_t wait_ms = oldest_of_last + window_ms - now;
    return static_cast<int>(std::max<std::int64_t>(1, (wait_ms + 999) / 1000));
}

std::optional<int> SlidingLog::Blocked(const std::string& key, std::int64_t limit, std::int64_t window_ms) {
    if (limit <= 0) return std::nullopt;
    std::int64_t now = NowMs();
    std::lock_guard lock(mutex_);
    auto it = events_.find(key);
    if (it == events_.end()) return std::nullopt;
    auto& times = it->second;
    std::erase_if(times, [&](std::int64_t t) { return t <= now - window_ms; });
    if (static_cast<std::int64_t>(times.size()) < limit) return std::nullopt;
    return RetryAfterSeconds(times, limit, window_ms, now);
}

void SlidingLog::Add(const std::string& key) {
    std::int64_t now = NowMs();
    std::lock_guard lock(mutex_);
    events_[key].push_back(now);
    if (++adds_ % 10'000 == 0) {  // forget keys idle for a day so memory stays bounded
        std::erase_if(events_, [&](const auto& kv) { return kv.second.empty() || kv.second.back() < now - 86'400'000; });
    }
}

}  // namespace shop
