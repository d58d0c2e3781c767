// The Customer service's use cases (API.md §5, §9.3): records kept in step with Auth through events and
// write-through calls, totals from order and complaint events, admin management, the timeline.
#pragma once

#include <optional>
#include <string>

#include "domain/model.hpp"
#include "shop/json/json.hpp"
#include "shop/result.hpp"

namespace customer {

// What the service needs from Auth (implemented over HTTP with the service credential).
class AuthGateway {
public:
    virtual ~AuthGateway() = default;
    // The user's current profile, nullopt when unknown; DEPENDENCY_UNAVAILABLE when Auth cannot answer.
    virtual shop::Result<std::optional<shop::json::bj::object>> GetUser(const std::string& id) = 0;
    virtual shop::Result<shop::json::bj::object> UpdateUser(const std::string& id, const shop::json::bj::object& patch) = 0;
    virtual shop::Status SetActive(const std::string& id, bool active, const std::string& reason, const std::string& actor) = 0;
    virtual shop::Status Erase(const std::string& id, const std::string& actor) = 0;
};

struct Actor {
    std::string user_id;
    bool admin = false;
};

struct ProfilePatch {
    std::optional<std::string> full_name;
    std::optional<std::optional<std::string>> contact_number;
    std::optional<std::optional<shop::json::Address>> address;
};

class CustomerService {
public:
    CustomerService(CustomerStore& store, AuthGateway& auth) : store_(store), auth_(auth) {}

    // The record of `id` as `actor` may see it (a customer only their own), created from Auth if missing.
    shop::Result<Customer> Get(const Actor& actor, const std::string& id);
    std::pair<std::vector<Customer>, std::int64_t> List(const CustomerQuery& q) { return store_.List(q); }
    std::pair<std::vector<TimelineEntry>, std::int64_t> Timeline(const TimelineQuery& q) { return store_.Timeline(q); }
    CustomerStats Stats(TimeMs from, TimeMs to, bool weekly) { return store_.Stats(from, to, weekly); }

    shop::Result<Customer> Update(const Actor& actor, const std::string& id, const ProfilePatch& patch,
                                  std::optional<std::int64_t> version);
    shop::Result<Customer> SetActive(const Actor& actor, const std::string& id, bool active,
                                     std::optional<std::int64_t> if_match = std::nullopt);
    shop::Result<Customer> Delete(const Actor& actor, const std::string& id, bool erase,
                                  std::optional<std::int64_t> if_match = std::nullopt);

    // POST /internal/events: "processed", "duplicate" or "ignored"; 400 for a malformed event, 503 to retry later.
    shop::Result<std::string> HandleEvent(const shop::json::bj::object& event);

private:
    shop::Result<Customer> Ensure(const std::string& id);  // creates the record from Auth when missing
    shop::Result<std::string> Apply(CustomerTx& tx, const std::string& type, const std::string& event_id,
                                    const shop::json::bj::object& data, std::int64_t version, TimeMs occurred_at);

    CustomerStore& store_;
    AuthGateway& auth_;
};

Customer FromUser(const shop::json::bj::object& user, TimeMs now);

}  // namespace customer
