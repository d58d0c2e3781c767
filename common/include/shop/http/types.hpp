// Transport-neutral request and response types: handlers see these, never RESTinio.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shop/json/json.hpp"
#include "shop/json/reader.hpp"
#include "shop/result.hpp"

namespace shop::http {

enum class Method { kGet, kPost, kPut, kPatch, kDelete, kOptions, kHead, kOther };
const char* MethodName(Method m);

// Who may call a route: a bit set of principals (API.md §2.1).
enum Role : unsigned {
    kAnonymous = 1,
    kCustomer = 2,
    kAdministrator = 4,
    kService = 8,
};
inline constexpr unsigned kUsers = kCustomer | kAdministrator;

// The authenticated caller. For a user token: user id, role, session id and the claims services snapshot.
struct Principal {
    Role role = kAnonymous;
    std::string user_id;
    std::string email;
    std::string name;
    std::string session_id;
    std::string service;  // calling service name, for kService
    bool is_admin() const { return role == kAdministrator; }
    bool is_customer() const { return role == kCustomer; }
};

struct Request {
    Method method = Method::kGet;
    std::string path;  // canonical (/api/v1/...), without query and trailing slash
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
    json::QueryParams query;
    std::string body;
    std::vector<std::pair<std::string, std::string>> params;  // path parameters by name
    std::string route;       // matched route template, for metrics
    std::string request_id;
    std::string client_ip;
    Principal principal;

    std::optional<std::string_view> Header(std::string_view lower_name) const;
    const std::string& Param(std::string_view name) const;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    bool enveloped = true;  // adds Cache-Control: no-store and nosniff

    Response& With(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
};

// Envelope builders (API.md §1.4); every error leaves through ErrorResponse.
Response Ok(json::bj::value data, std::string_view message = "OK");
Response Created(json::bj::value data, std::string_view message, std::string location = {});
Response ErrorResponse(const Error& error);
// A success envelope around `data` that is already serialised JSON (stored documents served as they are).
Response OkRaw(std::string_view data_json, std::string_view message = "OK");
// Maps a Result to 200 with its data, or to the error envelope.
template <class T, class F>
Response Reply(Result<T> r, F&& to_json, std::string_view message = "OK") {
    if (!r) return ErrorResponse(r.error());
    return Ok(to_json(r.value()), message);
}

Response PlainJson(int status, const json::bj::value& body);  // §3 endpoints, no envelope

}  // namespace shop::http

namespace shop::http {

// Parses the request's JSON object body and hands a reader to `fn`, which reads every member, then the
// remaining members are rejected as unknown and collected problems answered as one 400 (API.md §1.3).
//   return WithBody(req, [&](json::ObjectReader& r) -> std::optional<Response> { ...; return std::nullopt; },
//                   [&] { return Ok(...); });
template <class Read, class Act>
Response WithBody(const Request& req, bool empty_ok, Read&& read, Act&& act) {
    auto body = json::ParseObjectBody(req.body, empty_ok);
    if (!body) return ErrorResponse(body.error());
    json::Validator v;
    json::ObjectReader r(*body, v);
    read(r);
    r.RejectUnknown();
    if (!v.ok()) return ErrorResponse(v.error());
    return act();
}

// The same for query parameters.
template <class Read, class Act>
Response WithQuery(const Request& req, Read&& read, Act&& act) {
    json::Validator v;
    json::QueryReader q(req.query, v);
    read(q);
    q.RejectUnknown();
    if (!v.ok()) return ErrorResponse(v.error());
    return act();
}

}  // namespace shop::http
