// The in-memory deny-list of revoked sessions (API.md §2.5): filled from a revocation feed (Auth's own
// table in Auth, GET /api/v1/auth/internal/revocations elsewhere) and consulted on every request.
#pragma once

#include <cstdint>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "shop/time.hpp"

namespace shop::auth {

struct RevocationEntry {
    std::int64_t seq = 0;
    std::string session_id;
    TimeMs expires_at = 0;
};

class RevocationList {
public:
    bool IsRevoked(const std::string& session_id) const;
    void Apply(const std::vector<RevocationEntry>& entries, TimeMs now);
    std::int64_t last_seq() const;
    std::size_t size() const;
    TimeMs last_update() const;

private:
    mutable std::shared_mutex mutex_;
    std::unordered_map<std::string, TimeMs> revoked_;  // session id -> when the entry may be dropped
    std::int64_t last_seq_ = 0;
    TimeMs last_update_ = 0;
};

}  // namespace shop::auth
