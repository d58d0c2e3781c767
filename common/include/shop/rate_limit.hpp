// In-memory request limits per key (user id or client IP), per instance (API.md §1.13, general limits).
// A sliding window approximated by two fixed one-minute windows, as most API gateways do.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace shop {

class RateLimiter {
public:
    // Counts one request for `key`; returns the seconds to wait when over `limit` per `window_ms` (limit 0 = off).
    std::optional<int> Hit(const std::string& key, std::int64_t limit, std::int64_t window_ms = 60'000);

private:
    struct Window {
        std::int64_t start = 0;
        std::int64_t current = 0;
        std::int64_t previous = 0;
    };
    static constexpr int kShards = 16;
    struct Shard {
        std::mutex mutex;
        std::unordered_map<std::string, Window> windows;
    };
    Shard shards_[kShards];
};

// Exact sliding-window counts of recent events per key (login failures per IP, registrations per IP, ...).
class SlidingLog {
public:
    // Seconds until the key is under `limit` events per `window_ms` again, or nullopt when it is (limit 0 = off).
    std::optional<int> Blocked(const std::string& key, std::int64_t limit, std::int64_t window_ms);
    void Add(const std::string& key);

private:
    std::mutex mutex_;
    std::unordered_map<std::string, std::vector<std::int64_t>> events_;
    std::size_t adds_ = 0;
};

// Seconds until the oldest of the last `limit` events leaves the window (times ascending).
int RetryAfterSeconds(const std::vector<std::int64_t>& times, std::int64_t limit, std::int64_t window_ms, std::int64_t now);

}  // namespace shop
