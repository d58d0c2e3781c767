#include "shop/auth/jwt.hpp"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <stdexcept>

#include "shop/crypto.hpp"

namespace shop::auth {
namespace {

using PKey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

Error Invalid(const char* why) { return Error::Of(ErrorCode::kUnauthenticated, std::string("Invalid token: ") + why); }

std::string BnBytes(const EVP_PKEY* pkey, const char* name) {
    BIGNUM* bn = nullptr;
    if (EVP_PKEY_get_bn_param(pkey, name, &bn) != 1) throw std::runtime_error("cannot read RSA parameter");
    std::string out(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
    BN_free(bn);
    return out;
}

PKey PublicKeyFromJwk(const std::string& n, const std::string& e) {
    BIGNUM* bn_n = BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()), static_cast<int>(n.size()), nullptr);
    BIGNUM* bn_e = BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()), static_cast<int>(e.size()), nullptr);
    OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n);
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e);
    OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
    EVP_PKEY* pkey = nullptr;
    if (ctx && EVP_PKEY_fromdata_init(ctx) == 1) EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params);
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(bn_n);
    BN_free(bn_e);
    return PKey(pkey, EVP_PKEY_free);
}

std::string Kid(const EVP_PKEY* pkey) {
    unsigned char* der = nullptr;
    int len = i2d_PUBKEY(pkey, &der);
    std::string bytes(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
    OPENSSL_free(der);
    return crypto::Base64UrlEncode(crypto::Sha256(bytes)).substr(0, 16);
}

std::string ClaimsJson(const Claims& c) {
    return json::Serialize(json::bj::object{{"iss", c.iss}, {"aud", c.aud}, {"sub", c.sub}, {"userId", c.sub},
                                            {"email", c.email}, {"name", c.name}, {"role", c.role}, {"sid", c.sid},
                                            {"jti", c.jti}, {"iat", c.iat}, {"exp", c.exp}});
}

}  // namespace

JwtSettings JwtSettings::Load(Config& env) {
    JwtSettings s;
    s.algorithm = env.Str("JWT_ALGORITHM", "RS256");
    if (s.algorithm != "RS256" && s.algorithm != "HS256") env.Fail("JWT_ALGORITHM", "must be RS256 or HS256");
    s.issuer = env.Str("JWT_ISSUER", "rman-auth");
    s.audience = env.Str("JWT_AUDIENCE", "rman-api");
    env.Secret("JWT_SECRET");
    s.hs_secret = env.Str("JWT_SECRET", "");
    if (s.algorithm == "HS256" && s.hs_secret.size() < 32) env.Fail("JWT_SECRET", "HS256 needs a secret of at least 32 bytes");
    return s;
}

struct Signer::Key {
    PKey pkey{nullptr, EVP_PKEY_free};
};

Signer::~Signer() = default;

std::string GenerateRsaPrivateKeyPem() {
    EVP_PKEY* pkey = EVP_RSA_gen(2048);
    if (!pkey) throw std::runtime_error("RSA key generation failed");
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, pkey, nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    long len = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<std::size_t>(len));
    BIO_free(bio);
    EVP_PKEY_free(pkey);
    return pem;
}

std::unique_ptr<Signer> Signer::Rs256FromPem(const std::string& pem) {
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    EVP_PKEY* pkey = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!pkey || EVP_PKEY_get_base_id(pkey) != EVP_PKEY_RSA || EVP_PKEY_get_bits(pkey) < 2048) {
        EVP_PKEY_free(pkey);
        throw std::runtime_error("JWT private key must be an RSA key of at least 2048 bits in PEM");
    }
    std::unique_ptr<Signer> s(new Signer());
    s->key_ = std::make_unique<Key>();
    s->key_->pkey.reset(pkey);
    s->kid_ = Kid(pkey);
    return s;
}

std::unique_ptr<Signer> Signer::Hs256(std::string secret) {
    std::unique_ptr<Signer> s(new Signer());
    s->secret_ = std::move(secret);
    s->kid_ = "hs256";
    return s;
}

std::string Signer::Sign(const Claims& claims) const {
    bool rsa = key_ != nullptr;
    std::string header = json::Serialize(json::bj::object{{"alg", rsa ? "RS256" : "HS256"}, {"typ", "JWT"}, {"kid", kid_}});
    std::string input = crypto::Base64UrlEncode(header) + "." + crypto::Base64UrlEncode(ClaimsJson(claims));
    std::string sig;
    if (!rsa) {
        sig = crypto::HmacSha256(secret_, input);
    } else {
        EVP_MD_CTX* ctx = EVP_MD_CTX_new();
        std::size_t len = 0;
        EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key_->pkey.get());
        EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()), input.size());
        sig.resize(len);
        EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                       reinterpret_cast<const unsigned char*>(input.data()), input.size());
        sig.resize(len);
        EVP_MD_CTX_free(ctx);
    }
    return input + "." + crypto::Base64UrlEncode(sig);
}

json::bj::object Signer::Jwks() const {
    json::bj::array keys;
    if (key_) {
        keys.push_back(json::bj::object{{"kty", "RSA"},
                                        {"use", "sig"},
                                        {"alg", "RS256"},
                                        {"kid", kid_},
                                        {"n", crypto::Base64UrlEncode(BnBytes(key_->pkey.get(), OSSL_PKEY_PARAM_RSA_N))},
                                        {"e", crypto::Base64UrlEncode(BnBytes(key_->pkey.get(), OSSL_PKEY_PARAM_RSA_E))}});
    }
    return {{"keys", std::move(keys)}};
}

