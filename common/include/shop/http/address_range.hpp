// An IPv4 or IPv6 address or CIDR range ("10.0.0.0/8", "fd00::/8", "127.0.0.1"), as TRUSTED_PROXIES lists them.
// An IPv4-mapped IPv6 peer ("::ffff:10.1.2.3") matches the IPv4 range.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace shop::http {

class AddressRange {
public:
    static std::optional<AddressRange> Parse(std::string_view text);  // nullopt when malformed
    bool Contains(std::string_view address) const;                     // false for a malformed address

private:
    std::array<std::uint8_t, 16> bytes_{};  // IPv4 stored as IPv4-mapped IPv6
    int prefix_ = 128;
};

}  // namespace shop::http
