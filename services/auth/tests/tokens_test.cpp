// Token lifecycles, throttling, revocation propagation and delivery durability, over HTTP against the real binary.
#include <signal.h>

#include <future>
#include <thread>

#include "auth_fixture.hpp"

using namespace authtest;

namespace {
std::string RefreshBody(const std::string& token) { return R"({"refreshToken":")" + token + R"("})"; }
}  // namespace

TEST_F(AuthTest, RefreshRotatesTheTokenAndCarriesTheCurrentName) {
    auto a = Register();
    auth->Put("/api/v1/auth/profile", R"({"fullName":"Asha Renamed"})", Bearer(a.access));
    auto r = auth->Post("/api/v1/auth/refresh-token", RefreshBody(a.refresh));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.Str("data.refreshToken"), a.refresh);
    EXPECT_EQ(r.Str("data.user.fullName"), "Asha Renamed");
    // The access token's claims carry the new name.
    std::string access = r.Str("data.accessToken");
    auto first = access.find('.'), second = access.find('.', first + 1);
    std::string payload = access.substr(first + 1, second - first - 1);
    for (char& c : payload) c = c == '-' ? '+' : c == '_' ? '/' : c;
    while (payload.size() % 4) payload.push_back('=');
    // Decode with the harness's JSON only; base64 by hand is enough for a claims check.
    static const std::string kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string decoded;
    int val = 0, bits = -8;
    for (char c : payload) {
        if (c == '=') break;
        val = (val << 6) + static_cast<int>(kB64.find(c));
        bits += 6;
        if (bits >= 0) {
            decoded.push_back(static_cast<char>((val >> bits) & 0xFF));
            bits -= 8;
        }
    }
    auto claims = boost::json::parse(decoded).as_object();
    EXPECT_EQ(claims.at("name").as_string(), "Asha Renamed");
    EXPECT_EQ(claims.at("sub").as_string(), a.id);
    EXPECT_EQ(claims.at("userId").as_string(), a.id);
    EXPECT_EQ(claims.at("iss").as_string(), "rman-auth");
    EXPECT_EQ(claims.at("aud").as_string(), "rman-api");
}

TEST_F(AuthTest, RefreshTokenReuseRevokesTheFamilyAndSendsASecurityNotice) {
    auto a = Register();
    auto first = auth->Post("/api/v1/auth/refresh-token", RefreshBody(a.refresh));
    ASSERT_EQ(first.status, 200);
    auto second = auth->Post("/api/v1/auth/refresh-token", RefreshBody(first.Str("data.refreshToken")));
    ASSERT_EQ(second.status, 200);
    // The successor of a.refresh has been used: presenting a.refresh now is reuse, even within the grace window.
    auto reuse = auth->Post("/api/v1/auth/refresh-token", RefreshBody(a.refresh));
    EXPECT_EQ(reuse.status, 401);
    EXPECT_EQ(reuse.Code(), "TOKEN_REVOKED");
    auto latest = auth->Post("/api/v1/auth/refresh-token", RefreshBody(second.Str("data.refreshToken")));
    EXPECT_EQ(latest.Code(), "TOKEN_REVOKED");
    EXPECT_EQ(auth->Get("/api/v1/auth/profile", Bearer(second.Str("data.accessToken"))).Code(), "TOKEN_REVOKED");
    EXPECT_EQ(mail().WaitFor(a.email, 1, std::chrono::seconds(10), "Security notice").size(), 1u);
}

TEST_F(AuthTest, ConcurrentRefreshWithinGraceGetsTheSamePair) {
    auto a = Register();
    auto call = [&] { return auth->Post("/api/v1/auth/refresh-token", RefreshBody(a.refresh)); };
    auto f1 = std::async(std::launch::async, call);
    auto f2 = std::async(std::launch::async, call);
    auto r1 = f1.get(), r2 = f2.get();
    ASSERT_EQ(r1.status, 200) << r1.body;
    ASSERT_EQ(r2.status, 200) << r2.body;
    EXPECT_EQ(r1.Str("data.refreshToken"), r2.Str("data.refreshToken"));
    EXPECT_EQ(r1.Str("data.accessToken"), r2.Str("data.accessToken"));
    EXPECT_EQ(auth->Post("/api/v1/auth/refresh-token", RefreshBody(r1.Str("data.refreshToken"))).status, 200);
}

