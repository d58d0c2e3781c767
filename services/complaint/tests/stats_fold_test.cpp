// The fold behind GET /complaints/stats: percentiles at ranks floor(p * (n - 1)), age buckets, rating averages.
#include <gtest/gtest.h>

#include "domain/model.hpp"

namespace complaint {
namespace {

constexpr TimeMs kHour = 3'600'000, kDay = 24 * kHour, kNow = 1'000 * kDay;

TEST(StatsFold, PercentilesAreTheValuesAtTheirRanks) {
    StatsFold fold(kNow, false);
    for (int h = 10; h >= 1; --h)  // resolution times 1..10 h, added out of order
        fold.Add({.created_at = kNow - kDay, .status = "Resolved", .category = "Other", .priority = "Low",
                  .resolved_at = kNow - kDay + h * kHour});
    auto s = fold.Finish();
    EXPECT_EQ(s.resolution_median_ms, 5 * kHour);  // rank floor(0.5 * 9) = 4 → the 5th value
    EXPECT_EQ(s.resolution_p90_ms, 9 * kHour);      // rank floor(0.9 * 9) = 8 → the 9th value
    EXPECT_FALSE(s.first_response_median_ms);
    EXPECT_EQ(s.resolved_ever, 10);
    EXPECT_TRUE(s.open_by_age.empty());
    ASSERT_EQ(s.series.size(), 1u);
    EXPECT_EQ(s.series[0].start, kNow - kDay);
    EXPECT_EQ(s.series[0].registered, 10);
    EXPECT_EQ(s.series[0].resolution_median_ms, 5 * kHour);
}

TEST(StatsFold, SeriesByDayOrMondayWeek) {
    // 1970-01-05 was a Monday: days 4..10 (Thursday 1970-01-01 = day 0) form one week.
    for (bool weekly : {false, true}) {
        StatsFold fold(kNow, weekly);
        for (TimeMs day : {3, 4, 10, 11})
            fold.Add({.created_at = day * kDay + kHour, .status = "Open", .category = "Other", .priority = "Low"});
        auto s = fold.Finish();
        std::vector<std::pair<TimeMs, std::int64_t>> got;
        for (const auto& b : s.series) got.emplace_back(b.start, b.registered);
        if (weekly) EXPECT_EQ(got, (std::vector<std::pair<TimeMs, std::int64_t>>{{-3 * kDay, 1}, {4 * kDay, 2}, {11 * kDay, 1}}));
        else EXPECT_EQ(got.size(), 4u);
    }
}

TEST(StatsFold, CountsAgesAndSatisfaction) {
    StatsFold fold(kNow, false);
    fold.Add({.created_at = kNow - kHour, .status = "Open", .category = "Other", .priority = "High"});
    fold.Add({.created_at = kNow - 2 * kDay, .status = "In Progress", .category = "Other", .priority = "Low"});
    fold.Add({.created_at = kNow - 8 * kDay, .status = "Open", .category = "Delivery Issue", .priority = "Low"});
    for (TimeMs age : {kHour, 2 * kDay, 8 * kDay, 30 * kDay}) fold.AddOpen(kNow - age);  // the backlog, any period
    fold.Add({.created_at = kNow - 8 * kDay, .status = "Closed", .category = "Delivery Issue", .priority = "Low",
              .assignee = "Asha", .reopened = 1, .resolved_at = kNow - kDay, .rating = 2});
    fold.Add({.created_at = kNow - 3 * kDay, .status = "Resolved", .category = "Other", .priority = "Low",
              .resolved_at = kNow - kDay, .rating = 5});
    auto s = fold.Finish();
    using Counts = std::vector<std::pair<std::string, std::int64_t>>;
    EXPECT_EQ(s.by_status, (Counts{{"Open", 2}, {"In Progress", 1}, {"Resolved", 1}, {"Closed", 1}}));  // lifecycle order
    EXPECT_EQ(s.by_priority, (Counts{{"Low", 4}, {"High", 1}}));
    EXPECT_EQ(s.open_by_age, (Counts{{"< 1 d", 1}, {"1-3 d", 1}, {"> 7 d", 2}}));
    EXPECT_EQ(s.resolved_ever, 2);
    EXPECT_EQ(s.reopened, 1);
    EXPECT_EQ(s.ratings, 2);
    EXPECT_DOUBLE_EQ(*s.satisfaction_average, 3.5);
    EXPECT_EQ(s.rating_distribution, (std::vector<std::pair<std::int64_t, std::int64_t>>{{2, 1}, {5, 1}}));
    using Rated = std::vector<std::tuple<std::string, double, std::int64_t>>;
    EXPECT_EQ(s.satisfaction_by_category, (Rated{{"Delivery Issue", 2.0, 1}, {"Other", 5.0, 1}}));  // by name
    EXPECT_EQ(s.satisfaction_by_assignee, (Rated{{"Asha", 2.0, 1}, {"Unassigned", 5.0, 1}}));
}

}  // namespace
}  // namespace complaint
