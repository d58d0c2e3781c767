#include "shop/json/json.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <cmath>
#include <cstdio>
#include <set>
#include <vector>

namespace shop::json {
namespace {

// A validating pass before Boost.JSON builds the value: Boost 1.81 keeps the last of duplicate keys
// silently and accepts 1e400 as infinity; both are MALFORMED_JSON for us.
struct StrictHandler {
    static constexpr std::size_t max_object_size = 1'000'000;
    static constexpr std::size_t max_array_size = 1'000'000;
    static constexpr std::size_t max_key_size = 1'000'000;
    static constexpr std::size_t max_string_size = 1'000'000;

    std::vector<std::set<std::string>> keys;
    std::string key;
    bool duplicate = false;
    bool non_finite = false;

    bool on_document_begin(bj::error_code&) { return true; }
    bool on_document_end(bj::error_code&) { return true; }
    bool on_object_begin(bj::error_code&) {
        keys.emplace_back();
        return true;
    }
    bool on_object_end(std::size_t, bj::error_code&) {
        keys.pop_back();
        return true;
    }
    bool on_array_begin(bj::error_code&) { return true; }
    bool on_array_end(std::size_t, bj::error_code&) { return true; }
    bool on_key_part(std::string_view s, std::size_t, bj::error_code&) {
        key.append(s);
        return true;
    }
    bool on_key(std::string_view s, std::size_t, bj::error_code& ec) {
        key.append(s);
        if (!keys.back().insert(std::move(key)).second) {
            duplicate = true;
            ec = bj::error::syntax;
            return false;
        }
        key.clear();
        return true;
    }
    bool on_string_part(std::string_view, std::size_t, bj::error_code&) { return true; }
    bool on_string(std::string_view, std::size_t, bj::error_code&) { return true; }
    bool on_number_part(std::string_view, bj::error_code&) { return true; }
    bool on_int64(std::int64_t, std::string_view, bj::error_code&) { return true; }
    bool on_uint64(std::uint64_t, std::string_view, bj::error_code&) { return true; }
    bool on_double(double d, std::string_view, bj::error_code& ec) {
        if (std::isfinite(d)) return true;
        non_finite = true;
        ec = bj::error::syntax;
        return false;
    }
    bool on_bool(bool, bj::error_code&) { return true; }
    bool on_null(bj::error_code&) { return true; }
    bool on_comment_part(std::string_view, bj::error_code&) { return true; }
    bool on_comment(std::string_view, bj::error_code&) { return true; }
};

void Write(const bj::value& v, std::string& out) {
    switch (v.kind()) {
        case bj::kind::object: {
            out.push_back('{');
            bool first = true;
            for (const auto& kv : v.get_object()) {
                if (!first) out.push_back(',');
                first = false;
                out += bj::serialize(bj::string_view(kv.key()));
                out.push_back(':');
                Write(kv.value(), out);
            }
            out.push_back('}');
            break;
        }
        case bj::kind::array: {
            out.push_back('[');
            bool first = true;
            for (const auto& e : v.get_array()) {
                if (!first) out.push_back(',');
                first = false;
                Write(e, out);
            }
            out.push_back(']');
            break;
        }
        case bj::kind::double_: {
            char buf[64];
            double d = v.get_double();
            std::snprintf(buf, sizeof buf, "%.2f", std::isfinite(d) ? d : 0.0);
            out += buf;
            break;
        }
        default:
            out += bj::serialize(v);
    }
}

}  // namespace

Result<bj::value> ParseStrict(std::string_view text) {
    bj::basic_parser<StrictHandler> checker{bj::parse_options{}};
    bj::error_code ec;
    checker.write_some(false, text.data(), text.size(), ec);
    if (ec) {
        const char* why = checker.handler().duplicate    ? "Malformed JSON: duplicate key"
                          : checker.handler().non_finite ? "Malformed JSON: number out of range"
                                                         : "Malformed JSON";
        return Error::Of(ErrorCode::kMalformedJson, why);
    }
    bj::value v = bj::parse(text, ec);
    if (ec) return Error::Of(ErrorCode::kMalformedJson, "Malformed JSON");
    return v;
}

std::string Serialize(const bj::value& v) {
    std::string out;
    out.reserve(256);
    Write(v, out);
    return out;
}

bool Equal(const bj::value& a, const bj::value& b) {
    // boost::json::object equality already ignores key order; numbers compare by kind and value.
    return a == b;
}

std::string Str(const bj::object& o, const char* key) { return OptStr(o, key).value_or(""); }

std::optional<std::string> OptStr(const bj::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    if (!v || !v->is_string()) return std::nullopt;
    return std::string(v->get_string());
}

std::optional<std::int64_t> OptInt(const bj::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    if (!v || !v->is_number()) return std::nullopt;
    return v->to_number<std::int64_t>();
}

std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace shop::json
