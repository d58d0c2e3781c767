// Auth endpoints over HTTP against the real binary: happy paths and every error code.
#include <fstream>
#include <set>
#include <sstream>

#include "auth_fixture.hpp"

using namespace authtest;

TEST_F(AuthTest, RegistersReturnsTokensAndSendsWelcomeEmailWithVerificationLink) {
    auto email = UniqueEmail("reg");
    auto r = auth->Post("/api/v1/auth/register",
                        R"({"email":")" + email + R"(","password":"Secret123","fullName":"  Asha Rao  ","contactNumber":"+91 98450 12345",
                            "address":{"street":"12 MG Road","city":"Bengaluru","state":"Karnataka","zipCode":"560001","country":"in"}})");
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.Str("data.user.fullName"), "Asha Rao");
    EXPECT_EQ(r.Str("data.user.role"), "Customer");
    EXPECT_EQ(r.Str("data.user.emailVerified"), "false");
    EXPECT_EQ(r.Str("data.user.address.country"), "IN");
    EXPECT_EQ(r.Str("data.tokenType"), "Bearer");
    EXPECT_EQ(r.Str("data.expiresIn"), "900");
    EXPECT_EQ(r.Str("data.refreshExpiresIn"), "604800");
    EXPECT_EQ(r.Str("data.refreshToken").size(), 43u);
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
    EXPECT_EQ(r.Header("cache-control"), "no-store");
    EXPECT_EQ(r.body.find("password"), std::string::npos);

    std::string token = LinkToken(email, "Welcome");
    ASSERT_FALSE(token.empty());
    auto verified = auth->Post("/api/v1/auth/verify-email", R"({"token":")" + token + R"("})");
    EXPECT_EQ(verified.status, 200) << verified.body;
    EXPECT_EQ(verified.Str("data.emailVerified"), "true");
    auto again = auth->Post("/api/v1/auth/verify-email", R"({"token":")" + token + R"("})");
    EXPECT_EQ(again.status, 400);
    EXPECT_EQ(again.Code(), "INVALID_TOKEN");
    EXPECT_EQ(again.Field(), "token");
    auto profile = auth->Get("/api/v1/auth/profile", Bearer(r.Str("data.accessToken")));
    EXPECT_EQ(profile.Str("data.emailVerified"), "true");
}

TEST_F(AuthTest, RegisteringATakenEmailIsEmailTakenCaseInsensitively) {
    auto a = Register();
    std::string upper = a.email;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto r = auth->Post("/api/v1/auth/register",
                        R"({"email":")" + upper + R"(","password":"Other1234","fullName":"Someone Else"})");
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(r.Code(), "EMAIL_TAKEN");
    EXPECT_EQ(r.Field(), "email");
}

TEST_F(AuthTest, LoginFailsTheSameWayForUnknownEmailAndWrongPassword) {
    auto a = Register();
    auto wrong = Login(a.email, "Wrong1234");
    auto unknown = Login(UniqueEmail("nobody"), "Wrong1234");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(wrong.Code(), "UNAUTHENTICATED");
    EXPECT_EQ(wrong.Str("message"), unknown.Str("message"));
    EXPECT_EQ(wrong.Header("www-authenticate"), "Bearer");
    auto ok = Login(a.email, a.password);
    EXPECT_EQ(ok.status, 200);
    EXPECT_FALSE(ok.Str("data.user.lastLoginAt").empty());
}

TEST_F(AuthTest, ProfileUpdateIsPartialAndRejectsFieldsOutsideTheSchema) {
    auto a = Register();
    auto r = auth->Put("/api/v1/auth/profile", R"({"contactNumber":"080 2345 6789","settings":{"notifyOrderUpdates":false}})",
                       Bearer(a.access));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Str("data.fullName"), "Asha Rao");
    EXPECT_EQ(r.Str("data.contactNumber"), "080 2345 6789");
    EXPECT_EQ(r.Str("data.settings.notifyOrderUpdates"), "false");
    EXPECT_EQ(r.Str("data.settings.notifyComplaintUpdates"), "true");

    auto cleared = auth->Put("/api/v1/auth/profile", R"({"contactNumber":null})", Bearer(a.access));
    EXPECT_EQ(cleared.Str("data.contactNumber"), "null");

    auto email = auth->Put("/api/v1/auth/profile", R"({"email":"x@y.com"})", Bearer(a.access));
    EXPECT_EQ(email.status, 400);
    EXPECT_EQ(email.Code(), "VALIDATION_FAILED");
    EXPECT_EQ(email.Field(), "email");
    auto empty = auth->Put("/api/v1/auth/profile", "{}", Bearer(a.access));
    EXPECT_EQ(empty.status, 400);
    auto lang = auth->Put("/api/v1/auth/profile", R"({"settings":{"language":"fr"}})", Bearer(a.access));
    EXPECT_EQ(lang.Field(), "settings.language");
}

