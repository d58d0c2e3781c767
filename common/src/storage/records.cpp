#include "shop/storage/records.hpp"

#include <algorithm>

#include "shop/crypto.hpp"

namespace shop::sqlite {
namespace {
constexpr std::int64_t kIdempotencyTtl = 24 * 3'600'000LL;
constexpr const char* kFindKey = "SELECT request_hash, status, response, created_at FROM idempotency_keys WHERE scope = ?";
constexpr const char* kPutKey =
    "INSERT INTO idempotency_keys (scope, request_hash, status, response, created_at) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (scope) DO UPDATE SET request_hash = ?2, status = ?3, response = ?4, created_at = ?5";
constexpr const char* kMarkEvent =
    "INSERT INTO processed_events (event_id, type, processed_at) VALUES (?, ?, ?) ON CONFLICT (event_id) DO NOTHING";
}  // namespace

Result<std::optional<StoredResponse>> IdempotencyLookup(Connection& c, const std::string& scope,
                                                        const std::string& request_hash, TimeMs now) {
    auto q = c.Bound(kFindKey, scope);
    if (!q->Step() || q->Int(3) < now - kIdempotencyTtl) return std::optional<StoredResponse>{};
    if (q->Text(0) != request_hash)
        return Error::Of(ErrorCode::kConflict, "This Idempotency-Key was used with a different request body",
                         "Idempotency-Key");
    if (q->IsNull(1)) {
        Error e = Error::Of(ErrorCode::kConflict, "A request with this Idempotency-Key is still running",
                            "Idempotency-Key");
        e.retry_after_s = 1;
        return e;
    }
    return std::optional<StoredResponse>{StoredResponse{static_cast<int>(q->Int(1)), q->Text(2)}};
}

void IdempotencyStore(Connection& c, const std::string& scope, const std::string& request_hash, int status,
                      const std::string& body, TimeMs now) {
    c.Exec(kPutKey, scope, request_hash, std::int64_t{status}, body, now);
}

bool MarkEventProcessed(Connection& c, const std::string& event_id, const std::string& type, TimeMs now) {
    c.Exec(kMarkEvent, event_id, type, now);
    return c.Changes() == 1;
}

}  // namespace shop::sqlite

namespace shop::json {
namespace {
void Canonical(const bj::value& v, std::string& out) {
    if (v.is_object()) {
        std::vector<std::pair<std::string_view, const bj::value*>> members;
        for (const auto& kv : v.get_object()) members.emplace_back(kv.key(), &kv.value());
        std::sort(members.begin(), members.end(), [](auto& a, auto& b) { return a.first < b.first; });
        out.push_back('{');
        for (std::size_t i = 0; i < members.size(); ++i) {
            if (i) out.push_back(',');
            out += bj::serialize(bj::string_view(members[i].first));
            out.push_back(':');
            Canonical(*members[i].second, out);
        }
        out.push_back('}');
    } else if (v.is_array()) {
        out.push_back('[');
        bool first = true;
        for (const auto& e : v.get_array()) {
            if (!first) out.push_back(',');
            first = false;
            Canonical(e, out);
        }
        out.push_back(']');
    } else {
        out += bj::serialize(v);
    }
}
}  // namespace

std::string CanonicalHash(const bj::value& v) {
    std::string out;
    Canonical(v, out);
    return crypto::Sha256Hex(out);
}

}  // namespace shop::json
