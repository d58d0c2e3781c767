// Records every service keeps in its own SQLite database beside its aggregates (common/migrations):
// Idempotency-Key responses (API.md §1.11) and the inbox of consumed events (API.md §9.1).
#pragma once

#include <optional>
#include <string>

#include "shop/json/json.hpp"
#include "shop/records.hpp"
#include "shop/result.hpp"
#include "shop/storage/sqlite.hpp"
#include "shop/time.hpp"

namespace shop::sqlite {

// Inside the request's write transaction: nullopt = go ahead (the caller stores its response with
// IdempotencyStore in the same transaction); a stored response = replay it; an error = 409 on the key.
Result<std::optional<StoredResponse>> IdempotencyLookup(Connection& c, const std::string& scope,
                                                        const std::string& request_hash, TimeMs now);
void IdempotencyStore(Connection& c, const std::string& scope, const std::string& request_hash, int status,
                      const std::string& body, TimeMs now);

// Records an event id; false when it was already processed (a redelivery).
bool MarkEventProcessed(Connection& c, const std::string& event_id, const std::string& type, TimeMs now);

}  // namespace shop::sqlite

namespace shop::json {
// SHA-256 of the value serialised with object keys sorted: JSON-equal bodies hash alike.
std::string CanonicalHash(const bj::value& v);
}  // namespace shop::json
