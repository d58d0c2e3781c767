#include "shop/http/address_range.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <string>

namespace shop::http {
namespace {

// The address as 16 bytes (IPv4 as ::ffff:a.b.c.d) and whether it was IPv4.
std::optional<std::pair<std::array<std::uint8_t, 16>, bool>> ParseAddress(std::string_view text) {
    std::string s(text);
    std::array<std::uint8_t, 16> out{};
    in_addr v4{};
    if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
        out[10] = out[11] = 0xff;
        std::memcpy(out.data() + 12, &v4, 4);
        return std::pair{out, true};
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
        std::memcpy(out.data(), &v6, 16);
        return std::pair{out, false};
    }
    return std::nullopt;
}

}  // namespace

std::optional<AddressRange> AddressRange::Parse(std::string_view text) {
    auto slash = text.find('/');
    auto address = ParseAddress(text.substr(0, slash));
    if (!address) return std::nullopt;
    AddressRange r;
    r.bytes_ = address->first;
    int max = address->second ? 32 : 128;
    int prefix = max;
    if (slash != std::string_view::npos) {
        auto digits = text.substr(slash + 1);
        auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
        if (digits.empty() || ec != std::errc{} || p != digits.data() + digits.size() || prefix < 0 || prefix > max)
            return std::nullopt;
    }
    r.prefix_ = address->second ? prefix + 96 : prefix;
    return r;
}

bool AddressRange::Contains(std::string_view address) const {
    auto a = ParseAddress(address);
    if (!a) return false;
    int bits = prefix_;
    for (std::size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
        auto mask = static_cast<std::uint8_t>(bits >= 8 ? 0xff : 0xff << (8 - bits));
        if ((a->first[i] & mask) != (bytes_[i] & mask)) return false;
    }
    return true;
}

}  // namespace shop::http
