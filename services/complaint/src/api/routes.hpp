// Every Complaint endpoint (API.md §7) in one place, with the principals allowed to call it.
#pragma once

#include "domain/complaint_service.hpp"
#include "shop/client/http_client.hpp"
#include "shop/http/router.hpp"

namespace complaint {

// Directory over HTTP: orders from the Order service, users from Auth (service credential).
class HttpDirectory : public Directory {
public:
    HttpDirectory(shop::client::HttpClient& orders, shop::client::HttpClient& auth) : orders_(orders), auth_(auth) {}
    shop::Result<std::optional<bj::object>> Order(const std::string& id_or_number) override;
    shop::Result<std::optional<bj::object>> User(const std::string& user_id) override;

private:
    shop::client::HttpClient& orders_;
    shop::client::HttpClient& auth_;
};

void AddRoutes(shop::http::Router& router, ComplaintService& service);

}  // namespace complaint
