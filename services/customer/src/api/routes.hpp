// Every Customer endpoint (API.md §5) in one place, with the principals allowed to call it.
#pragma once

#include "domain/customer_service.hpp"
#include "shop/client/http_client.hpp"
#include "shop/http/router.hpp"

namespace customer {

// AuthGateway over HTTP with the service credential (non-idempotent calls are never retried).
class HttpAuthGateway : public AuthGateway {
public:
    explicit HttpAuthGateway(shop::client::HttpClient& auth) : auth_(auth) {}
    shop::Result<std::optional<shop::json::bj::object>> GetUser(const std::string& id) override;
    shop::Result<shop::json::bj::object> UpdateUser(const std::string& id, const shop::json::bj::object& patch) override;
    shop::Status SetActive(const std::string& id, bool active, const std::string& reason, const std::string& actor) override;
    shop::Status Erase(const std::string& id, const std::string& actor) override;

private:
    shop::client::HttpClient& auth_;
};

void AddRoutes(shop::http::Router& router, CustomerService& service, shop::client::HttpClient& orders,
               shop::client::HttpClient& complaints);

}  // namespace customer
