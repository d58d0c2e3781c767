#include "shop/rate_limit.hpp"

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

}  // namespace shop
