// The notification-delivery endpoints of API.md §8.3, shared by Auth, Order and Complaint.
#pragma once

#include <string>
#include <vector>

#include "shop/http/router.hpp"
#include "shop/outbox/outbox.hpp"

namespace shop::outbox {

// Adds GET <prefix>/notifications and POST <prefix>/notifications/{deliveryId}/retry (Administrator).
void AddDeliveryRoutes(http::Router& router, Store& store, const std::string& prefix,
                       std::vector<std::string> templates, int retry_attempts);

}  // namespace shop::outbox
