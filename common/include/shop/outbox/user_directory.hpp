// Email recipients for services that do not own user data (API.md §8.2): the current address and
// notification settings come from Auth GET /api/v1/auth/user/{id}, cached for up to 60 s.
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>

#include "shop/client/http_client.hpp"
#include "shop/outbox/dispatcher.hpp"

namespace shop::outbox {

class UserDirectory {
public:
    explicit UserDirectory(client::HttpClient& auth, std::int64_t ttl_ms = 60'000) : auth_(auth), ttl_ms_(ttl_ms) {}
    // Send to the current address; skip when the setting is off, the account erased or unknown;
    // postpone when Auth cannot be reached.
    Recipient Resolve(const Message& m);

private:
    struct Entry {
        int status = 0;  // HTTP status of the lookup
        json::bj::object user;
        TimeMs fetched_at = 0;
    };
    client::HttpClient& auth_;
    std::int64_t ttl_ms_;
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> cache_;
};

}  // namespace shop::outbox
