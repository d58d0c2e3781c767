#include "api/routes.hpp"

#include "shop/crypto.hpp"
#include "shop/json/fields.hpp"

namespace auth {

using namespace shop::http;
using shop::Error;
using shop::ErrorCode;
using shop::json::bj::array;
using shop::json::bj::object;
using shop::json::kOptional;
using shop::json::kRequired;
using shop::json::ObjectReader;
using shop::json::QueryReader;

namespace {

const shop::json::StringRule kSecretRule{.min = 1, .max = 1024, .trim = false, .max_in_bytes = true};
const shop::json::StringRule kTokenRule{.min = 1, .max = 512};

Context Ctx(const Request& req) {
    Context c{req.request_id, req.client_ip, std::nullopt};
    if (auto ua = req.Header("user-agent")) c.user_agent = std::string(*ua);
    return c;
}

object AuthResultJson(const AuthResult& r) {
    return {{"user", UserJson(r.user)},      {"accessToken", r.access_token},     {"refreshToken", r.refresh_token},
            {"tokenType", "Bearer"},         {"expiresIn", r.expires_in},         {"refreshExpiresIn", r.refresh_expires_in}};
}

object SessionJson(const Session& s, const std::string& current) {
    return {{"id", s.id},
            {"createdAt", shop::FormatTimestamp(s.created_at)},
            {"lastUsedAt", shop::FormatTimestamp(s.last_used_at)},
            {"expiresAt", shop::FormatTimestamp(s.refresh_expires_at)},
            {"userAgent", shop::json::OrNull(s.user_agent)},
            {"ip", s.ip},
            {"current", s.id == current}};
}

Response UserResponse(const shop::Result<User>& u, std::string_view message = "OK") {
    if (!u) return ErrorResponse(u.error());
    return Ok(UserJson(*u), message);
}

// Reads fullName / contactNumber / address of a partial update (profile and the internal update).
void ReadIdentityPatch(ObjectReader& r, ProfilePatch& patch) {
    auto name = shop::json::ReadFullName(r, "fullName", kOptional);
    if (name.set()) patch.full_name = name.value;
    if (name.null()) r.validator().Add("fullName", "must not be null");
    auto contact = shop::json::ReadContactNumber(r, "contactNumber");
    if (contact.set()) patch.contact_number = contact.value;
    if (contact.null()) patch.contact_number = std::optional<std::string>();
    auto address = shop::json::ReadAddress(r, "address", kOptional);
    if (address.set()) patch.address = address.value;
    if (address.null()) patch.address = std::optional<shop::json::Address>();
}

// Reads email/password/fullName (+ contact, address) of a new account.
std::optional<std::string> ReadActorId(ObjectReader& r) {
    return r.String("actorId", {.min = 36, .max = 36}, kOptional, [](std::string v) -> shop::Result<std::string> {
        if (!shop::crypto::IsUuid(v)) return Error::Of(ErrorCode::kValidationFailed, "must be a UUID");
        return v;
    }).opt();
}

void ReadNewUser(ObjectReader& r, NewUser& u, bool with_address) {
    auto email = shop::json::ReadEmail(r, "email", kRequired);
    u.email = email.value;
    u.password = shop::json::ReadPassword(r, "password", u.email).value;
    u.full_name = shop::json::ReadFullName(r, "fullName", kRequired).value;
    u.contact_number = shop::json::ReadContactNumber(r, "contactNumber").opt();
    if (with_address) {
        auto address = shop::json::ReadAddress(r, "address", kOptional);
        if (address.set()) u.address = address.value;
    }
}

const RouteOptions writes{.writes = true};  // waits on a durable commit

void AddAccountRoutes(Router& router, AuthService& service) {
    RouteOptions slow{.offload = true};  // bcrypt
    router.Add(Method::kPost, "/api/v1/auth/register", kAnonymous, [&](Request& req) {
        NewUser u;
        return WithBody(req, false, [&](ObjectReader& r) { ReadNewUser(r, u, true); }, [&] {
            auto result = service.Register(u, Ctx(req));
            if (!result) return ErrorResponse(result.error());
            return Created(AuthResultJson(*result), "Registration successful");
        });
    }, slow);
    router.Add(Method::kPost, "/api/v1/auth/login", kAnonymous, [&](Request& req) {
        std::string email, password;
        return WithBody(req, false,
            [&](ObjectReader& r) {
                email = shop::json::ReadEmail(r, "email", kRequired).value;
                password = r.String("password", kSecretRule, kRequired).value;
            },
            [&] { return Reply(service.Login(email, password, Ctx(req)), AuthResultJson, "Login successful"); });
    }, slow);
    router.Add(Method::kPost, "/api/v1/auth/refresh-token", kAnonymous, [&](Request& req) {
        std::string token;
        return WithBody(req, false, [&](ObjectReader& r) { token = r.String("refreshToken", kTokenRule, kRequired).value; },
                        [&] { return Reply(service.Refresh(token, Ctx(req)), AuthResultJson, "Token refreshed"); });
    }, writes);
    router.Add(Method::kPost, "/api/v1/auth/logout", kAnonymous, [&](Request& req) {
        std::string token;
        return WithBody(req, false, [&](ObjectReader& r) { token = r.String("refreshToken", kTokenRule, kRequired).value; },
                        [&] {
                            service.Logout(token, Ctx(req));
                            return Ok(nullptr, "Logged out");
                        });
    }, writes);
    router.Add(Method::kPost, "/api/v1/auth/logout-all", kUsers, [&](Request& req) {
        return WithBody(req, true, [](ObjectReader&) {}, [&] {
            auto n = service.LogoutAll(req.principal.user_id, Ctx(req));
            if (!n) return ErrorResponse(n.error());
            return Ok(object{{"revokedSessions", *n}}, "All sessions signed out");
        });
    }, writes);
    router.Add(Method::kGet, "/api/v1/auth/sessions", kUsers, [&](Request& req) {
        shop::json::PageRequest page;
        return WithQuery(req, [&](QueryReader& q) { page = shop::json::ReadPage(q, {"createdAt", "lastUsedAt"}, "-lastUsedAt"); },
            [&] {
                auto sessions = service.ActiveSessions(req.principal.user_id);
                std::sort(sessions.begin(), sessions.end(), [&](const Session& a, const Session& b) {
                    auto ka = page.sort_field == "createdAt" ? a.created_at : a.last_used_at;
                    auto kb = page.sort_field == "createdAt" ? b.created_at : b.last_used_at;
                    if (ka != kb) return page.descending ? ka > kb : ka < kb;
                    return page.descending ? a.id > b.id : a.id < b.id;
                });
                array items;
                for (std::size_t i = static_cast<std::size_t>(page.offset());
                     i < sessions.size() && items.size() < static_cast<std::size_t>(page.limit); ++i)
                    items.push_back(SessionJson(sessions[i], req.principal.session_id));
                return Ok(shop::json::PageEnvelope(std::move(items), page, static_cast<std::int64_t>(sessions.size())));
            });
    });
    router.Add(Method::kDelete, "/api/v1/auth/sessions/{sessionId}", kUsers, [&](Request& req) {
        auto r = service.DeleteSession(req.principal.user_id, req.Param("sessionId"), Ctx(req));
        if (!r) return ErrorResponse(r.error());
        return Ok(nullptr, "Session revoked");
    }, writes);
    router.Add(Method::kPost, "/api/v1/auth/verify-email", kAnonymous, [&](Request& req) {
        std::string token;
        return WithBody(req, false, [&](ObjectReader& r) { token = r.String("token", kTokenRule, kRequired).value; }, [&] {
            auto u = service.VerifyEmail(token, Ctx(req));
            if (!u) return ErrorResponse(u.error());
            return Ok(object{{"email", u->email}, {"emailVerified", true}}, "Email verified");
        });
    }, writes);
    router.Add(Method::kPost, "/api/v1/auth/resend-verification", kUsers, [&](Request& req) {
        return WithBody(req, true, [](ObjectReader&) {}, [&] {
            auto r = service.ResendVerification(req.principal.user_id, Ctx(req));
            if (!r) return ErrorResponse(r.error());
            return Ok(nullptr, "Verification email sent");
        });
    }, writes);
    router.Add(Method::kGet, "/api/v1/auth/profile", kUsers, [&](Request& req) {
        return WithQuery(req, [](QueryReader&) {}, [&] { return UserResponse(service.GetUser(req.principal.user_id)); });
    });
    router.Add(Method::kPut, "/api/v1/auth/profile", kUsers, [&](Request& req) {
        ProfilePatch patch;
        auto current = service.GetUser(req.principal.user_id);
        if (!current) return ErrorResponse(current.error());
        return WithBody(req, false,
            [&](ObjectReader& r) {
                ReadIdentityPatch(r, patch);
                auto settings = shop::json::ReadSettings(r, "settings", current->settings);
                if (settings.set()) patch.settings = settings.value;
                if (r.size() == 0) r.validator().Add("", "at least one field is required");
            },
            [&] { return UserResponse(service.UpdateProfile(req.principal.user_id, patch, Ctx(req)), "Profile updated"); });
    }, writes);
    router.Add(Method::kPut, "/api/v1/auth/change-password", kUsers, [&](Request& req) {
        std::string current, next;
        return WithBody(req, false,
            [&](ObjectReader& r) {
                current = r.String("currentPassword", kSecretRule, kRequired).value;
                next = shop::json::ReadPassword(r, "newPassword", req.principal.email).value;
            },
            [&] {
                return Reply(service.ChangePassword(req.principal.user_id, req.principal.session_id, current, next, Ctx(req)),
                             AuthResultJson, "Password changed");
            });
    }, slow);
    router.Add(Method::kPost, "/api/v1/auth/forgot-password", kAnonymous, [&](Request& req) {
        std::string email;
        return WithBody(req, false, [&](ObjectReader& r) { email = shop::json::ReadEmail(r, "email", kRequired).value; }, [&] {
            auto r = service.ForgotPassword(email, Ctx(req));
            if (!r) return ErrorResponse(r.error());
            return Ok(nullptr, "If an account exists for this email, a reset link has been sent.");
        });
    }, writes);
    router.Add(Method::kPost, "/api/v1/auth/reset-password", kAnonymous, [&](Request& req) {
        std::string token, password;
        return WithBody(req, false,
            [&](ObjectReader& r) {
                token = r.String("token", kTokenRule, kRequired).value;
                password = r.String("newPassword", kSecretRule, kRequired).value;  // rules checked after the token
            },
            [&] {
                auto r = service.ResetPassword(token, password, Ctx(req));
                if (!r) return ErrorResponse(r.error());
                return Ok(nullptr, "Password reset; please sign in with your new password.");
            });
    }, slow);
}

void AddAdminRoutes(Router& router, AuthService& service, AuthStore& store) {
    router.Add(Method::kPost, "/api/v1/auth/admin/users", kAdministrator, [&](Request& req) {
        NewUser u;
        return WithBody(req, false, [&](ObjectReader& r) { ReadNewUser(r, u, false); }, [&] {
            auto created = service.CreateAdministrator(u, Ctx(req));
            if (!created) return ErrorResponse(created.error());
            return Created(object{{"user", UserJson(*created)}}, "Administrator created");
        });
    }, {.offload = true});
    router.Add(Method::kGet, "/api/v1/auth/admin/users", kAdministrator, [&](Request& req) {
        UserFilter f;
        return WithQuery(req,
            [&](QueryReader& q) {
                auto roles = q.EnumList("role", {"Customer", "Administrator"});
                if (roles.size() == 1) f.role = roles[0];
                f.is_active = q.Bool("isActive");
                f.q = q.String("q", 1, 100);
                f.page = shop::json::ReadPage(q, {"createdAt", "email", "fullName"}, "-createdAt");
            },
            [&] {
                auto [users, total] = store.ListUsers(f);
                array items;
                for (const auto& u : users) items.push_back(UserJson(u));
                return Ok(shop::json::PageEnvelope(std::move(items), f.page, total));
            });
    });
    router.Add(Method::kPatch, "/api/v1/auth/admin/users/{userId}/active", kAdministrator, [&](Request& req) {
        bool active = false;
        return WithBody(req, false, [&](ObjectReader& r) { active = r.Bool("isActive", kRequired).value; }, [&] {
            const auto& id = req.Param("userId");
            if (!shop::crypto::IsUuid(id)) return ErrorResponse(Error::NotFound("User not found"));
            return UserResponse(service.SetAdministratorActive(req.principal.user_id, id, active, Ctx(req)));
        });
    }, writes);
}

void AddInternalRoutes(Router& router, AuthService& service, AuthStore& store) {
    router.Add(Method::kGet, "/api/v1/auth/validate-token", kService, [&](Request& req) {
        std::optional<std::string_view> bearer;
        if (auto h = req.Header("authorization"); h && h->size() > 7 && h->substr(0, 7) == "Bearer ") bearer = h->substr(7);
        auto check = service.ValidateToken(bearer);
        if (!check.valid) return Ok(object{{"valid", false}, {"reason", check.reason}});
        return Ok(object{{"valid", true}, {"userId", check.user_id}, {"email", check.email}, {"role", check.role},
                         {"sessionId", check.session_id}, {"exp", shop::FormatTimestamp(check.exp)}});
    });
    router.Add(Method::kGet, "/api/v1/auth/user/{userId}", kService, [&](Request& req) {
        const auto& id = req.Param("userId");
        if (!shop::crypto::IsUuid(id)) return ErrorResponse(Error::NotFound("User not found"));
        return UserResponse(service.GetUser(id));
    });
    router.Add(Method::kGet, "/api/v1/auth/internal/revocations", kService, [&](Request& req) {
        std::int64_t since = 0, limit = 500;
        return WithQuery(req,
            [&](QueryReader& q) {
                since = q.Int("since", 0, INT64_MAX, 0);
                limit = q.Int("limit", 1, 1000, 500);
            },
            [&] {
                bool has_more = false;
                auto entries = store.RevocationsSince(since, shop::NowMs(), static_cast<int>(limit), has_more);
                array items;
                std::int64_t next = since;
                for (const auto& e : entries) {
                    items.push_back(object{{"seq", e.seq}, {"sessionId", e.session_id}, {"userId", e.user_id},
                                           {"reason", e.reason}, {"revokedAt", shop::FormatTimestamp(e.revoked_at)},
                                           {"expiresAt", shop::FormatTimestamp(e.expires_at)}});
                    next = std::max(next, e.seq);
                }
                return Ok(object{{"entries", std::move(items)}, {"nextSince", next}, {"hasMore", has_more}});
            });
    });
    router.Add(Method::kPatch, "/api/v1/auth/internal/users/{userId}", kService, [&](Request& req) {
        ProfilePatch patch;
        return WithBody(req, false,
            [&](ObjectReader& r) {
                ReadIdentityPatch(r, patch);
                if (r.size() == 0) r.validator().Add("", "at least one field is required");
            },
            [&] {
                const auto& id = req.Param("userId");
                if (!shop::crypto::IsUuid(id)) return ErrorResponse(Error::NotFound("User not found"));
                return UserResponse(service.UpdateProfile(id, patch, Ctx(req)));
            });
    }, writes);
    router.Add(Method::kPatch, "/api/v1/auth/internal/users/{userId}/active", kService, [&](Request& req) {
        bool active = false;
        std::string reason = "AdminAction";
        std::optional<std::string> actor;
        return WithBody(req, false,
            [&](ObjectReader& r) {
                active = r.Bool("isActive", kRequired).value;
                auto rs = r.String("reason", {.min = 1, .max = 32}, kOptional, [](std::string v) -> shop::Result<std::string> {
                    if (v != "AdminAction" && v != "CustomerDeleted")
                        return Error::Of(ErrorCode::kValidationFailed, "must be AdminAction or CustomerDeleted");
                    return v;
                });
                if (rs.set()) reason = rs.value;
                actor = ReadActorId(r);
            },
            [&] {
                const auto& id = req.Param("userId");
                if (!shop::crypto::IsUuid(id)) return ErrorResponse(Error::NotFound("User not found"));
                return UserResponse(service.SetActive(id, active, reason, actor, Ctx(req)));
            });
    }, writes);
    router.Add(Method::kPost, "/api/v1/auth/internal/users/{userId}/erase", kService, [&](Request& req) {
        std::optional<std::string> actor;
        return WithBody(req, true,
            [&](ObjectReader& r) {
                actor = ReadActorId(r);
            },
            [&] {
                const auto& id = req.Param("userId");
                if (!shop::crypto::IsUuid(id)) return ErrorResponse(Error::NotFound("User not found"));
                return UserResponse(service.Erase(id, actor, Ctx(req)), "User erased");
            });
    }, writes);
}

}  // namespace

void AddRoutes(Router& router, AuthService& service, AuthStore& store, const shop::auth::Signer& signer) {
    AddAccountRoutes(router, service);
    AddAdminRoutes(router, service, store);
    AddInternalRoutes(router, service, store);
    router.Add(Method::kGet, "/.well-known/jwks.json", kAnonymous, [&signer](Request&) {
        Response r = PlainJson(200, signer.Jwks());
        r.With("Cache-Control", "public, max-age=600");
        return r;
    }, {.operational = true});
}

}  // namespace auth
