#include "shop/http/resources.hpp"

#include <algorithm>
#include <charconv>

namespace shop::http {

Result<std::optional<std::int64_t>> IfMatch(const Request& req) {
    auto h = req.Header("if-match");
    if (!h) return std::optional<std::int64_t>{};
    std::string_view v = *h;
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    std::int64_t n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc{} || p != v.data() + v.size() || n < 1)
        return Error::Of(ErrorCode::kValidationFailed, "must be a version such as \"3\"", "If-Match");
    return std::optional<std::int64_t>{n};
}

Result<std::optional<std::string>> IdempotencyKey(const Request& req) {
    auto key = req.Header("idempotency-key");
    if (!key) return std::optional<std::string>{};
    bool ok = key->size() >= 8 && key->size() <= 128 && std::all_of(key->begin(), key->end(), [](char c) {
                  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
              });
    if (!ok) return Error::Of(ErrorCode::kValidationFailed, "must be 8-128 characters [A-Za-z0-9_-]", "Idempotency-Key");
    return std::optional<std::string>{std::string(*key)};
}

Response Replay(const StoredResponse& stored, const std::string& location_prefix) {
    Response r;
    r.status = stored.status;
    r.body = stored.body;
    auto doc = json::ParseStrict(r.body);
    if (doc && doc->is_object() && doc->at("data").is_object()) {
        const auto& d = doc->at("data").as_object();
        r.With("Location", location_prefix + std::string(d.at("id").as_string()));
        r.With("ETag", "\"" + std::to_string(d.at("version").as_int64()) + "\"");
    }
    r.With("Idempotent-Replayed", "true");
    return r;
}

Response RawPage(const std::vector<std::string>& docs, const json::PageRequest& page, std::int64_t total) {
    std::string items = "[";
    for (std::size_t i = 0; i < docs.size(); ++i) (items += i ? "," : "") += docs[i];
    items += "]";
    std::string data = json::Serialize(json::PageEnvelope({}, page, total));
    data.replace(data.find(R"("items":[])"), 10, R"("items":)" + items);
    return OkRaw(data);
}

Response WithETag(Response r, std::int64_t version) {
    r.With("ETag", "\"" + std::to_string(version) + "\"");
    return r;
}

}  // namespace shop::http
