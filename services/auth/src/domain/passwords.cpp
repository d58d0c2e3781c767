#include "domain/passwords.hpp"

#include <crypt.h>

#include <map>
#include <mutex>
#include <stdexcept>

#include "shop/crypto.hpp"

namespace auth {

std::string HashPassword(const std::string& password, int cost) {
    std::string random = shop::crypto::RandomBytes(16);
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!crypt_gensalt_rn("$2b$", static_cast<unsigned long>(cost), random.data(), static_cast<int>(random.size()),
                          salt, sizeof salt))
        throw std::runtime_error("bcrypt salt generation failed");
    crypt_data data{};
    const char* hash = crypt_r(password.c_str(), salt, &data);
    if (!hash || hash[0] == '*') throw std::runtime_error("bcrypt hashing failed");
    return hash;
}

bool VerifyPassword(const std::string& password, const std::string& hash) {
    if (hash.size() < 7 || hash[0] != '$') return false;
    crypt_data data{};
    const char* out = crypt_r(password.c_str(), hash.c_str(), &data);
    return out && out[0] != '*' && shop::crypto::ConstantTimeEquals(out, hash);
}

void DummyVerify(const std::string& password, int cost) {
    static std::mutex mutex;
    static std::map<int, std::string> dummy;
    std::string hash;
    {
        std::lock_guard lock(mutex);
        auto& h = dummy[cost];
        if (h.empty()) h = HashPassword(shop::crypto::RandomToken(), cost);
        hash = h;
    }
    (void)VerifyPassword(password, hash);
}

}  // namespace auth
