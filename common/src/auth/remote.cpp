#include "shop/auth/remote.hpp"

#include "shop/log.hpp"

namespace shop::auth {

RemoteAuth::RemoteAuth(client::HttpClient& auth, Verifier& verifier, RevocationList& revocations, std::int64_t poll_ms)
    : auth_(auth), verifier_(verifier), revocations_(revocations), poll_ms_(poll_ms) {}

RemoteAuth::~RemoteAuth() { Stop(); }

bool RemoteAuth::RefreshKeys() {
    if (verifier_.settings().algorithm == "HS256") {
        keys_loaded_ = true;
        return true;
    }
    auto r = auth_.Get("/.well-known/jwks.json", "jwks-refresh");
    if (r.status != 200) return false;
    auto doc = json::ParseStrict(r.body);
    if (!doc || verifier_.LoadJwks(*doc) == 0) return false;
    keys_loaded_ = true;
    return true;
}

bool RemoteAuth::PollRevocations() {
    bool more = true;
    while (more) {
        auto r = auth_.Get("/api/v1/auth/internal/revocations?limit=1000&since=" +
                               std::to_string(revocations_.last_seq()), "revocation-feed");
        auto doc = r.status == 200 ? json::ParseStrict(r.body) : Result<json::bj::value>(Error::Of(ErrorCode::kInternal, r.error));
        if (!doc || !doc->is_object() || !doc->get_object().contains("data")) {
            if (!feed_failing_.exchange(true))
                log::Warn("revocation feed unavailable; enforcing the last known list", {{"status", r.status}});
            return false;
        }
        const auto& data = doc->at("data").as_object();
        std::vector<RevocationEntry> entries;
        for (const auto& e : data.at("entries").as_array()) {
            const auto& o = e.as_object();
            auto expires = ParseTimeBound(std::string(o.at("expiresAt").as_string()), Bound::kLower);
            entries.push_back({o.at("seq").as_int64(), std::string(o.at("sessionId").as_string()), expires.value_or(0)});
        }
        revocations_.Apply(entries, NowMs());
        more = data.at("hasMore").as_bool();
    }
    feed_failing_ = false;
    feed_loaded_ = true;
    last_feed_ok_ms_ = NowMs();
    return true;
}

bool RemoteAuth::LoadOnce() {
    bool keys = RefreshKeys();
    bool feed = PollRevocations();
    return keys && feed;
}

void RemoteAuth::OnUnknownKid(const std::string& kid) {
    std::int64_t now = NowMs();
    std::int64_t last = last_kid_fetch_ms_;
    if (now - last < 30'000 || !last_kid_fetch_ms_.compare_exchange_strong(last, now)) return;
    log::Info("unknown signing key; refreshing JWKS", {{"kid", kid}});
    RefreshKeys();
}

void RemoteAuth::Start() { thread_ = std::thread([this] { Loop(); }); }

void RemoteAuth::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void RemoteAuth::Loop() {
    std::int64_t since_keys = 0;
    while (true) {
        {
            std::unique_lock lock(mutex_);
            if (cv_.wait_for(lock, std::chrono::milliseconds(poll_ms_), [&] { return stopping_; })) return;
        }
        try {
            since_keys += poll_ms_;
            if (!keys_loaded_ || since_keys >= 600'000) {
                since_keys = 0;
                RefreshKeys();
            }
            PollRevocations();
        } catch (const std::exception& e) {
            log::Error("remote auth refresh failed", {{"error", e.what()}});
        }
    }
}

http::CheckResult RemoteAuth::KeysCheck() const {
    return {keys_loaded_ ? "up" : "down", {{"keys", static_cast<std::int64_t>(verifier_.KeyCount())}}};
}

http::CheckResult RemoteAuth::RevocationsCheck() const {
    std::int64_t lag = last_feed_ok_ms_ ? NowMs() - last_feed_ok_ms_ : -1;
    std::string status = !feed_loaded_ ? "down" : feed_failing_ ? "degraded" : "up";
    return {status, {{"lagMs", lag}, {"entries", static_cast<std::int64_t>(revocations_.size())}}};
}

ServiceAuthentication::ServiceAuthentication(const std::string& auth_url, const std::string& service_token,
                                             JwtSettings jwt, std::int64_t poll_ms)
    : client_("auth", auth_url, service_token),
      verifier_(std::move(jwt)),
      remote_(client_, verifier_, revocations_, poll_ms),
      authenticator_(
          verifier_, [this](const Claims& c) { return revocations_.IsRevoked(c.sid); },
          [this](const std::string& kid) { remote_.OnUnknownKid(kid); }) {}

void ServiceAuthentication::Install(http::App& app) {
    app.SetBearerVerifier([this](std::string_view token) { return authenticator_.Authenticate(token); });
    app.AddReadinessCheck({"signingKeys", true, [this] { return remote_.KeysCheck(); }});
    app.AddReadinessCheck({"revocations", true, [this] { return remote_.RevocationsCheck(); }});
    app.AddReadinessCheck({"auth", false, [this] {
        return http::CheckResult{client_.circuit_open() ? "down" : "up", {}};
    }});
}

}  // namespace shop::auth