TEST_F(AuthTest, ProtectedEndpointsNeedAValidBearerToken) {
    auto none = auth->Get("/api/v1/auth/profile");
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(none.Code(), "UNAUTHENTICATED");
    auto garbage = auth->Get("/api/v1/auth/profile", Bearer("not.a.token"));
    EXPECT_EQ(garbage.status, 401);
    EXPECT_EQ(garbage.Header("www-authenticate"), "Bearer error=\"invalid_token\"");
    auto a = Register();
    // A token with its signature altered is refused.
    std::string forged = a.access;
    forged[forged.size() - 5] = forged[forged.size() - 5] == 'A' ? 'B' : 'A';
    EXPECT_EQ(auth->Get("/api/v1/auth/profile", Bearer(forged)).status, 401);
    // alg=none is refused whatever the payload says.
    auto dot = a.access.find('.');
    std::string none_alg = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0" + a.access.substr(dot, a.access.rfind('.') - dot) + ".";
    EXPECT_EQ(auth->Get("/api/v1/auth/profile", Bearer(none_alg)).status, 401);
}

TEST_F(AuthTest, SessionsAreListedAndOneCanBeRevoked) {
    auto a = Register();
    auto second = Login(a.email, a.password);
    auto list = auth->Get("/api/v1/auth/sessions", Bearer(a.access));
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(list.Str("data.total"), "2");
    const auto& items = list.Data().at("items").as_array();
    int current = 0;
    std::string other;
    for (const auto& s : items) {
        if (s.at("current").as_bool()) ++current;
        else other = std::string(s.at("id").as_string());
    }
    EXPECT_EQ(current, 1);
    auto del = auth->Delete("/api/v1/auth/sessions/" + other, Bearer(a.access));
    EXPECT_EQ(del.status, 200) << del.body;
    EXPECT_EQ(del.Str("data"), "null");
    EXPECT_EQ(auth->Delete("/api/v1/auth/sessions/" + other, Bearer(a.access)).status, 404);
    auto revoked = auth->Get("/api/v1/auth/profile", Bearer(second.Str("data.accessToken")));
    EXPECT_EQ(revoked.status, 401);
    EXPECT_EQ(revoked.Code(), "TOKEN_REVOKED");
    // Someone else's session is not found.
    auto b = Register();
    auto bsessions = auth->Get("/api/v1/auth/sessions", Bearer(b.access));
    std::string bsid(bsessions.Data().at("items").as_array()[0].at("id").as_string());
    EXPECT_EQ(auth->Delete("/api/v1/auth/sessions/" + bsid, Bearer(a.access)).status, 404);
    auto sorted = auth->Get("/api/v1/auth/sessions?sort=name", Bearer(a.access));
    EXPECT_EQ(sorted.status, 400);
    EXPECT_EQ(sorted.Field(), "sort");
}

TEST_F(AuthTest, LogoutRevokesTheSessionAndIsAlwaysOk) {
    auto a = Register();
    auto out = auth->Post("/api/v1/auth/logout", R"({"refreshToken":")" + a.refresh + R"("})");
    EXPECT_EQ(out.status, 200);
    EXPECT_EQ(auth->Post("/api/v1/auth/logout", R"({"refreshToken":"unknown"})").status, 200);
    auto refresh = auth->Post("/api/v1/auth/refresh-token", R"({"refreshToken":")" + a.refresh + R"("})");
    EXPECT_EQ(refresh.status, 401);
    EXPECT_EQ(refresh.Code(), "TOKEN_REVOKED");
    EXPECT_EQ(auth->Get("/api/v1/auth/profile", Bearer(a.access)).Code(), "TOKEN_REVOKED");
}

