// Helpers for endpoints over versioned resources (orders, complaints): If-Match, Idempotency-Key,
// replayed responses, pages of stored documents.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shop/http/types.hpp"
#include "shop/records.hpp"

namespace shop::http {

// If-Match: "<version>" or a bare integer (API.md §1.12); 400 on `If-Match` when malformed.
Result<std::optional<std::int64_t>> IfMatch(const Request& req);
// Idempotency-Key (API.md §1.11): 8–128 [A-Za-z0-9_-]; 400 on `Idempotency-Key` when malformed.
Result<std::optional<std::string>> IdempotencyKey(const Request& req);
// A stored first response sent again, with Location/ETag of its resource and Idempotent-Replayed.
Response Replay(const StoredResponse& stored, const std::string& location_prefix);
// A page envelope whose items are already-serialised documents.
Response RawPage(const std::vector<std::string>& docs, const json::PageRequest& page, std::int64_t total);
// 200 or 201 with the resource and its ETag.
Response WithETag(Response r, std::int64_t version);

}  // namespace shop::http
