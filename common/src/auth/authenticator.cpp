#include "shop/auth/authenticator.hpp"

namespace shop::auth {

Authenticator::Authenticator(const Verifier& verifier, std::function<bool(const Claims&)> is_revoked,
                             std::function<void(const std::string&)> on_unknown_kid)
    : verifier_(verifier), is_revoked_(std::move(is_revoked)), on_unknown_kid_(std::move(on_unknown_kid)) {}

Result<http::Principal> Authenticator::Authenticate(std::string_view token) {
    Shard& shard = shards_[TailHash{}(token) % kShards];
    std::optional<Claims> claims;
    {
        std::lock_guard lock(shard.mutex);
        if (auto it = shard.verified.find(token); it != shard.verified.end()) claims = it->second;
    }
    if (!claims) {
        std::string unknown_kid;
        auto verified = verifier_.Verify(token, &unknown_kid);
        if (!verified && !unknown_kid.empty() && on_unknown_kid_) {
            on_unknown_kid_(unknown_kid);  // refresh keys, then one more try
            verified = verifier_.Verify(token);
        }
        if (!verified) return verified.error();
        claims = verified->claims;
        std::lock_guard lock(shard.mutex);
        if (shard.verified.size() >= kShardCapacity) {
            std::int64_t now_s = NowMs() / 1000;
            std::erase_if(shard.verified, [&](const auto& kv) { return kv.second.exp + 30 < now_s; });
            if (shard.verified.size() >= kShardCapacity) shard.verified.clear();
        }
        shard.verified.emplace(std::string(token), *claims);
    }
    if (is_revoked_ && is_revoked_(*claims))
        return Error::Of(ErrorCode::kTokenRevoked, "This session has been revoked; please sign in again");
    if (claims->exp + 30 < NowMs() / 1000)
        return Error::Of(ErrorCode::kTokenExpired, "Access token expired; refresh it");
    http::Principal p;
    p.role = claims->role == "Administrator" ? http::kAdministrator : http::kCustomer;
    p.user_id = claims->sub;
    p.email = claims->email;
    p.name = claims->name;
    p.session_id = claims->sid;
    return p;
}

}  // namespace shop::auth
