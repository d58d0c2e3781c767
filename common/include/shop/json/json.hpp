// Strict JSON in and out (API.md §1.3, §1.7): parsing rejects duplicate keys, invalid UTF-8 and
// non-finite numbers; serialising writes every double as money with exactly two decimals.
//   auto v = shop::json::ParseStrict(body); if (!v) return v.error();   // 400 MALFORMED_JSON
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shop/result.hpp"

namespace shop::json {

namespace bj = boost::json;

Result<bj::value> ParseStrict(std::string_view text);
std::string Serialize(const bj::value& v);

// Money travels as integer paise internally and as a 2-decimal JSON number on the wire.
inline bj::value Money(std::int64_t paise) { return bj::value(static_cast<double>(paise) / 100.0); }

// JSON-equality ignoring key order (Idempotency-Key body comparison).
bool Equal(const bj::value& a, const bj::value& b);

template <class T>
bj::value OrNull(const std::optional<T>& v) {
    return v ? bj::value(*v) : bj::value(nullptr);
}

// Members of an object read leniently: absent or of another type → "" / 0 / nothing.
std::string Str(const bj::object& o, const char* key);
std::optional<std::string> OptStr(const bj::object& o, const char* key);
std::optional<std::int64_t> OptInt(const bj::object& o, const char* key);
inline std::int64_t Int(const bj::object& o, const char* key) { return OptInt(o, key).value_or(0); }

// ASCII lower case (search keys, email comparison).
std::string Lower(std::string s);

}  // namespace shop::json
