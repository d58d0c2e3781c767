#include <gtest/gtest.h>

#include <cstdlib>

#include "shop/config.hpp"

namespace shop {
namespace {

TEST(Config, SummaryMasksSecretsAndUrlPasswords) {
    setenv("TEST_DATABASE_URL", "mongodb://order:s3cret-pw@mongodb-0.mongodb:27017/order_db?authSource=order_db", 1);
    setenv("TEST_TOKEN", "very-secret-token", 1);
    setenv("TEST_PLAIN_URL", "http://auth:3001/api", 1);
    Config env;
    env.Secret("TEST_TOKEN");
    env.Str("TEST_DATABASE_URL", "");
    env.Str("TEST_TOKEN", "");
    env.Str("TEST_PLAIN_URL", "");
    std::string summary = env.Summary();
    EXPECT_EQ(summary.find("s3cret-pw"), std::string::npos) << summary;
    EXPECT_EQ(summary.find("very-secret-token"), std::string::npos) << summary;
    EXPECT_NE(summary.find("TEST_DATABASE_URL=mongodb://order:****@mongodb-0.mongodb:27017/order_db"), std::string::npos) << summary;
    EXPECT_NE(summary.find("TEST_PLAIN_URL=http://auth:3001/api"), std::string::npos) << summary;
}

}  // namespace
}  // namespace shop