TEST_F(AuthTest, LogoutAllRevokesEverySessionIncludingTheCurrentOne) {
    auto a = Register();
    Login(a.email, a.password);
    Login(a.email, a.password);
    auto r = auth->Post("/api/v1/auth/logout-all", "", Bearer(a.access));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Str("data.revokedSessions"), "3");
    EXPECT_EQ(auth->Get("/api/v1/auth/profile", Bearer(a.access)).Code(), "TOKEN_REVOKED");
}

TEST_F(AuthTest, ChangePasswordRevokesOtherSessionsAndEmailsTheUser) {
    auto a = Register();
    auto other = Login(a.email, a.password);
    auto wrong = auth->Put("/api/v1/auth/change-password", R"({"currentPassword":"Nope12345","newPassword":"Better123"})",
                           Bearer(a.access));
    EXPECT_EQ(wrong.status, 400);
    EXPECT_EQ(wrong.Code(), "VALIDATION_FAILED");
    EXPECT_EQ(wrong.Field(), "currentPassword");
    auto same = auth->Put("/api/v1/auth/change-password", R"({"currentPassword":"Secret123","newPassword":"Secret123"})",
                          Bearer(a.access));
    EXPECT_EQ(same.Field(), "newPassword");
    auto ok = auth->Put("/api/v1/auth/change-password", R"({"currentPassword":"Secret123","newPassword":"Better123"})",
                        Bearer(a.access));
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_FALSE(ok.Str("data.accessToken").empty());
    EXPECT_EQ(auth->Get("/api/v1/auth/profile", Bearer(ok.Str("data.accessToken"))).status, 200);
    EXPECT_EQ(auth->Get("/api/v1/auth/profile", Bearer(other.Str("data.accessToken"))).Code(), "TOKEN_REVOKED");
    EXPECT_EQ(Login(a.email, "Secret123").status, 401);
    EXPECT_EQ(Login(a.email, "Better123").status, 200);
    EXPECT_EQ(mail().WaitFor(a.email, 1, std::chrono::seconds(10), "password was changed").size(), 1u);
}

TEST_F(AuthTest, ChangePasswordFailuresAreThrottledPerUser) {
    auto a = Register();
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(auth->Put("/api/v1/auth/change-password", R"({"currentPassword":"Nope12345","newPassword":"Better123"})",
                            Bearer(a.access)).status, 400);
    auto limited = auth->Put("/api/v1/auth/change-password", R"({"currentPassword":"Secret123","newPassword":"Better123"})",
                             Bearer(a.access));
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(limited.Code(), "RATE_LIMITED");
    EXPECT_FALSE(limited.Header("retry-after").empty());
}

TEST_F(AuthTest, ResendVerificationSupersedesEarlierLinksAndConflictsOnceVerified) {
    auto a = Register();
    std::string first = LinkToken(a.email, "Welcome");
    auto resend = auth->Post("/api/v1/auth/resend-verification", "", Bearer(a.access));
    ASSERT_EQ(resend.status, 200) << resend.body;
    std::string second = LinkToken(a.email, "Confirm your email");
    ASSERT_FALSE(second.empty());
    EXPECT_EQ(auth->Post("/api/v1/auth/verify-email", R"({"token":")" + first + R"("})").Code(), "INVALID_TOKEN");
    EXPECT_EQ(auth->Post("/api/v1/auth/verify-email", R"({"token":")" + second + R"("})").status, 200);
    auto again = auth->Post("/api/v1/auth/resend-verification", "{}", Bearer(a.access));
    EXPECT_EQ(again.status, 409);
    EXPECT_EQ(again.Code(), "CONFLICT");
}

