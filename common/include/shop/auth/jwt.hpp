// JWT access tokens (API.md §2.2–2.3): RS256 with JWKS publication, HS256 for development only.
// Signing lives in Auth; every service verifies locally with Verifier and caches verified tokens.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "shop/config.hpp"
#include "shop/json/json.hpp"
#include "shop/result.hpp"
#include "shop/time.hpp"

namespace shop::auth {

struct Claims {
    std::string sub, email, name, role, sid, jti, iss, aud;
    std::int64_t iat = 0, exp = 0;  // seconds since the epoch
};

struct JwtSettings {
    std::string algorithm = "RS256";  // RS256 | HS256
    std::string issuer = "rman-auth";
    std::string audience = "rman-api";
    std::string hs_secret;

    static JwtSettings Load(Config& env);  // JWT_ALGORITHM, JWT_ISSUER, JWT_AUDIENCE, JWT_SECRET
};

// An RSA key pair (PEM) or an HMAC secret used to sign tokens.
class Signer {
public:
    static std::unique_ptr<Signer> Rs256FromPem(const std::string& private_pem);
    static std::unique_ptr<Signer> Hs256(std::string secret);
    ~Signer();

    std::string Sign(const Claims& claims) const;
    json::bj::object Jwks() const;  // {"keys": [...]}; empty for HS256
    const std::string& kid() const { return kid_; }
    std::string PublicPem() const;

private:
    Signer() = default;
    struct Key;
    std::unique_ptr<Key> key_;
    std::string secret_;
    std::string kid_;
};

// Generates a 2048-bit RSA private key in PEM.
std::string GenerateRsaPrivateKeyPem();

// Checks algorithm, signature, iss, aud and claims shape; `expired` is reported separately so callers can
// answer TOKEN_REVOKED before TOKEN_EXPIRED (API.md §2.1a).
struct VerifiedToken {
    Claims claims;
};

class Verifier {
public:
    explicit Verifier(JwtSettings settings);
    ~Verifier();
    // Replaces the RSA public keys from a JWKS document; returns the number of keys loaded.
    int LoadJwks(const json::bj::value& jwks);
    void AddPublicKeyPem(const std::string& kid, const std::string& pem);
    bool HasKey(const std::string& kid) const;
    std::size_t KeyCount() const;
    // kid of an unknown key when that is why verification failed (so the caller can re-fetch the JWKS).
    Result<VerifiedToken> Verify(std::string_view token, std::string* unknown_kid = nullptr) const;
    const JwtSettings& settings() const { return settings_; }

private:
    struct Keys;
    JwtSettings settings_;
    std::unique_ptr<Keys> keys_;
};

}  // namespace shop::auth
