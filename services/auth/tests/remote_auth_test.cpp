// The verification other services use (JWKS cache + revocation feed over HTTP), against the real auth binary.
#include <thread>

#include "auth_fixture.hpp"
#include "shop/auth/authenticator.hpp"
#include "shop/auth/remote.hpp"

using namespace authtest;

class RemoteAuthTest : public AuthTest {
protected:
    void SetUp() override {
        AuthTest::SetUp();
        client = std::make_unique<shop::client::HttpClient>("auth", auth->url(), kServiceToken);
        remote = std::make_unique<shop::auth::RemoteAuth>(*client, verifier, revocations, 500);
        ASSERT_TRUE(remote->LoadOnce());
        remote->Start();
    }
    void TearDown() override { remote->Stop(); }

    shop::Result<shop::http::Principal> Check(const std::string& token) { return authenticator.Authenticate(token); }

    shop::auth::Verifier verifier{{}};
    shop::auth::RevocationList revocations;
    std::unique_ptr<shop::client::HttpClient> client;
    std::unique_ptr<shop::auth::RemoteAuth> remote;
    shop::auth::Authenticator authenticator{
        verifier, [this](const shop::auth::Claims& c) { return revocations.IsRevoked(c.sid); },
        [this](const std::string& kid) { remote->OnUnknownKid(kid); }};
};

TEST_F(RemoteAuthTest, VerifiesTokensLocallyWithTheJwks) {
    auto a = Register();
    auto p = Check(a.access);
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(p->user_id, a.id);
    EXPECT_EQ(p->role, shop::http::kCustomer);
    EXPECT_EQ(p->name, "Asha Rao");
    EXPECT_EQ(remote->KeysCheck().status, "up");
    EXPECT_EQ(remote->RevocationsCheck().status, "up");
    EXPECT_FALSE(Check(a.access.substr(0, a.access.size() - 4) + "AAAA").ok());
}

TEST_F(RemoteAuthTest, LogoutAndDeactivationReachOtherServicesWithinFiveSeconds) {
    auto a = Register();
    auto b = Register();
    ASSERT_TRUE(Check(a.access).ok());
    ASSERT_TRUE(Check(b.access).ok());
    auto start = std::chrono::steady_clock::now();
    auth->Post("/api/v1/auth/logout", R"({"refreshToken":")" + a.refresh + R"("})");
    auth->Patch("/api/v1/auth/internal/users/" + b.id + "/active", R"({"isActive":false})", Svc());
    EXPECT_TRUE(Eventually([&] { return !Check(a.access).ok() && !Check(b.access).ok(); }, std::chrono::seconds(5)));
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    EXPECT_EQ(Check(a.access).error().code, shop::ErrorCode::kTokenRevoked);
    EXPECT_EQ(Check(b.access).error().code, shop::ErrorCode::kTokenRevoked);
}

TEST_F(RemoteAuthTest, KeepsEnforcingTheLastListWhileAuthIsDown) {
    auto a = Register();
    auth->Post("/api/v1/auth/logout", R"({"refreshToken":")" + a.refresh + R"("})");
    ASSERT_TRUE(Eventually([&] { return !Check(a.access).ok(); }, std::chrono::seconds(5)));
    auth->Stop();
    EXPECT_TRUE(Eventually([&] { return remote->RevocationsCheck().status == "degraded"; }, std::chrono::seconds(5)));
    EXPECT_EQ(Check(a.access).error().code, shop::ErrorCode::kTokenRevoked);
}