TEST_F(AuthTest, AdministratorsCreateAdministratorsAndListUsers) {
    auto admin = Admin();
    auto customer = Register();
    auto email = UniqueEmail("admin2");
    auto created = auth->Post("/api/v1/auth/admin/users",
                              R"({"email":")" + email + R"(","password":"Admin23456","fullName":"Second Admin"})",
                              Bearer(admin.access));
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.Str("data.user.role"), "Administrator");
    EXPECT_EQ(created.Str("data.accessToken"), "");
    EXPECT_EQ(auth->Post("/api/v1/auth/admin/users",
                         R"({"email":")" + email + R"(","password":"Admin23456","fullName":"Again"})", Bearer(admin.access))
                  .Code(),
              "EMAIL_TAKEN");
    auto forbidden = auth->Post("/api/v1/auth/admin/users", "{}", Bearer(customer.access));
    EXPECT_EQ(forbidden.status, 403);
    EXPECT_EQ(forbidden.Code(), "FORBIDDEN");

    auto list = auth->Get("/api/v1/auth/admin/users?role=Administrator&isActive=true&sort=email", Bearer(admin.access));
    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_EQ(list.Str("data.total"), "2");
    auto search = auth->Get("/api/v1/auth/admin/users?q=" + customer.email.substr(0, 8), Bearer(admin.access));
    EXPECT_GE(std::stoi(search.Str("data.total")), 1);
    EXPECT_EQ(auth->Get("/api/v1/auth/admin/users?role=Boss", Bearer(admin.access)).Field(), "role");
    EXPECT_EQ(auth->Get("/api/v1/auth/admin/users?limit=101", Bearer(admin.access)).Field(), "limit");
    EXPECT_EQ(auth->Get("/api/v1/auth/admin/users?colour=red", Bearer(admin.access)).Field(), "colour");
}

TEST_F(AuthTest, AdministratorActivationRules) {
    auto admin = Admin();
    auto customer = Register();
    auto self = auth->Patch("/api/v1/auth/admin/users/" + admin.id + "/active", R"({"isActive":false})", Bearer(admin.access));
    EXPECT_EQ(self.status, 409);
    auto cust = auth->Patch("/api/v1/auth/admin/users/" + customer.id + "/active", R"({"isActive":false})", Bearer(admin.access));
    EXPECT_EQ(cust.status, 409);
    EXPECT_EQ(auth->Patch("/api/v1/auth/admin/users/00000000-0000-4000-8000-000000000000/active", R"({"isActive":false})",
                          Bearer(admin.access)).status, 404);
    auto email = UniqueEmail("admin3");
    auto created = auth->Post("/api/v1/auth/admin/users",
                              R"({"email":")" + email + R"(","password":"Admin34567","fullName":"Third Admin"})", Bearer(admin.access));
    std::string id = created.Str("data.user.id");
    auto other = Login(email, "Admin34567");
    auto off = auth->Patch("/api/v1/auth/admin/users/" + id + "/active", R"({"isActive":false})", Bearer(admin.access));
    ASSERT_EQ(off.status, 200) << off.body;
    EXPECT_EQ(off.Str("data.isActive"), "false");
    EXPECT_EQ(auth->Patch("/api/v1/auth/admin/users/" + id + "/active", R"({"isActive":false})", Bearer(admin.access)).status, 200);
    EXPECT_EQ(auth->Get("/api/v1/auth/profile", Bearer(other.Str("data.accessToken"))).Code(), "TOKEN_REVOKED");
    auto login = Login(email, "Admin34567");
    EXPECT_EQ(login.status, 403);
    EXPECT_EQ(login.Code(), "ACCOUNT_DISABLED");
    EXPECT_EQ(Login(email, "Wrong34567").status, 401);
    EXPECT_EQ(auth->Patch("/api/v1/auth/admin/users/" + id + "/active", R"({"isActive":true})", Bearer(admin.access)).status, 200);
    EXPECT_EQ(Login(email, "Admin34567").status, 200);
}

