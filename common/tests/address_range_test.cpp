#include <gtest/gtest.h>

#include "shop/http/address_range.hpp"

namespace shop::http {
namespace {

TEST(AddressRange, MatchesAddressesAndCidrRanges) {
    auto exact = AddressRange::Parse("127.0.0.1");
    ASSERT_TRUE(exact);
    EXPECT_TRUE(exact->Contains("127.0.0.1"));
    EXPECT_TRUE(exact->Contains("::ffff:127.0.0.1"));  // an IPv4-mapped peer
    EXPECT_FALSE(exact->Contains("127.0.0.2"));

    auto pods = AddressRange::Parse("10.244.0.0/16");
    ASSERT_TRUE(pods);
    EXPECT_TRUE(pods->Contains("10.244.3.17"));
    EXPECT_FALSE(pods->Contains("10.245.0.1"));
    EXPECT_FALSE(pods->Contains("fd00::1"));

    auto odd = AddressRange::Parse("192.168.1.128/25");
    ASSERT_TRUE(odd);
    EXPECT_TRUE(odd->Contains("192.168.1.200"));
    EXPECT_FALSE(odd->Contains("192.168.1.127"));

    auto v6 = AddressRange::Parse("fd00::/8");
    ASSERT_TRUE(v6);
    EXPECT_TRUE(v6->Contains("fd12:3456::1"));
    EXPECT_FALSE(v6->Contains("fe80::1"));
    EXPECT_FALSE(v6->Contains("not an address"));

    EXPECT_TRUE(AddressRange::Parse("0.0.0.0/0")->Contains("8.8.8.8"));
}

TEST(AddressRange, RejectsMalformedRanges) {
    for (const char* bad : {"", "10.0.0.0/33", "10.0.0.0/", "10.0.0/8", "fd00::/129", "10.0.0.0/8x", "localhost", "10.0.0.0/-1"})
        EXPECT_FALSE(AddressRange::Parse(bad)) << bad;
}

}  // namespace
}  // namespace shop::http
