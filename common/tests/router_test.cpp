#include <gtest/gtest.h>

#include "shop/http/router.hpp"

using namespace shop::http;

namespace {
Response Dummy(Request&) { return Ok(nullptr); }
}  // namespace

class RouterTest : public ::testing::Test {
protected:
    void SetUp() override {
        router.Add(Method::kGet, "/api/v1/orders", kUsers, Dummy);
        router.Add(Method::kGet, "/api/v1/orders/search", kUsers, Dummy);
        router.Add(Method::kGet, "/api/v1/orders/{id}", kUsers, Dummy);
        router.Add(Method::kPut, "/api/v1/orders/{id}", kAdministrator, Dummy);
        router.Add(Method::kGet, "/health", kAnonymous, Dummy, {.operational = true});
    }
    Router router;
};

TEST_F(RouterTest, LiteralSegmentsWinOverParameters) {
    auto m = router.Find(Method::kGet, "/api/v1/orders/search");
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.route->pattern, "/api/v1/orders/search");
    EXPECT_TRUE(m.params.empty());
}

TEST_F(RouterTest, ExtractsPathParameters) {
    auto m = router.Find(Method::kGet, "/api/v1/orders/ORD-20261125-7K3M9Q");
    ASSERT_NE(m.route, nullptr);
    ASSERT_EQ(m.params.size(), 1u);
    EXPECT_EQ(m.params[0].first, "id");
    EXPECT_EQ(m.params[0].second, "ORD-20261125-7K3M9Q");
}

TEST_F(RouterTest, ReportsAllowedMethodsForAKnownPath) {
    auto m = router.Find(Method::kDelete, "/api/v1/orders/abc");
    EXPECT_EQ(m.route, nullptr);
    EXPECT_EQ(m.allow, "GET, PUT");
    auto literal = router.Find(Method::kPut, "/api/v1/orders/search");
    EXPECT_EQ(literal.route, nullptr);
    EXPECT_EQ(literal.allow, "GET");
}

TEST_F(RouterTest, ServesApiAliasAndIgnoresOneTrailingSlash) {
    EXPECT_NE(router.Find(Method::kGet, "/api/orders/").route, nullptr);
    EXPECT_NE(router.Find(Method::kGet, "/api/v1/orders/").route, nullptr);
    EXPECT_EQ(router.Find(Method::kGet, "/api/v1/orders//").route, nullptr);
    EXPECT_EQ(router.Find(Method::kGet, "/api/health").route, nullptr);
}

TEST_F(RouterTest, UnknownPathsMatchNothing) {
    auto m = router.Find(Method::kGet, "/api/v1/nothing");
    EXPECT_EQ(m.route, nullptr);
    EXPECT_TRUE(m.allow.empty());
}