TEST_F(AuthTest, UnknownRefreshTokenIsUnauthenticated) {
    auto r = auth->Post("/api/v1/auth/refresh-token", RefreshBody("QW5vdGhlclRva2VuVGhhdERvZXNOb3RFeGlzdEF0QWxsMQ"));
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.Code(), "UNAUTHENTICATED");
}

class ShortLivedTokens : public AuthTest {
protected:
    std::map<std::string, std::string> Env() override {
        auto env = AuthTest::Env();
        env["ACCESS_TOKEN_TTL"] = "1s";
        env["REFRESH_TOKEN_TTL"] = "2s";
        env["RESET_TOKEN_TTL"] = "2s";
        return env;
    }
};

TEST_F(ShortLivedTokens, ExpiredAccessTokenIsTokenExpiredAfterLeewayAndRefreshTokenExpires) {
    auto a = Register();
    auto r = auth->Post("/api/v1/auth/refresh-token", RefreshBody(a.refresh));
    EXPECT_EQ(r.Str("data.expiresIn"), "1");
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    auto expired = auth->Post("/api/v1/auth/refresh-token", RefreshBody(r.Str("data.refreshToken")));
    EXPECT_EQ(expired.status, 401);
    EXPECT_EQ(expired.Code(), "TOKEN_EXPIRED");
}

