// Every Auth endpoint (API.md §4) in one place, with the principals allowed to call it.
#pragma once

#include "domain/auth_service.hpp"
#include "shop/auth/jwt.hpp"
#include "shop/http/router.hpp"

namespace auth {

void AddRoutes(shop::http::Router& router, AuthService& service, AuthStore& store, const shop::auth::Signer& signer);

}  // namespace auth
