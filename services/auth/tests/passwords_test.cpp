#include <gtest/gtest.h>

#include "domain/passwords.hpp"

TEST(Passwords, HashesWithBcrypt2bAndVerifies) {
    std::string hash = auth::HashPassword("Secret123", 4);
    EXPECT_EQ(hash.rfind("$2b$04$", 0), 0u);
    EXPECT_TRUE(auth::VerifyPassword("Secret123", hash));
    EXPECT_FALSE(auth::VerifyPassword("Secret124", hash));
}

TEST(Passwords, SaltsEveryHash) { EXPECT_NE(auth::HashPassword("Secret123", 4), auth::HashPassword("Secret123", 4)); }

TEST(Passwords, UnusableHashNeverVerifies) {
    EXPECT_FALSE(auth::VerifyPassword("", auth::kUnusableHash));
    EXPECT_FALSE(auth::VerifyPassword("!", auth::kUnusableHash));
}
