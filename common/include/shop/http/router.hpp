// Routes declared in one place per service, each with the principals allowed to call it (API.md §10.1).
//   router.Add(Method::kGet, "/api/v1/auth/profile", kUsers, GetProfile);
// Literal segments win over {params}; /api/<rest> is an alias of /api/v1/<rest>; one trailing slash is ignored.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "shop/http/types.hpp"

namespace shop::http {

using Handler = std::function<Response(Request&)>;

struct RouteOptions {
    bool offload = false;      // runs on the low-priority CPU pool (bcrypt), never on an I/O thread
    bool writes = false;       // waits on a durable commit: runs on the write pool, so that many requests'
                               // transactions share one fsync (group commit) and I/O threads stay free
    bool operational = false;  // §3 endpoint: outside /api/, no alias, no general rate limit
};

struct Route {
    Method method;
    std::string pattern;
    unsigned roles;
    Handler handler;
    RouteOptions options;
    std::vector<std::string> segments;
};

struct RouteMatch {
    const Route* route = nullptr;
    std::vector<std::pair<std::string, std::string>> params;
    std::string allow;  // methods of the path when the method did not match (405)
};

class Router {
public:
    void Add(Method method, std::string pattern, unsigned roles, Handler handler, RouteOptions options = {});
    RouteMatch Find(Method method, std::string_view path) const;
    const std::vector<Route>& routes() const { return routes_; }
    // The canonical path: alias and trailing slash resolved.
    static std::string Canonical(std::string_view path);

private:
    std::vector<Route> routes_;
};

}  // namespace shop::http
