// Every Order endpoint (API.md §6) in one place, with the principals allowed to call it.
#pragma once

#include "domain/order_service.hpp"
#include "shop/http/router.hpp"

namespace order {

void AddRoutes(shop::http::Router& router, OrderService& service, const Catalog& catalog);

}  // namespace order
