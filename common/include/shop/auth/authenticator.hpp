// Bearer-token authentication for every service: verify once per process (a bounded cache keyed by the
// token), then on every request check revocation (TOKEN_REVOKED wins over TOKEN_EXPIRED) and expiry.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

#include "shop/auth/jwt.hpp"
#include "shop/http/types.hpp"

namespace shop::auth {

class Authenticator {
public:
    // `is_revoked` answers whether the token's session (or user) is revoked now.
    Authenticator(const Verifier& verifier, std::function<bool(const Claims&)> is_revoked,
                  std::function<void(const std::string& kid)> on_unknown_kid = {});
    Result<http::Principal> Authenticate(std::string_view token);

private:
    const Verifier& verifier_;
    std::function<bool(const Claims&)> is_revoked_;
    std::function<void(const std::string&)> on_unknown_kid_;
    static constexpr int kShards = 16;
    static constexpr std::size_t kShardCapacity = 4096;
    // Tokens are long (~700 bytes): hash only their tail (inside the signature), compare them whole.
    struct TailHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view t) const {
            return std::hash<std::string_view>{}(t.size() > 48 ? t.substr(t.size() - 48) : t);
        }
    };
    struct Shard {
        std::mutex mutex;
        std::unordered_map<std::string, Claims, TailHash, std::equal_to<>> verified;
    };
    Shard shards_[kShards];
};

}  // namespace shop::auth
