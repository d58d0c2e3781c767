#include "shop/auth/revocations.hpp"

#include <mutex>

namespace shop::auth {

bool RevocationList::IsRevoked(const std::string& session_id) const {
    std::shared_lock lock(mutex_);
    return revoked_.contains(session_id);
}

void RevocationList::Apply(const std::vector<RevocationEntry>& entries, TimeMs now) {
    std::unique_lock lock(mutex_);
    for (const auto& e : entries) {
        revoked_[e.session_id] = e.expires_at;
        if (e.seq > last_seq_) last_seq_ = e.seq;
    }
    std::erase_if(revoked_, [&](const auto& kv) { return kv.second <= now; });
    last_update_ = now;
}

std::int64_t RevocationList::last_seq() const {
    std::shared_lock lock(mutex_);
    return last_seq_;
}

std::size_t RevocationList::size() const {
    std::shared_lock lock(mutex_);
    return revoked_.size();
}

TimeMs RevocationList::last_update() const {
    std::shared_lock lock(mutex_);
    return last_update_;
}

}  // namespace shop::auth