TEST_F(ShortLivedTokens, ResetLinkExpires) {
    auto a = Register();
    auth->Post("/api/v1/auth/forgot-password", R"({"email":")" + a.email + R"("})");
    std::string token = LinkToken(a.email, "Reset");
    ASSERT_FALSE(token.empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    auto r = auth->Post("/api/v1/auth/reset-password", R"({"token":")" + token + R"(","newPassword":"Better123"})");
    EXPECT_EQ(r.Code(), "INVALID_TOKEN");
}

TEST_F(AuthTest, PasswordResetLinkFromTheEmailWorksOnceAndRevokesSessions) {
    auto a = Register();
    auto out = auth->Post("/api/v1/auth/forgot-password", R"({"email":")" + a.email + R"("})");
    ASSERT_EQ(out.status, 200);
    auto unknown = auth->Post("/api/v1/auth/forgot-password", R"({"email":")" + UniqueEmail("ghost") + R"("})");
    EXPECT_EQ(unknown.status, 200);
    EXPECT_EQ(unknown.Str("message"), out.Str("message"));
    std::string token = LinkToken(a.email, "Reset");
    ASSERT_EQ(token.size(), 43u);

    auto weak = auth->Post("/api/v1/auth/reset-password", R"({"token":")" + token + R"(","newPassword":"short"})");
    EXPECT_EQ(weak.Code(), "VALIDATION_FAILED");
    EXPECT_EQ(weak.Field(), "newPassword");
    auto bad_token = auth->Post("/api/v1/auth/reset-password", R"({"token":"nope","newPassword":"short"})");
    EXPECT_EQ(bad_token.Code(), "INVALID_TOKEN");  // the token is checked before the password

    auto ok = auth->Post("/api/v1/auth/reset-password", R"({"token":")" + token + R"(","newPassword":"Better123"})");
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(auth->Post("/api/v1/auth/reset-password", R"({"token":")" + token + R"(","newPassword":"Another123"})").Code(),
              "INVALID_TOKEN");
    EXPECT_EQ(auth->Get("/api/v1/auth/profile", Bearer(a.access)).Code(), "TOKEN_REVOKED");
    auto login = Login(a.email, "Better123");
    ASSERT_EQ(login.status, 200);
    EXPECT_EQ(login.Str("data.user.emailVerified"), "true");
    EXPECT_EQ(mail().WaitFor(a.email, 1, std::chrono::seconds(10), "password was changed").size(), 1u);
}

TEST_F(AuthTest, ForgotPasswordSendsAtMostThreePerEmailPerHour) {
    auto a = Register();
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(auth->Post("/api/v1/auth/forgot-password", R"({"email":")" + a.email + R"("})").status, 200);
    mail().WaitFor(a.email, 3, std::chrono::seconds(10), "Reset");
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    EXPECT_EQ(mail().WaitFor(a.email, 3, std::chrono::seconds(1), "Reset").size(), 3u);
}

TEST_F(AuthTest, LoginFailuresPerEmailAreThrottledEvenWithTheRightPassword) {
    auto a = Register();
    for (int i = 0; i < 5; ++i) EXPECT_EQ(Login(a.email, "Wrong1234").status, 401);
    auto limited = Login(a.email, a.password);
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(limited.Code(), "RATE_LIMITED");
    int retry = std::stoi(limited.Header("retry-after"));
    EXPECT_GE(retry, 890);
    EXPECT_LE(retry, 900);
    // Unknown emails are throttled the same way (no enumeration).
    auto ghost = UniqueEmail("ghost");
    for (int i = 0; i < 5; ++i) Login(ghost, "Wrong1234");
    EXPECT_EQ(Login(ghost, "Wrong1234").status, 429);
}

class PerIpLimits : public AuthTest {
protected:
    std::map<std::string, std::string> Env() override {
        auto env = AuthTest::Env();
        env["LOGIN_FAILURES_PER_IP"] = "3";
        env["RATE_LIMIT_IP_PER_MIN"] = "1000";
        return env;
    }
};

TEST_F(PerIpLimits, LoginFailuresPerIpAndTheGeneralIpLimitApply) {
    for (int i = 0; i < 3; ++i) EXPECT_EQ(Login(UniqueEmail("ip"), "Wrong1234").status, 401);
    auto limited = Login(UniqueEmail("ip"), "Wrong1234");
    EXPECT_EQ(limited.status, 429);
    EXPECT_FALSE(limited.Header("retry-after").empty());
}

TEST_F(AuthTest, DeactivatedUsersTokensAreRejectedWithinFiveSeconds) {
    auto a = Register();
    auto start = std::chrono::steady_clock::now();
    ASSERT_EQ(auth->Patch("/api/v1/auth/internal/users/" + a.id + "/active", R"({"isActive":false})", Svc()).status, 200);
    bool rejected = Eventually([&] { return auth->Get("/api/v1/auth/profile", Bearer(a.access)).status == 401; },
                               std::chrono::seconds(5));
    EXPECT_TRUE(rejected);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    EXPECT_EQ(auth->Get("/api/v1/auth/profile", Bearer(a.access)).Code(), "TOKEN_REVOKED");
    EXPECT_EQ(auth->Post("/api/v1/auth/refresh-token", RefreshBody(a.refresh)).Code(), "TOKEN_REVOKED");
}

class SmtpDown : public AuthTest {
protected:
    std::map<std::string, std::string> Env() override {
        auto env = AuthTest::Env();
        env["SMTP_PORT"] = std::to_string(FreePort());  // nothing listens: every attempt fails
        env["EMAIL_RETRY_SCHEDULE"] = "1s";
        return env;
    }
};

// A registration committed while SMTP is unreachable, then a kill -9: the email is still delivered
// once the service restarts with a working SMTP server.
TEST_F(SmtpDown, EmailCommittedBeforeACrashIsDeliveredAfterRestart) {
    auto a = Register();
    auto admin = Admin();
    ASSERT_TRUE(Eventually([&] {
        auto r = auth->Get("/api/v1/auth/notifications?userId=" + a.id, Bearer(admin.access));
        return r.Str("data.total") == "1" && r.body.find(R"("attempts":1)") != std::string::npos;
    })) << auth->Log();
    auth->Stop(SIGKILL);
    auth->env()["SMTP_PORT"] = std::to_string(mail().smtp_port());
    auth->Start();
    EXPECT_EQ(mail().WaitFor(a.email, 1, std::chrono::seconds(15), "Welcome").size(), 1u);
    auto login = Login(a.email, a.password);
    EXPECT_EQ(login.status, 200);
}

TEST_F(AuthTest, DataSurvivesARestart) {
    auto a = Register();
    auth->Stop();
    auth->Start();
    EXPECT_EQ(Login(a.email, a.password).status, 200);
    // Tokens signed before the restart still verify (the key pair was kept in DATA_DIR).
    EXPECT_EQ(auth->Get("/api/v1/auth/profile", Bearer(a.access)).status, 200);
}
