#include "api/routes.hpp"

#include "shop/crypto.hpp"
#include "shop/http/resources.hpp"
#include "shop/storage/records.hpp"

namespace complaint {

using namespace shop::http;
using shop::Error;
using shop::ErrorCode;
using shop::json::kOptional;
using shop::json::kRequired;
using shop::json::ObjectReader;
using shop::json::QueryReader;

namespace {

const RouteOptions kWrites{.writes = true};
const shop::json::StringRule kSubject{.min = 5, .max = 150};
const shop::json::StringRule kDescription{.min = 10, .max = 5000, .long_text = true};
const shop::json::StringRule kResolution{.min = 10, .max = 5000, .long_text = true};
const shop::json::StringRule kReason{.min = 5, .max = 1000, .long_text = true};
const shop::json::StringRule kNotes{.min = 0, .max = 1000, .long_text = true};
const shop::json::StringRule kComment{.min = 1, .max = 5000, .long_text = true};

Actor ActorOf(const Request& req) {
    return {req.principal.user_id, req.principal.email, req.principal.name, req.principal.is_admin()};
}

std::function<shop::Result<std::string>(std::string)> OneOf(const std::vector<std::string>& values) {
    return [values](std::string v) -> shop::Result<std::string> {
        if (std::find(values.begin(), values.end(), v) != values.end()) return v;
        std::string list;
        for (const auto& x : values) list += (list.empty() ? "" : ", ") + x;
        return Error::Of(ErrorCode::kValidationFailed, "must be one of: " + list);
    };
}

Response View(const Request& req, const shop::Result<Complaint>& c, std::string_view message = "OK") {
    if (!c) return ErrorResponse(c.error());
    return WithETag(Ok(c->View(!req.principal.is_customer()), message), c->version());
}

Response ListComplaints(const Request& req, ComplaintService& service, bool search) {
    ComplaintQuery q;
    std::optional<Error> forbidden;
    const auto& p = req.principal;
    return WithQuery(req,
        [&](QueryReader& r) {
            q.statuses = r.EnumList("status", kStatuses);
            q.categories = r.EnumList("category", kCategories);
            q.priorities = r.EnumList("priority", kPriorities);
            auto assigned = r.String("assignedTo", 1, 64);
            q.from = r.Time("from", shop::Bound::kLower);
            q.to = r.Time("to", shop::Bound::kUpper);
            if (q.from && q.to && *q.from > *q.to) r.validator().Add("from", "must not be after to");
            q.order_id = r.String("orderId", 1, 64);
            auto customer = r.String("customerId", 1, 64);
            auto deleted = r.Bool("includeDeleted");
            if (search) q.q = r.String("q", 1, 100, true);
            q.page = shop::json::ReadPage(r, {"createdAt", "updatedAt", "status", "priority"}, "-createdAt");
            if (q.order_id)
                for (char& c : *q.order_id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            if (p.is_customer() && (assigned || customer || deleted)) {
                forbidden = Error::Of(ErrorCode::kForbidden, "Customers see only their own complaints",
                                      assigned ? "assignedTo" : customer ? "customerId" : "includeDeleted");
                return;
            }
            if (deleted && !p.is_admin()) forbidden = Error::Of(ErrorCode::kForbidden, "Administrators only", "includeDeleted");
            if (assigned) q.assigned_to = *assigned == "me" ? p.user_id : *assigned;
            q.user_id = p.is_customer() ? std::optional<std::string>(p.user_id) : customer;
            q.include_deleted = deleted.value_or(false);
            q.q_includes_email = p.is_admin();
        },
        [&] {
            if (forbidden) return ErrorResponse(*forbidden);
            auto [docs, total] = service.List(q);
            return RawPage(docs, q.page, total);
        });
}

}  // namespace

shop::Result<std::optional<bj::object>> HttpDirectory::Order(const std::string& id) {
    std::string safe;
    for (char c : id)
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '-') safe.push_back(c);
    if (safe.empty() || safe.size() != id.size()) return std::optional<bj::object>{};
    auto r = orders_.Get("/api/v1/orders/" + safe, "complaint-order-check");
    if (r.status == 404) return std::optional<bj::object>{};
    if (r.status != 200) {
        Error e = Error::Of(ErrorCode::kDependencyUnavailable, "The Order service is unavailable; nothing was stored");
        e.retry_after_s = 5;
        return e;
    }
    return std::optional<bj::object>{shop::json::ParseStrict(r.body)->at("data").as_object()};
}

shop::Result<std::optional<bj::object>> HttpDirectory::User(const std::string& user_id) {
    if (!shop::crypto::IsUuid(user_id)) return std::optional<bj::object>{};
    auto r = auth_.Get("/api/v1/auth/user/" + user_id, "complaint-assignee-check");
    if (r.status == 404) return std::optional<bj::object>{};
    if (r.status != 200) {
        Error e = Error::Of(ErrorCode::kDependencyUnavailable, "Auth is unavailable; nothing was changed");
        e.retry_after_s = 5;
        return e;
    }
    return std::optional<bj::object>{shop::json::ParseStrict(r.body)->at("data").as_object()};
}

void AddRoutes(Router& router, ComplaintService& service) {
    router.Add(Method::kPost, "/api/v1/complaints", kCustomer, [&](Request& req) {
        auto key = IdempotencyKey(req);
        if (!key) return ErrorResponse(key.error());
        NewComplaint in;
        return WithBody(req, false,
            [&](ObjectReader& r) {
                in.category = r.String("category", {.min = 1, .max = 40}, kRequired, OneOf(kCategories)).value;
                in.subject = r.String("subject", kSubject, kRequired).value;
                in.description = r.String("description", kDescription, kRequired).value;
                in.order_id = r.String("orderId", {.min = 1, .max = 64}, kOptional).opt();
            },
            [&] {
                std::optional<IdempotentRequest> idem;
                if (*key)
                    idem = IdempotentRequest{req.principal.user_id + "|POST|/api/v1/complaints|" + **key,
                                             shop::json::CanonicalHash(*shop::json::ParseStrict(req.body)),
                                             [](const Complaint& c) {
                                                 return shop::StoredResponse{201, Created(c.View(false), "Complaint registered").body};
                                             }};
                auto done = service.Register(ActorOf(req), in, idem, req.request_id);
                if (!done) return ErrorResponse(done.error());
                if (done->replay) return Replay(*done->replay, "/api/v1/complaints/");
                const auto& c = done->complaint;
                return WithETag(Created(c.View(false), "Complaint registered", "/api/v1/complaints/" + c.Str("id")), c.version());
            });
    }, kWrites);
    router.Add(Method::kGet, "/api/v1/complaints", kUsers | kService, [&](Request& req) { return ListComplaints(req, service, false); });
    router.Add(Method::kGet, "/api/v1/complaints/filter", kUsers, [&](Request& req) { return ListComplaints(req, service, false); });
    router.Add(Method::kGet, "/api/v1/complaints/search", kUsers, [&](Request& req) { return ListComplaints(req, service, true); });
    router.Add(Method::kGet, "/api/v1/complaints/stats", kAdministrator, [&](Request& req) {
        shop::json::Period period;
        return WithQuery(req, [&](QueryReader& q) { period = shop::json::ReadPeriod(q, true); },
            [&] {
                auto s = service.Stats(period.from, period.to, period.weekly);
                auto counts = [](const auto& pairs, const char* key) {
                    bj::array out;
                    for (const auto& [name, n] : pairs) out.push_back(bj::object{{key, name}, {"count", n}});
                    return out;
                };
                // Durations in hours with two decimals; averages with two decimals.
                auto hours = [](const std::optional<std::int64_t>& ms) {
                    return ms ? bj::value(static_cast<double>(*ms / 36'000) / 100.0) : bj::value(nullptr);
                };
                auto satisfaction = [](const auto& rows, const char* key) {
                    bj::array out;
                    for (const auto& [name, avg, n] : rows) out.push_back(bj::object{{key, name}, {"average", avg}, {"ratings", n}});
                    return out;
                };
                bj::array series;
                for (const auto& b : s.series)
                    series.push_back(bj::object{{"start", shop::FormatTimestamp(b.start)}, {"registered", b.registered},
                                                {"resolved", b.resolved}, {"resolutionHoursMedian", hours(b.resolution_median_ms)}});
                bj::array distribution;
                for (const auto& [rating, n] : s.rating_distribution) distribution.push_back(bj::object{{"rating", rating}, {"count", n}});
                return Ok(bj::object{
                    {"from", shop::FormatTimestamp(period.from)}, {"to", shop::FormatTimestamp(period.to)},
                    {"interval", period.weekly ? "week" : "day"}, {"series", std::move(series)},
                    {"byStatus", counts(s.by_status, "status")}, {"byCategory", counts(s.by_category, "category")},
                    {"byPriority", counts(s.by_priority, "priority")}, {"openByAge", counts(s.open_by_age, "age")},
                    {"firstResponseHours", bj::object{{"median", hours(s.first_response_median_ms)}, {"p90", hours(s.first_response_p90_ms)}}},
                    {"resolutionHours", bj::object{{"median", hours(s.resolution_median_ms)}, {"p90", hours(s.resolution_p90_ms)}}},
                    {"resolved", s.resolved_ever}, {"reopened", s.reopened},
                    {"reopenRate", shop::json::Percent(s.reopened, s.resolved_ever)},
                    {"satisfaction", bj::object{{"ratings", s.ratings},
                                                {"average", s.satisfaction_average ? bj::value(*s.satisfaction_average) : bj::value(nullptr)},
                                                {"distribution", std::move(distribution)},
                                                {"byCategory", satisfaction(s.satisfaction_by_category, "category")},
                                                {"byAssignee", satisfaction(s.satisfaction_by_assignee, "assignee")}}}});
            });
    });
    router.Add(Method::kGet, "/api/v1/complaints/{id}", kUsers | kService, [&](Request& req) {
        return WithQuery(req, [](QueryReader&) {}, [&] {
            Actor a = ActorOf(req);
            return View(req, service.Get(req.principal.role == kService ? nullptr : &a, req.Param("id")));
        });
    });
    router.Add(Method::kPut, "/api/v1/complaints/{id}", kUsers, [&](Request& req) {
        auto match = IfMatch(req);
        if (!match) return ErrorResponse(match.error());
        Edit e;
        std::optional<std::int64_t> version;
        std::optional<Error> forbidden;
        bool admin = req.principal.is_admin();
        return WithBody(req, false,
            [&](ObjectReader& r) {
                e.category = r.String("category", {.min = 1, .max = 40}, kOptional, OneOf(kCategories)).opt();
                e.priority = r.String("priority", {.min = 1, .max = 10}, kOptional, OneOf(kPriorities)).opt();
                e.subject = r.String("subject", kSubject, kOptional).opt();
                e.description = r.String("description", kDescription, kOptional).opt();
                version = r.Int("version", kOptional, 1, INT64_MAX).opt();
                if (!admin && (r.Has("category") || r.Has("priority")))
                    forbidden = Error::Of(ErrorCode::kForbidden, "Only administrators set this", r.Has("category") ? "category" : "priority");
                if (admin && r.Has("description"))
                    forbidden = Error::Of(ErrorCode::kForbidden, "Administrators cannot change the description", "description");
                if (r.size() == (r.Has("version") ? 1u : 0u)) r.validator().Add("", "at least one field is required");
            },
            [&] {
                if (forbidden) return ErrorResponse(*forbidden);
                if (version && *match && **match != *version)
                    return ErrorResponse(Error::Of(ErrorCode::kValidationFailed, "If-Match and version disagree", "version"));
                return View(req, service.Update(ActorOf(req), req.Param("id"), e, version ? version : *match, req.request_id),
                            "Complaint updated");
            });
    }, kWrites);
    router.Add(Method::kDelete, "/api/v1/complaints/{id}", kAdministrator, [&](Request& req) {
        auto match = IfMatch(req);
        if (!match) return ErrorResponse(match.error());
        return View(req, service.Delete(ActorOf(req), req.Param("id"), *match, req.request_id), "Complaint deleted");
    }, kWrites);
    router.Add(Method::kPatch, "/api/v1/complaints/{id}/status", kUsers, [&](Request& req) {
        auto match = IfMatch(req);
        if (!match) return ErrorResponse(match.error());
        std::string status;
        std::optional<std::string> notes;
        bool admin = req.principal.is_admin();
        return WithBody(req, false,
            [&](ObjectReader& r) {
                status = r.String("status", {.min = 1, .max = 20}, kRequired, OneOf(kStatuses)).value;
                notes = r.String("notes", status == "Resolved" && admin ? kResolution : kNotes,
                                 status == "Resolved" && admin ? kRequired : kOptional).opt();
            },
            [&] {
                if (!admin && status != "Closed")
                    return ErrorResponse(Error::Of(ErrorCode::kForbidden, "You can only close your complaint", "status"));
                return View(req, service.ChangeStatus(ActorOf(req), req.Param("id"), status, notes, *match, req.request_id),
                            "Complaint status updated");
            });
    }, kWrites);
    router.Add(Method::kPatch, "/api/v1/complaints/{id}/resolve", kAdministrator, [&](Request& req) {
        auto match = IfMatch(req);
        if (!match) return ErrorResponse(match.error());
        std::string notes;
        return WithBody(req, false, [&](ObjectReader& r) { notes = r.String("resolutionNotes", kResolution, kRequired).value; },
                        [&] { return View(req, service.Resolve(ActorOf(req), req.Param("id"), notes, *match, req.request_id), "Complaint resolved"); });
    }, kWrites);
    router.Add(Method::kPost, "/api/v1/complaints/{id}/reopen", kUsers, [&](Request& req) {
        auto match = IfMatch(req);
        if (!match) return ErrorResponse(match.error());
        std::string reason;
        return WithBody(req, false, [&](ObjectReader& r) { reason = r.String("reason", kReason, kRequired).value; },
                        [&] { return View(req, service.Reopen(ActorOf(req), req.Param("id"), reason, *match, req.request_id), "Complaint reopened"); });
    }, kWrites);
    router.Add(Method::kPatch, "/api/v1/complaints/{id}/assign", kAdministrator, [&](Request& req) {
        auto match = IfMatch(req);
        if (!match) return ErrorResponse(match.error());
        std::optional<std::string> assignee;
        return WithBody(req, false,
            [&](ObjectReader& r) {
                if (!r.Has("assignedTo")) r.validator().Add("assignedTo", "is required (a user id, or null to unassign)");
                assignee = r.String("assignedTo", {.min = 1, .max = 64}, kOptional).opt();
            },
            [&] { return View(req, service.Assign(ActorOf(req), req.Param("id"), assignee, *match, req.request_id), "Complaint assigned"); });
    }, kWrites);
    router.Add(Method::kPost, "/api/v1/complaints/{id}/comments", kUsers, [&](Request& req) {
        std::string text;
        bool internal = false;
        return WithBody(req, false,
            [&](ObjectReader& r) {
                text = r.String("comment", kComment, kRequired).value;
                internal = r.Bool("isInternal", kOptional).opt().value_or(false);
            },
            [&] {
                if (internal && !req.principal.is_admin())
                    return ErrorResponse(Error::Of(ErrorCode::kForbidden, "Only administrators write internal notes", "isInternal"));
                auto c = service.AddComment(ActorOf(req), req.Param("id"), text, internal, req.request_id);
                if (!c) return ErrorResponse(c.error());
                return Created(ToJson(*c), "Comment added");
            });
    }, kWrites);
    router.Add(Method::kPost, "/api/v1/complaints/{id}/feedback", kCustomer, [&](Request& req) {
        std::int64_t rating = 0;
        std::optional<std::string> comment;
        return WithBody(req, false,
            [&](ObjectReader& r) {
                rating = r.Int("rating", kRequired, 1, 5).value;
                comment = r.String("comment", {.min = 0, .max = 1000, .long_text = true}, kOptional).opt();
            },
            [&] {
                auto given = service.GiveFeedback(ActorOf(req), req.Param("id"), rating, comment, req.request_id);
                if (!given) return ErrorResponse(given.error());
                return Created(*given, "Thank you for your feedback");
            });
    }, kWrites);
    router.Add(Method::kGet, "/api/v1/complaints/{id}/comments", kUsers, [&](Request& req) {
        shop::json::PageRequest page;
        return WithQuery(req, [&](QueryReader& q) { page = shop::json::ReadPage(q, {"createdAt"}, "createdAt"); }, [&] {
            auto comments = service.Comments(ActorOf(req), req.Param("id"));
            if (!comments) return ErrorResponse(comments.error());
            if (page.descending) std::reverse(comments->begin(), comments->end());
            bj::array items;
            for (auto i = static_cast<std::size_t>(page.offset()); i < comments->size() && items.size() < static_cast<std::size_t>(page.limit); ++i)
                items.push_back(ToJson((*comments)[i]));
            return Ok(shop::json::PageEnvelope(std::move(items), page, static_cast<std::int64_t>(comments->size())));
        });
    });
    router.Add(Method::kPost, "/api/v1/internal/events", kService, [&](Request& req) {
        auto body = shop::json::ParseObjectBody(req.body);
        if (!body) return ErrorResponse(body.error());
        const auto* id = body->if_contains("eventId");
        const auto* type = body->if_contains("type");
        const auto* data = body->if_contains("data");
        if (!id || !id->is_string() || id->get_string().empty() || !type || !type->is_string() || !data || !data->is_object())
            return ErrorResponse(Error::Of(ErrorCode::kValidationFailed, "eventId, type and data are required"));
        std::string result = "ignored";
        if (type->get_string() == "UserErased") {
            const auto* user = data->get_object().if_contains("userId");
            if (!user || !user->is_string())
                return ErrorResponse(Error::Of(ErrorCode::kValidationFailed, "data.userId is required", "data.userId"));
            result = service.HandleUserErased(std::string(id->get_string()), std::string(user->get_string()));
        }
        return Ok(bj::object{{"eventId", *id}, {"result", result}});
    }, kWrites);
}

}  // namespace complaint
