// bcrypt ($2b$) through libxcrypt. Hashing at cost 12 takes ~200 ms: callers run on the offload pool.
#pragma once

#include <string>

namespace auth {

std::string HashPassword(const std::string& password, int cost);
bool VerifyPassword(const std::string& password, const std::string& hash);
// Spends the same time as a real check, for unknown accounts (no enumeration by timing).
void DummyVerify(const std::string& password, int cost);
inline const std::string kUnusableHash = "!";

}  // namespace auth
