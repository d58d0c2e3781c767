#include "api/routes.hpp"

#include "shop/crypto.hpp"
#include "shop/http/resources.hpp"
#include "shop/json/fields.hpp"

namespace customer {

using namespace shop::http;
using shop::Error;
using shop::ErrorCode;
using shop::json::kOptional;
using shop::json::ObjectReader;
using shop::json::QueryReader;
namespace bj = shop::json::bj;

namespace {

const RouteOptions kWrites{.writes = true};

Error Unavailable(const std::string& who) {
    Error e = Error::Of(ErrorCode::kDependencyUnavailable, who + " is unavailable; nothing was changed");
    e.retry_after_s = 5;
    return e;
}

// The error envelope another service answered, passed on; anything unexpected becomes 503.
Error Relay(const shop::client::Response& r, const std::string& who) {
    if (r.unavailable()) return Unavailable(who);
    auto doc = shop::json::ParseStrict(r.body);
    if (r.status == 404) return Error::NotFound("Customer not found");
    if (doc && doc->is_object() && doc->at("errors").is_array() && !doc->at("errors").as_array().empty()) {
        const auto& e = doc->at("errors").as_array()[0].as_object();
        Error out = Error::Of(r.status == 409 ? ErrorCode::kConflict : ErrorCode::kValidationFailed,
                              std::string(doc->at("message").as_string()));
        if (e.at("field").is_string()) out.issues.push_back({std::string(e.at("field").as_string()), out.message});
        return out;
    }
    return Unavailable(who);
}

Actor ActorOf(const Request& req) { return {req.principal.user_id, req.principal.is_admin()}; }

// `me` is the caller; administrators have no customer record (404).
std::string TargetId(const Request& req) {
    const auto& id = req.Param("id");
    if (id == "me") return req.principal.is_admin() ? std::string() : req.principal.user_id;
    return id;
}

Response CustomerResponse(const shop::Result<Customer>& c, std::string_view message = "OK") {
    if (!c) return ErrorResponse(c.error());
    return WithETag(Ok(ToJson(*c), message), c->version);
}

Response ListCustomers(const Request& req, CustomerService& service, bool search) {
    CustomerQuery q;
    return WithQuery(req,
        [&](QueryReader& r) {
            q.statuses = r.EnumList("status", {"Active", "Inactive", "Deleted"});
            if (!r.Has("status")) q.statuses = {"Active", "Inactive"};
            q.q = r.String("q", 1, 100, search);
            q.from = r.Time("createdFrom", shop::Bound::kLower);
            q.to = r.Time("createdTo", shop::Bound::kUpper);
            if (q.from && q.to && *q.from > *q.to) r.validator().Add("createdFrom", "must not be after createdTo");
            q.page = shop::json::ReadPage(r, {"fullName", "createdAt", "totalOrders", "lastOrderDate"}, "-createdAt");
        },
        [&] {
            auto [customers, total] = service.List(q);
            bj::array items;
            for (const auto& c : customers) items.push_back(ToJson(c));
            return Ok(shop::json::PageEnvelope(std::move(items), q.page, total));
        });
}

// GET /customers/{id}/orders|complaints: visibility here, then the owning service's list with customerId.
Response Related(const Request& req, CustomerService& service, shop::client::HttpClient& target, const std::string& path,
                 const std::vector<std::string>& allowed) {
    for (const auto& [k, _] : req.query)
        if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
            return ErrorResponse(Error::Of(ErrorCode::kValidationFailed, "unknown field", k));
    auto c = service.Get(ActorOf(req), TargetId(req));
    if (!c) return ErrorResponse(c.error());
    std::string query = "?customerId=" + c->id;
    for (const auto& [k, v] : req.query) {
        query += "&" + k + "=";
        for (unsigned char ch : v) {
            if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') query.push_back(static_cast<char>(ch));
            else {
                char buf[4];
                std::snprintf(buf, sizeof buf, "%%%02X", ch);
                query += buf;
            }
        }
    }
    auto r = target.Get(path + query, req.request_id);
    if (r.unavailable()) return ErrorResponse(Unavailable(target.name() + " service"));
    Response out;
    out.status = r.status;
    out.body = r.body;
    return out;
}

}  // namespace

shop::Result<std::optional<bj::object>> HttpAuthGateway::GetUser(const std::string& id) {
    auto r = auth_.Get("/api/v1/auth/user/" + id, "customer-sync");
    if (r.status == 404) return std::optional<bj::object>{};
    if (r.status != 200) return Unavailable("Auth");
    auto doc = shop::json::ParseStrict(r.body);
    if (!doc) return Unavailable("Auth");
    return std::optional<bj::object>{doc->at("data").as_object()};
}

shop::Result<bj::object> HttpAuthGateway::UpdateUser(const std::string& id, const bj::object& patch) {
    auto r = auth_.Patch("/api/v1/auth/internal/users/" + id, shop::json::Serialize(patch), "customer-update");
    if (r.status != 200) return Relay(r, "Auth");
    return shop::json::ParseStrict(r.body)->at("data").as_object();
}

shop::Status HttpAuthGateway::SetActive(const std::string& id, bool active, const std::string& reason,
                                        const std::string& actor) {
    bj::object body{{"isActive", active}, {"reason", reason}};
    if (shop::crypto::IsUuid(actor)) body["actorId"] = actor;
    auto r = auth_.Patch("/api/v1/auth/internal/users/" + id + "/active", shop::json::Serialize(body), "customer-active");
    if (r.status != 200) return Relay(r, "Auth");
    return shop::Ok{};
}

shop::Status HttpAuthGateway::Erase(const std::string& id, const std::string& actor) {
    bj::object body;
    if (shop::crypto::IsUuid(actor)) body["actorId"] = actor;
    auto r = auth_.Post("/api/v1/auth/internal/users/" + id + "/erase", shop::json::Serialize(body), "customer-erase");
    if (r.status != 200) return Relay(r, "Auth");
    return shop::Ok{};
}

void AddRoutes(Router& router, CustomerService& service, shop::client::HttpClient& orders,
               shop::client::HttpClient& complaints) {
    router.Add(Method::kGet, "/api/v1/customers", kAdministrator, [&](Request& req) { return ListCustomers(req, service, false); });
    router.Add(Method::kGet, "/api/v1/customers/search", kAdministrator, [&](Request& req) { return ListCustomers(req, service, true); });
    router.Add(Method::kGet, "/api/v1/customers/stats", kAdministrator, [&](Request& req) {
        shop::json::Period period;
        return WithQuery(req, [&](QueryReader& q) { period = shop::json::ReadPeriod(q, true); },
            [&] {
                auto s = service.Stats(period.from, period.to, period.weekly);
                bj::array series;
                for (const auto& [at, n] : s.registrations)
                    series.push_back(bj::object{{"start", shop::FormatTimestamp(at)}, {"registrations", n}});
                std::int64_t customers = s.active + s.inactive;  // Deleted ones no longer count
                const auto& rate = shop::json::Percent;
                return Ok(bj::object{{"from", shop::FormatTimestamp(period.from)}, {"to", shop::FormatTimestamp(period.to)},
                                     {"interval", period.weekly ? "week" : "day"}, {"registrations", std::move(series)},
                                     {"active", s.active}, {"inactive", s.inactive}, {"deleted", s.deleted},
                                     {"withOrders", s.with_orders}, {"repeatBuyers", s.repeat},
                                     {"adoptionRate", rate(s.with_orders, customers)},
                                     {"repeatPurchaseRate", rate(s.repeat, s.with_orders)}});
            });
    });
    router.Add(Method::kGet, "/api/v1/customers/{id}", kUsers, [&](Request& req) {
        return WithQuery(req, [](QueryReader&) {}, [&] { return CustomerResponse(service.Get(ActorOf(req), TargetId(req))); });
    }, kWrites);  // may create the record from Auth
    router.Add(Method::kPut, "/api/v1/customers/{id}", kUsers, [&](Request& req) {
        auto match = IfMatch(req);
        if (!match) return ErrorResponse(match.error());
        ProfilePatch patch;
        std::optional<std::int64_t> version;
        return WithBody(req, false,
            [&](ObjectReader& r) {
                auto name = shop::json::ReadFullName(r, "fullName", kOptional);
                if (name.set()) patch.full_name = name.value;
                if (name.null()) r.validator().Add("fullName", "must not be null");
                auto contact = shop::json::ReadContactNumber(r, "contactNumber");
                if (contact.present()) patch.contact_number = contact.opt();
                auto address = shop::json::ReadAddress(r, "address", kOptional);
                if (address.set()) patch.address = address.value;
                if (address.null()) patch.address = std::optional<shop::json::Address>();
                version = r.Int("version", kOptional, 1, INT64_MAX).opt();
                if (r.size() == (r.Has("version") ? 1u : 0u))
                    r.validator().Add("", "fullName, contactNumber or address is required");
            },
            [&] {
                if (version && *match && **match != *version)
                    return ErrorResponse(Error::Of(ErrorCode::kValidationFailed, "If-Match and version disagree", "version"));
                auto r = service.Update(ActorOf(req), TargetId(req), patch, version ? version : *match);
                if (!r && !version && *match && r.error().code == ErrorCode::kConflict && !r.error().issues.empty())
                    return ErrorResponse(Error::Of(ErrorCode::kConflict, r.error().message, "If-Match"));
                return CustomerResponse(r, "Customer updated");
            });
    }, kWrites);
    router.Add(Method::kDelete, "/api/v1/customers/{id}", kAdministrator, [&](Request& req) {
        auto match = IfMatch(req);
        if (!match) return ErrorResponse(match.error());
        bool erase = false;
        return WithQuery(req, [&](QueryReader& q) { erase = q.Bool("erase").value_or(false); },
                         [&] { return CustomerResponse(service.Delete(ActorOf(req), TargetId(req), erase, *match), "Customer deleted"); });
    }, kWrites);
    for (bool active : {true, false}) {
        router.Add(Method::kPatch, active ? "/api/v1/customers/{id}/activate" : "/api/v1/customers/{id}/deactivate",
                   kAdministrator, [&service, active](Request& req) {
                       auto match = IfMatch(req);
                       if (!match) return ErrorResponse(match.error());
                       return WithBody(req, true, [](ObjectReader&) {}, [&] {
                           return CustomerResponse(service.SetActive(ActorOf(req), TargetId(req), active, *match),
                                                   active ? "Customer activated" : "Customer deactivated");
                       });
                   }, kWrites);
    }
    router.Add(Method::kGet, "/api/v1/customers/{id}/orders", kUsers, [&](Request& req) {
        return Related(req, service, orders, "/api/v1/orders", {"status", "from", "to", "page", "limit", "sort"});
    }, kWrites);
    router.Add(Method::kGet, "/api/v1/customers/{id}/complaints", kUsers, [&](Request& req) {
        return Related(req, service, complaints, "/api/v1/complaints",
                       {"status", "category", "priority", "from", "to", "page", "limit", "sort"});
    }, kWrites);
    router.Add(Method::kGet, "/api/v1/customers/{id}/timeline", kAdministrator, [&](Request& req) {
        TimelineQuery q;
        return WithQuery(req,
            [&](QueryReader& r) {
                q.types = r.EnumList("type", {"CustomerRegistered", "ProfileUpdated", "AccountActivated",
                                              "AccountDeactivated", "AccountDeleted", "AccountErased", "OrderPlaced",
                                              "OrderStatusChanged", "OrderDeleted", "ComplaintRegistered",
                                              "ComplaintStatusChanged", "ComplaintDeleted",
                                              "ComplaintFeedbackGiven"});
                q.from = r.Time("from", shop::Bound::kLower);
                q.to = r.Time("to", shop::Bound::kUpper);
                q.page = shop::json::ReadPage(r, {"occurredAt"}, "-occurredAt");
            },
            [&] {
                auto c = service.Get(ActorOf(req), TargetId(req));
                if (!c) return ErrorResponse(c.error());
                q.customer_id = c->id;
                auto [entries, total] = service.Timeline(q);
                bj::array items;
                for (const auto& t : entries) items.push_back(ToJson(t));
                return Ok(shop::json::PageEnvelope(std::move(items), q.page, total));
            });
    }, kWrites);
    router.Add(Method::kPost, "/api/v1/internal/events", kService, [&](Request& req) {
        auto body = shop::json::ParseObjectBody(req.body);
        if (!body) return ErrorResponse(body.error());
        auto result = service.HandleEvent(*body);
        if (!result) return ErrorResponse(result.error());
        return Ok(bj::object{{"eventId", body->at("eventId")}, {"result", *result}});
    }, kWrites);
}

}  // namespace customer
