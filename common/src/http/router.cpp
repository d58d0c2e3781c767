#include "shop/http/router.hpp"

#include <set>

namespace shop::http {
namespace {

std::vector<std::string> Split(std::string_view path) {
    std::vector<std::string> out;
    std::size_t i = 1;
    while (i <= path.size()) {
        auto slash = path.find('/', i);
        if (slash == std::string_view::npos) slash = path.size();
        out.emplace_back(path.substr(i, slash - i));
        i = slash + 1;
    }
    return out;
}

bool IsParam(const std::string& segment) { return segment.size() > 2 && segment.front() == '{'; }

}  // namespace

void Router::Add(Method method, std::string pattern, unsigned roles, Handler handler, RouteOptions options) {
    auto segments = Split(pattern);
    routes_.push_back({method, std::move(pattern), roles, std::move(handler), options, std::move(segments)});
}

std::string Router::Canonical(std::string_view path) {
    std::string p(path);
    if (p.size() > 1 && p.back() == '/') p.pop_back();
    if (p.rfind("/api/", 0) == 0 && p.rfind("/api/v1/", 0) != 0 && p != "/api/v1") p.insert(4, "/v1");
    return p;
}

RouteMatch Router::Find(Method method, std::string_view raw_path) const {
    RouteMatch best;
    int best_score = -1;
    std::set<std::string> allow;
    bool via_alias = raw_path.rfind("/api/", 0) == 0 && raw_path.rfind("/api/v1/", 0) != 0;
    auto segments = Split(Canonical(raw_path));
    int best_path_score = -1;
    for (const auto& r : routes_) {
        if (r.segments.size() != segments.size()) continue;
        if (via_alias && r.options.operational) continue;
        int score = 0;
        bool ok = true;
        for (std::size_t i = 0; i < segments.size() && ok; ++i) {
            if (IsParam(r.segments[i])) ok = !segments[i].empty();
            else if (r.segments[i] == segments[i]) score += 1 << (segments.size() - i);
            else ok = false;
        }
        if (!ok) continue;
        // A path matched only through a parameter where another route has a literal here is not this path.
        if (score > best_path_score) {
            best_path_score = score;
            allow.clear();
            best = {};
            best_score = -1;
        }
        if (score < best_path_score) continue;
        allow.insert(MethodName(r.method));
        if (r.method == method && score > best_score) {
            best_score = score;
            best.route = &r;
            best.params.clear();
            for (std::size_t i = 0; i < segments.size(); ++i)
                if (IsParam(r.segments[i]))
                    best.params.emplace_back(r.segments[i].substr(1, r.segments[i].size() - 2), segments[i]);
        }
    }
    if (!best.route && !allow.empty()) {
        for (const auto& m : allow) best.allow += (best.allow.empty() ? "" : ", ") + m;
    }
    return best;
}

}  // namespace shop::http