TEST_F(AuthTest, InternalEndpointsNeedTheServiceCredentialAndRefuseUserTokens) {
    auto a = Register();
    EXPECT_EQ(auth->Get("/api/v1/auth/user/" + a.id).status, 401);
    EXPECT_EQ(auth->Get("/api/v1/auth/user/" + a.id, Bearer(a.access)).status, 401);
    EXPECT_EQ(auth->Get("/api/v1/auth/user/" + a.id, {{"X-Service-Token", "wrong-token-wrong-token-wrong-token"}}).status, 401);
    auto user = auth->Get("/api/v1/auth/user/" + a.id, Svc());
    ASSERT_EQ(user.status, 200);
    EXPECT_EQ(user.Str("data.email"), a.email);
    EXPECT_EQ(user.body.find("password"), std::string::npos);
    EXPECT_EQ(auth->Get("/api/v1/auth/user/00000000-0000-4000-8000-000000000000", Svc()).status, 404);
    // A service credential is not a user credential.
    EXPECT_EQ(auth->Get("/api/v1/auth/profile", Svc()).status, 401);

    auto headers = Svc();
    headers.emplace_back("Authorization", "Bearer " + a.access);
    auto valid = auth->Get("/api/v1/auth/validate-token", headers);
    EXPECT_EQ(valid.Str("data.valid"), "true");
    EXPECT_EQ(valid.Str("data.userId"), a.id);
    EXPECT_EQ(auth->Get("/api/v1/auth/validate-token", Svc()).Str("data.reason"), "missing");
    auto bad = Svc();
    bad.emplace_back("Authorization", "Bearer junk");
    EXPECT_EQ(auth->Get("/api/v1/auth/validate-token", bad).Str("data.reason"), "invalid");
}

TEST_F(AuthTest, InternalUpdateDeactivateAndEraseFollowTheContract) {
    auto a = Register();
    auto upd = auth->Patch("/api/v1/auth/internal/users/" + a.id, R"({"fullName":"Asha R"})", Svc());
    ASSERT_EQ(upd.status, 200) << upd.body;
    EXPECT_EQ(upd.Str("data.fullName"), "Asha R");
    EXPECT_EQ(auth->Patch("/api/v1/auth/internal/users/" + a.id, R"({"email":"x@y.com"})", Svc()).status, 400);

    auto off = auth->Patch("/api/v1/auth/internal/users/" + a.id + "/active", R"({"isActive":false,"reason":"CustomerDeleted"})", Svc());
    ASSERT_EQ(off.status, 200) << off.body;
    EXPECT_EQ(Login(a.email, a.password).Code(), "ACCOUNT_DISABLED");
    EXPECT_EQ(auth->Patch("/api/v1/auth/internal/users/" + a.id + "/active", R"({"isActive":false,"reason":"Bored"})", Svc()).Field(),
              "reason");
    auto revocations = auth->Get("/api/v1/auth/internal/revocations?since=0", Svc());
    ASSERT_EQ(revocations.status, 200);
    bool found = false;
    for (const auto& e : revocations.Data().at("entries").as_array())
        found = found || (e.at("userId").as_string() == a.id && e.at("reason").as_string() == "UserDeactivated");
    EXPECT_TRUE(found) << revocations.body;

    auto erased = auth->Post("/api/v1/auth/internal/users/" + a.id + "/erase", "{}", Svc());
    ASSERT_EQ(erased.status, 200) << erased.body;
    EXPECT_EQ(erased.Str("data.email"), "erased+" + a.id + "@erased.invalid");
    EXPECT_EQ(erased.Str("data.fullName"), "Erased User");
    EXPECT_EQ(auth->Post("/api/v1/auth/internal/users/" + a.id + "/erase", "", Svc()).status, 200);
    // The email is free again.
    auto again = auth->Post("/api/v1/auth/register",
                            R"({"email":")" + a.email + R"(","password":"Secret123","fullName":"New Asha"})");
    EXPECT_EQ(again.status, 201) << again.body;
    auto admin = Admin();
    EXPECT_EQ(auth->Post("/api/v1/auth/internal/users/" + admin.id + "/erase", "", Svc()).status, 409);
}

TEST_F(AuthTest, NotificationDeliveriesAreListedForAdministratorsOnly) {
    auto a = Register();
    mail().WaitFor(a.email, 1);
    auto admin = Admin();
    ASSERT_TRUE(Eventually([&] {
        auto r = auth->Get("/api/v1/auth/notifications?template=welcome&status=sent&userId=" + a.id, Bearer(admin.access));
        return r.Str("data.total") == "1";
    }));
    auto r = auth->Get("/api/v1/auth/notifications?userId=" + a.id, Bearer(admin.access));
    const auto& d = r.Data().at("items").as_array()[0].as_object();
    EXPECT_EQ(d.at("recipient").as_string(), a.email);
    EXPECT_EQ(d.at("relatedType").as_string(), "user");
    EXPECT_EQ(r.body.find("token="), std::string::npos);  // bodies and tokens never exposed
    std::string id(d.at("id").as_string());
    auto retry = auth->Post("/api/v1/auth/notifications/" + id + "/retry", "", Bearer(admin.access));
    EXPECT_EQ(retry.status, 409);
    EXPECT_EQ(auth->Post("/api/v1/auth/notifications/00000000-0000-4000-8000-000000000000/retry", "", Bearer(admin.access)).status, 404);
    EXPECT_EQ(auth->Get("/api/v1/auth/notifications", Bearer(a.access)).status, 403);
}

