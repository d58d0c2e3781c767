#include <gtest/gtest.h>

#include "shop/time.hpp"

using shop::Bound;

TEST(Time, FormatsTimestampsWithMillisecondsAndZ) {
    EXPECT_EQ(shop::FormatTimestamp(1795601730123), "2026-11-25T10:15:30.123Z");
    EXPECT_EQ(shop::FormatDateCompact(1795601730123), "20261125");
}

TEST(Time, ParsesDatesAsWholeDayBounds) {
    auto lo = shop::ParseTimeBound("2026-11-25", Bound::kLower);
    auto hi = shop::ParseTimeBound("2026-11-25", Bound::kUpper);
    ASSERT_TRUE(lo && hi);
    EXPECT_EQ(shop::FormatTimestamp(*lo), "2026-11-25T00:00:00.000Z");
    EXPECT_EQ(shop::FormatTimestamp(*hi), "2026-11-25T23:59:59.999Z");
}

TEST(Time, ParsesRfc3339WithOffsets) {
    auto t = shop::ParseTimeBound("2026-11-25T10:15:30.5+05:30", Bound::kLower);
    ASSERT_TRUE(t);
    EXPECT_EQ(shop::FormatTimestamp(*t), "2026-11-25T04:45:30.500Z");
}

TEST(Time, RejectsImpossibleDatesAndJunk) {
    EXPECT_FALSE(shop::ParseTimeBound("2026-02-30", Bound::kLower));
    EXPECT_FALSE(shop::ParseTimeBound("2026-11-25T25:00:00Z", Bound::kLower));
    EXPECT_FALSE(shop::ParseTimeBound("yesterday", Bound::kLower));
    EXPECT_FALSE(shop::ParseTimeBound("2026-11-25T10:00:00", Bound::kLower));
}

TEST(Time, ParsesDurations) {
    EXPECT_EQ(shop::ParseDurationMs("15m"), 900'000);
    EXPECT_EQ(shop::ParseDurationMs("900"), 900'000);
    EXPECT_EQ(shop::ParseDurationMs("7d"), 604'800'000);
    EXPECT_EQ(shop::ParseDurationMs("250ms"), 250);
    EXPECT_FALSE(shop::ParseDurationMs("15 minutes"));
    EXPECT_FALSE(shop::ParseDurationMs("-1s"));
}
