// What Customer, Order and Complaint use to authenticate users without calling Auth per request
// (API.md §2.3, §2.5): Auth's JWKS, loaded at start, refreshed every 10 min and on an unknown kid (at most
// every 30 s); and the revocation feed, polled every REVOCATION_POLL_INTERVAL_MS into a RevocationList.
//   RemoteAuth remote(auth_client, verifier, revocations, 2000);
//   remote.LoadOnce(); remote.Start();  // readiness: remote.KeysCheck(), remote.RevocationsCheck()
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "shop/auth/authenticator.hpp"
#include "shop/auth/jwt.hpp"
#include "shop/auth/revocations.hpp"
#include "shop/client/http_client.hpp"
#include "shop/http/app.hpp"

namespace shop::auth {

class RemoteAuth {
public:
    RemoteAuth(client::HttpClient& auth, Verifier& verifier, RevocationList& revocations, std::int64_t poll_ms);
    ~RemoteAuth();

    bool RefreshKeys();         // GET /.well-known/jwks.json
    bool PollRevocations();     // GET /api/v1/auth/internal/revocations?since=<last>
    bool LoadOnce();            // both; true when both succeeded
    void OnUnknownKid(const std::string& kid);  // re-fetch, rate-limited to once per 30 s
    void Start();
    void Stop();

    http::CheckResult KeysCheck() const;         // required: keys loaded once
    http::CheckResult RevocationsCheck() const;  // required: feed loaded once; degraded when polling fails

private:
    void Loop();

    client::HttpClient& auth_;
    Verifier& verifier_;
    RevocationList& revocations_;
    std::int64_t poll_ms_;
    std::atomic<bool> keys_loaded_{false};
    std::atomic<bool> feed_loaded_{false};
    std::atomic<bool> feed_failing_{false};
    std::atomic<std::int64_t> last_feed_ok_ms_{0};
    std::atomic<std::int64_t> last_kid_fetch_ms_{0};
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::thread thread_;
};

// What a resource service (Customer, Order, Complaint) needs to authenticate users against Auth: the HTTP client,
// JWKS, revocation feed and verified-token cache. Install() wires them into an App (bearer verifier and the
// signingKeys, revocations and auth readiness checks); LoadOnce() before serving, Start()/Stop() around it.
class ServiceAuthentication {
public:
    ServiceAuthentication(const std::string& auth_url, const std::string& service_token, JwtSettings jwt,
                          std::int64_t poll_ms);
    void Install(http::App& app);
    bool LoadOnce() { return remote_.LoadOnce(); }
    void Start() { remote_.Start(); }
    void Stop() { remote_.Stop(); }
    client::HttpClient& client() { return client_; }

private:
    client::HttpClient client_;
    Verifier verifier_;
    RevocationList revocations_;
    RemoteAuth remote_;
    Authenticator authenticator_;
};

}  // namespace shop::auth