TEST_F(AuthTest, OperationalEndpointsAreServedWithoutEnvelope) {
    auto health = auth->Get("/health");
    EXPECT_EQ(health.body, R"({"status":"ok"})");
    EXPECT_FALSE(health.Header("x-request-id").empty());
    auto ready = auth->Get("/health/ready");
    EXPECT_EQ(ready.status, 200);
    EXPECT_EQ(ready.Str("status"), "ready");
    EXPECT_EQ(ready.Str("checks.database.status"), "up");
    auto jwks = auth->Get("/.well-known/jwks.json");
    EXPECT_EQ(jwks.Header("cache-control"), "public, max-age=600");
    EXPECT_EQ(jwks.json.at("keys").as_array().size(), 1u);
    EXPECT_EQ(jwks.json.at("keys").as_array()[0].at("alg").as_string(), "RS256");
    Register();
    auto metrics = auth->Get("/metrics");
    EXPECT_NE(metrics.body.find("http_requests_total{method=\"POST\",route=\"/api/v1/auth/register\",status=\"201\"}"),
              std::string::npos);
    EXPECT_NE(metrics.body.find("http_request_duration_seconds_bucket"), std::string::npos);
    EXPECT_EQ(auth->Get("/docs").status, 200);
    EXPECT_EQ(auth->Get("/api-docs").status, 200);
    EXPECT_EQ(auth->Get("/docs/swagger-ui-bundle.js").status, 200);
    EXPECT_EQ(auth->Get("/openapi.json").Str("openapi"), "3.1.0");
}

TEST_F(AuthTest, UnknownRoutesAre404AndWrongMethods405WithAllow) {
    auto r = auth->Get("/api/v1/auth/nothing");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.Code(), "NOT_FOUND");
    EXPECT_EQ(r.Str("success"), "false");
    auto m = auth->Delete("/api/v1/auth/login");
    EXPECT_EQ(m.status, 405);
    EXPECT_EQ(m.Header("allow"), "POST");
    EXPECT_EQ(m.Code(), "METHOD_NOT_ALLOWED");
    // The /api alias and one trailing slash.
    auto a = Register();
    EXPECT_EQ(auth->Get("/api/auth/profile/", Bearer(a.access)).status, 200);
}

TEST_F(AuthTest, RequestIdIsEchoedWhenValidAndReplacedOtherwise) {
    auto echoed = auth->Get("/health", {{"X-Request-ID", "req-7d1c:abc.1"}});
    EXPECT_EQ(echoed.Header("x-request-id"), "req-7d1c:abc.1");
    auto replaced = auth->Get("/health", {{"X-Request-ID", "bad id with spaces"}});
    EXPECT_EQ(replaced.Header("x-request-id").size(), 36u);
    // The access log records it, with the route, status and latency.
    Eventually([&] { return auth->Log().find("req-7d1c:abc.1") != std::string::npos; }, std::chrono::seconds(3));
    EXPECT_NE(auth->Log().find(R"("requestId":"req-7d1c:abc.1")"), std::string::npos);
}

TEST_F(AuthTest, CorsAllowsTheConfiguredOriginOnly) {
    auto pre = Http("OPTIONS", auth->url() + "/api/v1/auth/login", "",
                    {{"Origin", "http://web.test"}, {"Access-Control-Request-Method", "POST"}});
    EXPECT_EQ(pre.status, 204);
    EXPECT_EQ(pre.Header("access-control-allow-origin"), "http://web.test");
    EXPECT_EQ(pre.Header("access-control-max-age"), "600");
    auto other = Http("OPTIONS", auth->url() + "/api/v1/auth/login", "", {{"Origin", "http://evil.test"}});
    EXPECT_EQ(other.Header("access-control-allow-origin"), "");
    auto get = auth->Get("/health", {{"Origin", "http://web.test"}});
    EXPECT_NE(get.Header("access-control-expose-headers").find("X-Request-ID"), std::string::npos);
}

