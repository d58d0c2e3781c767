#include "shop/http/types.hpp"

namespace shop::http {

const char* MethodName(Method m) {
    switch (m) {
        case Method::kGet: return "GET";
        case Method::kPost: return "POST";
        case Method::kPut: return "PUT";
        case Method::kPatch: return "PATCH";
        case Method::kDelete: return "DELETE";
        case Method::kOptions: return "OPTIONS";
        case Method::kHead: return "HEAD";
        case Method::kOther: return "OTHER";
    }
    return "OTHER";
}

std::optional<std::string_view> Request::Header(std::string_view lower_name) const {
    for (const auto& [k, v] : headers)
        if (k == lower_name) return std::string_view(v);
    return std::nullopt;
}

const std::string& Request::Param(std::string_view name) const {
    static const std::string kEmpty;
    for (const auto& [k, v] : params)
        if (k == name) return v;
    return kEmpty;
}

namespace {

Response Envelope(int status, bool success, json::bj::value data, std::string_view message, json::bj::array errors) {
    Response r;
    r.status = status;
    r.body = json::Serialize(json::bj::object{
        {"success", success}, {"data", std::move(data)}, {"message", message}, {"errors", std::move(errors)}});
    return r;
}

}  // namespace

Response Ok(json::bj::value data, std::string_view message) {
    return Envelope(200, true, std::move(data), message, {});
}

Response OkRaw(std::string_view data_json, std::string_view message) {
    Response r;
    r.body.reserve(data_json.size() + message.size() + 64);
    r.body += R"({"success":true,"data":)";
    r.body += data_json;
    r.body += R"(,"message":)";
    r.body += json::bj::serialize(json::bj::string_view(message));
    r.body += R"(,"errors":[]})";
    return r;
}

Response Created(json::bj::value data, std::string_view message, std::string location) {
    Response r = Envelope(201, true, std::move(data), message, {});
    if (!location.empty()) r.With("Location", std::move(location));
    return r;
}

Response ErrorResponse(const Error& error) {
    json::bj::array errors;
    const char* code = CodeName(error.code);
    if (error.issues.empty()) {
        errors.push_back(json::bj::object{{"code", code}, {"field", nullptr}, {"message", error.message}});
    } else {
        for (const auto& i : error.issues)
            errors.push_back(json::bj::object{{"code", code}, {"field", json::OrNull(i.field)}, {"message", i.message}});
    }
    std::string message = error.message;
    if (message.empty()) message = error.issues.empty() ? "Request failed" : error.issues.front().message;
    Response r = Envelope(HttpStatus(error.code), false, nullptr, message, std::move(errors));
    if (error.retry_after_s > 0) r.With("Retry-After", std::to_string(error.retry_after_s));
    if (r.status == 401) r.With("WWW-Authenticate", "Bearer");
    return r;
}

Response PlainJson(int status, const json::bj::value& body) {
    Response r;
    r.status = status;
    r.enveloped = false;
    r.body = json::Serialize(body);
    return r;
}

}  // namespace shop::http
