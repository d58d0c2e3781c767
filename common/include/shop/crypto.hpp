// Small cryptographic helpers on OpenSSL 3: randomness, ids, hashes, encodings, authenticated encryption.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace shop::crypto {

std::string RandomBytes(std::size_t n);
std::string NewUuid();                  // UUID v4, lower case
std::string FastUuid();                 // UUID v4 from a per-thread PRNG: for correlation ids, never for secrets
std::string RandomToken();              // 256 bits, base64url without padding (43 chars)
std::string RandomSymbols(std::string_view alphabet, std::size_t n);
std::string Sha256(std::string_view data);     // raw 32 bytes
std::string Sha256Hex(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);  // raw
std::string Base64UrlEncode(std::string_view data);
std::optional<std::string> Base64UrlDecode(std::string_view text);
std::string Base64Encode(std::string_view data);
bool ConstantTimeEquals(std::string_view a, std::string_view b);
bool IsUuid(std::string_view text);

// AES-256-GCM with a 32-byte key: output = nonce(12) | ciphertext | tag(16), base64url.
std::string Seal(std::string_view key, std::string_view plaintext);
std::optional<std::string> Open(std::string_view key, std::string_view sealed);

}  // namespace shop::crypto
