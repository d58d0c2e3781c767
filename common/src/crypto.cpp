#include "shop/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cctype>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace shop::crypto {

std::string RandomBytes(std::size_t n) {
    std::string out(n, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
        throw std::runtime_error("RAND_bytes failed");
    return out;
}

namespace {

std::string FormatUuid(std::string b) {
    b[6] = static_cast<char>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<char>((b[8] & 0x3f) | 0x80);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        auto c = static_cast<unsigned char>(b[i]);
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
    return out;
}

}  // namespace

std::string NewUuid() { return FormatUuid(RandomBytes(16)); }

std::string FastUuid() {
    // splitmix64 seeded per thread from the CSPRNG.
    thread_local std::uint64_t state = [] {
        std::uint64_t seed;
        std::string b = RandomBytes(8);
        std::memcpy(&seed, b.data(), 8);
        return seed;
    }();
    auto next = [] {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    };
    std::string b(16, '\0');
    std::uint64_t a = next(), c = next();
    std::memcpy(b.data(), &a, 8);
    std::memcpy(b.data() + 8, &c, 8);
    return FormatUuid(std::move(b));
}

std::string RandomToken() { return Base64UrlEncode(RandomBytes(32)); }

std::string RandomSymbols(std::string_view alphabet, std::size_t n) {
    std::string out;
    out.reserve(n);
    // Rejection sampling keeps the distribution uniform for any alphabet size.
    const unsigned limit = 256 - 256 % alphabet.size();
    while (out.size() < n) {
        for (unsigned char c : RandomBytes(n * 2)) {
            if (c >= limit) continue;
            out.push_back(alphabet[c % alphabet.size()]);
            if (out.size() == n) break;
        }
    }
    return out;
}

std::string Sha256(std::string_view data) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
    return std::string(reinterpret_cast<char*>(digest), sizeof digest);
}

std::string Sha256Hex(std::string_view data) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : Sha256(data)) {
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
    return out;
}

std::string HmacSha256(std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
         data.size(), out, &len);
    return std::string(reinterpret_cast<char*>(out), len);
}

std::string Base64Encode(std::string_view data) {
    std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string Base64UrlEncode(std::string_view data) {
    std::string out = Base64Encode(data);
    while (!out.empty() && out.back() == '=') out.pop_back();
    for (char& c : out) {
        if (c == '+') c = '-';
        else if (c == '/') c = '_';
    }
    return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
    std::string s;
    s.reserve(text.size() + 3);
    for (char c : text) {
        if (c == '-') s.push_back('+');
        else if (c == '_') s.push_back('/');
        else if (std::isalnum(static_cast<unsigned char>(c))) s.push_back(c);
        else return std::nullopt;
    }
    if (s.size() % 4 == 1) return std::nullopt;
    std::size_t pad = (4 - s.size() % 4) % 4;
    s.append(pad, '=');
    std::string out(s.size() / 4 * 3, '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(s.data()), static_cast<int>(s.size()));
    if (n < 0) return std::nullopt;
    out.resize(static_cast<std::size_t>(n) - pad);
    return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
    // Compare digests so the time does not depend on where or whether lengths differ.
    std::string da = Sha256(a), db = Sha256(b);
    return CRYPTO_memcmp(da.data(), db.data(), da.size()) == 0;
}

bool IsUuid(std::string_view t) {
    if (t.size() != 36) return false;
    for (std::size_t i = 0; i < 36; ++i) {
        char c = t[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

std::string Seal(std::string_view key, std::string_view plaintext) {
    std::string nonce = RandomBytes(12);
    std::string out = nonce;
    out.resize(12 + plaintext.size() + 16);
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    int len = 0;
    EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, reinterpret_cast<const unsigned char*>(key.data()),
                       reinterpret_cast<const unsigned char*>(nonce.data()));
    EVP_EncryptUpdate(ctx, reinterpret_cast<unsigned char*>(out.data() + 12), &len,
                      reinterpret_cast<const unsigned char*>(plaintext.data()), static_cast<int>(plaintext.size()));
    EVP_EncryptFinal_ex(ctx, reinterpret_cast<unsigned char*>(out.data() + 12 + len), &len);
    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, out.data() + 12 + plaintext.size());
    EVP_CIPHER_CTX_free(ctx);
    return Base64UrlEncode(out);
}

std::optional<std::string> Open(std::string_view key, std::string_view sealed) {
    auto raw = Base64UrlDecode(sealed);
    if (!raw || raw->size() < 28) return std::nullopt;
    std::size_t n = raw->size() - 28;
    std::string out(n, '\0');
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    int len = 0;
    EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, reinterpret_cast<const unsigned char*>(key.data()),
                       reinterpret_cast<const unsigned char*>(raw->data()));
    EVP_DecryptUpdate(ctx, reinterpret_cast<unsigned char*>(out.data()), &len,
                      reinterpret_cast<const unsigned char*>(raw->data() + 12), static_cast<int>(n));
    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, raw->data() + 12 + n);
    bool ok = EVP_DecryptFinal_ex(ctx, reinterpret_cast<unsigned char*>(out.data() + len), &len) == 1;
    EVP_CIPHER_CTX_free(ctx);
    if (!ok) return std::nullopt;
    return out;
}

}  // namespace shop::crypto