// Every route the server answers is documented with the same role in openapi.json, and vice versa.
TEST_F(AuthTest, OpenApiDocumentMatchesTheRoutes) {
    auto doc = auth->Get("/openapi.json").json.as_object();
    std::set<std::string> documented;
    for (const auto& [path, ops] : doc.at("paths").as_object())
        for (const auto& [method, op] : ops.as_object()) {
            std::string m(method);
            if (m == "parameters") continue;
            for (char& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            documented.insert(m + " " + std::string(path));
        }
    // Probe each documented operation: it must not be 404/405 (a route exists for it).
    for (const auto& op : documented) {
        auto space = op.find(' ');
        std::string method = op.substr(0, space), path = op.substr(space + 1);
        for (const char* param : {"{userId}", "{sessionId}", "{deliveryId}"}) {
            auto pos = path.find(param);
            if (pos != std::string::npos) path.replace(pos, std::strlen(param), "00000000-0000-4000-8000-000000000000");
        }
        auto r = Http(method, auth->url() + path, method == "GET" || method == "DELETE" ? "" : "{}");
        bool routed = r.status != 405 && !(r.status == 404 && r.Str("message").find("No route") == 0);
        EXPECT_TRUE(routed) << op << " -> " << r.status << " " << r.body;
    }
    EXPECT_GE(documented.size(), 30u);
}

#include "api/routes.hpp"
#include "shop/http/app.hpp"
#include "shop/outbox/routes.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace shop::embedded {
std::span<const File> Auth();
}

TEST(AuthOpenApi, DocumentsEveryServerRouteWithItsRole) {
    std::ifstream in(AUTH_OPENAPI);
    std::stringstream ss;
    ss << in.rdbuf();
    auto doc = boost::json::parse(ss.str()).as_object();

    auto dir = shop::testing::TempDir("auth-routes");
    auto db = shop::sqlite::Open("sqlite://" + dir + "/auth.db");
    db->Migrate(shop::embedded::Common(), "common");
    db->Migrate(shop::embedded::Auth(), "auth");
    shop::outbox::SqliteOutbox outbox(*db, "auth-service", {}, 8);
    auth::SqliteAuthStore store(*db, outbox);
    auto signer = shop::auth::Signer::Hs256(std::string(32, 'k'));
    shop::auth::Verifier verifier({.algorithm = "HS256", .hs_secret = std::string(32, 'k')});
    auth::AuthService service(store, *signer, verifier, {}, shop::embedded::Auth());
    shop::Metrics metrics;
    shop::CommonSettings settings;
    shop::http::App app(settings, metrics);
    app.SetOpenApi("{}", true);
    auth::AddRoutes(app.router(), service, store, *signer);
    shop::outbox::AddDeliveryRoutes(app.router(), outbox, "/api/v1/auth", {"welcome"}, 8);

    auto role_name = [](unsigned roles) -> std::string {
        if (roles & shop::http::kAnonymous) return "Anonymous";
        if (roles == shop::http::kUsers) return "Customer,Administrator";
        if (roles == shop::http::kAdministrator) return "Administrator";
        if (roles == shop::http::kService) return "Service";
        return "?";
    };
    std::size_t checked = 0;
    for (const auto& route : app.router().routes()) {
        if (route.pattern.rfind("/docs/", 0) == 0) continue;  // Swagger UI assets
        std::string method = shop::http::MethodName(route.method);
        for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto* path = doc.at("paths").as_object().if_contains(route.pattern);
        ASSERT_NE(path, nullptr) << "undocumented path " << route.pattern;
        const auto* op = path->as_object().if_contains(method);
        ASSERT_NE(op, nullptr) << "undocumented operation " << method << " " << route.pattern;
        EXPECT_EQ(op->as_object().at("x-required-role").as_string(), role_name(route.roles))
            << method << " " << route.pattern;
        ++checked;
    }
    EXPECT_GE(checked, 30u);
}