std::string Signer::PublicPem() const {
    if (!key_) return {};
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, key_->pkey.get());
    char* data = nullptr;
    long len = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<std::size_t>(len));
    BIO_free(bio);
    return pem;
}

struct Verifier::Keys {
    mutable std::shared_mutex mutex;
    std::map<std::string, std::shared_ptr<EVP_PKEY>> by_kid;
};

Verifier::Verifier(JwtSettings settings) : settings_(std::move(settings)), keys_(std::make_unique<Keys>()) {}
Verifier::~Verifier() = default;

int Verifier::LoadJwks(const json::bj::value& jwks) {
    std::map<std::string, std::shared_ptr<EVP_PKEY>> loaded;
    if (const auto* keys = jwks.is_object() ? jwks.get_object().if_contains("keys") : nullptr; keys && keys->is_array()) {
        for (const auto& k : keys->get_array()) {
            if (!k.is_object()) continue;
            const auto& o = k.get_object();
            auto str = [&](const char* name) -> std::string {
                const auto* v = o.if_contains(name);
                return v && v->is_string() ? std::string(v->get_string()) : std::string();
            };
            if (str("kty") != "RSA" || str("kid").empty()) continue;
            auto n = crypto::Base64UrlDecode(str("n"));
            auto e = crypto::Base64UrlDecode(str("e"));
            if (!n || !e) continue;
            PKey pkey = PublicKeyFromJwk(*n, *e);
            if (pkey) loaded[str("kid")] = std::shared_ptr<EVP_PKEY>(pkey.release(), EVP_PKEY_free);
        }
    }
    int count = static_cast<int>(loaded.size());
    std::unique_lock lock(keys_->mutex);
    keys_->by_kid = std::move(loaded);
    return count;
}

void Verifier::AddPublicKeyPem(const std::string& kid, const std::string& pem) {
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    EVP_PKEY* pkey = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!pkey) throw std::runtime_error("invalid public key PEM");
    std::unique_lock lock(keys_->mutex);
    keys_->by_kid[kid] = std::shared_ptr<EVP_PKEY>(pkey, EVP_PKEY_free);
}

bool Verifier::HasKey(const std::string& kid) const {
    std::shared_lock lock(keys_->mutex);
    return keys_->by_kid.contains(kid);
}

std::size_t Verifier::KeyCount() const {
    std::shared_lock lock(keys_->mutex);
    return keys_->by_kid.size();
}

Result<VerifiedToken> Verifier::Verify(std::string_view token, std::string* unknown_kid) const {
    auto dot1 = token.find('.');
    auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos || token.size() > 8192)
        return Invalid("malformed");
    auto header_raw = crypto::Base64UrlDecode(token.substr(0, dot1));
    auto payload_raw = crypto::Base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1));
    auto sig = crypto::Base64UrlDecode(token.substr(dot2 + 1));
    if (!header_raw || !payload_raw || !sig) return Invalid("malformed");
    auto header = json::ParseStrict(*header_raw);
    auto payload = json::ParseStrict(*payload_raw);
    if (!header || !payload || !header->is_object() || !payload->is_object()) return Invalid("malformed");
    const auto& h = header->get_object();
    const auto* alg = h.if_contains("alg");
    if (!alg || !alg->is_string() || alg->get_string() != settings_.algorithm) return Invalid("algorithm not accepted");
    std::string_view signing_input = token.substr(0, dot2);
    if (settings_.algorithm == "HS256") {
        if (!crypto::ConstantTimeEquals(crypto::HmacSha256(settings_.hs_secret, signing_input), *sig))
            return Invalid("bad signature");
    } else {
        const auto* kid = h.if_contains("kid");
        if (!kid || !kid->is_string()) return Invalid("no key id");
        std::shared_ptr<EVP_PKEY> pkey;
        {
            std::shared_lock lock(keys_->mutex);
            auto it = keys_->by_kid.find(std::string(kid->get_string()));
            if (it != keys_->by_kid.end()) pkey = it->second;
        }
        if (!pkey) {
            if (unknown_kid) *unknown_kid = std::string(kid->get_string());
            return Invalid("unknown key");
        }
        EVP_MD_CTX* ctx = EVP_MD_CTX_new();
        bool ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, pkey.get()) == 1 &&
                  EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(sig->data()), sig->size(),
                                   reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size()) == 1;
        EVP_MD_CTX_free(ctx);
        if (!ok) return Invalid("bad signature");
    }
    const auto& p = payload->get_object();
    auto str = [&](const char* name) -> std::string {
        const auto* v = p.if_contains(name);
        return v && v->is_string() ? std::string(v->get_string()) : std::string();
    };
    auto num = [&](const char* name) -> std::optional<std::int64_t> {
        const auto* v = p.if_contains(name);
        if (v && v->is_int64()) return v->get_int64();
        return std::nullopt;
    };
    VerifiedToken t;
    Claims& c = t.claims;
    c.iss = str("iss");
    c.aud = str("aud");
    c.sub = str("sub");
    c.email = str("email");
    c.name = str("name");
    c.role = str("role");
    c.sid = str("sid");
    c.jti = str("jti");
    auto iat = num("iat"), exp = num("exp");
    if (c.iss != settings_.issuer) return Invalid("issuer");
    if (c.aud != settings_.audience) return Invalid("audience");
    if (c.sub.empty() || c.sid.empty() || !iat || !exp || (c.role != "Customer" && c.role != "Administrator"))
        return Invalid("claims");
    c.iat = *iat;
    c.exp = *exp;
    if (c.iat > NowMs() / 1000 + 30) return Invalid("issued in the future");
    return t;
}

}  // namespace shop::auth
