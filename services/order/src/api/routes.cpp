#include "api/routes.hpp"

#include <charconv>

#include "shop/crypto.hpp"
#include "shop/http/resources.hpp"
#include "shop/json/fields.hpp"
#include "shop/storage/records.hpp"

namespace order {

using namespace shop::http;
using shop::Error;
using shop::ErrorCode;
using shop::json::kOptional;
using shop::json::kRequired;
using shop::json::ObjectReader;
using shop::json::QueryReader;
namespace bj = shop::json::bj;

namespace {

const RouteOptions kWrites{.writes = true};
const shop::json::StringRule kReasonRule{.min = 5, .max = 1000, .long_text = true};
const shop::json::StringRule kNotesRule{.min = 0, .max = 1000, .long_text = true};
const shop::json::StringRule kOrderNotesRule{.min = 0, .max = 500, .long_text = true};

Context Ctx(const Request& req) { return {req.request_id}; }

Actor ActorOf(const Request& req) {
    return {req.principal.user_id, req.principal.email, req.principal.name, req.principal.is_admin()};
}

Response OrderResponse(const shop::Result<Order>& o, std::string_view message = "OK") {
    if (!o) return ErrorResponse(o.error());
    return WithETag(Ok(ToJson(*o, true), message), o->version);
}

shop::Result<std::string> CheckProductId(std::string id) {
    if (id.size() > 40) return Error::Of(ErrorCode::kValidationFailed, "must be at most 40 characters");
    for (char c : id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-')
            return Error::Of(ErrorCode::kValidationFailed, "must contain only letters, digits, _ and -");
    return id;
}

// Reads [{productId, quantity}] lines of a placement or a return.
std::vector<LineInput> ReadLines(ObjectReader& r, bool required) {
    std::vector<LineInput> out;
    auto items = r.Array("items", required, 1, 50);
    if (!items.set()) return out;
    for (std::size_t i = 0; i < items.value->size(); ++i) {
        std::string path = r.Path("items") + "[" + std::to_string(i) + "]";
        const auto& v = (*items.value)[i];
        if (!v.is_object()) {
            r.validator().Add(path, "must be an object");
            continue;
        }
        ObjectReader line(v.get_object(), r.validator(), path);
        auto id = line.String("productId", {.min = 1, .max = 40}, kRequired, CheckProductId);
        auto qty = line.Int("quantity", kRequired, 1, 100);
        line.RejectUnknown();
        out.push_back({id.value, qty.value});
    }
    return out;
}

// Amount query bounds: decimals >= 0 with at most two fraction digits -> paise.
std::optional<Paise> ReadAmount(QueryReader& q, const char* name) {
    auto raw = q.String(name, 1, 20);
    if (!raw) return std::nullopt;
    const std::string& s = *raw;
    auto dot = s.find('.');
    std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot + 1);
    bool ok = !whole.empty() && whole.size() <= 12 && frac.size() <= 2 &&
              (dot == std::string::npos || !frac.empty()) &&
              std::all_of(whole.begin(), whole.end(), ::isdigit) && std::all_of(frac.begin(), frac.end(), ::isdigit);
    if (!ok) {
        q.validator().Add(name, "must be an amount >= 0 with at most two decimals, such as 499.50");
        return std::nullopt;
    }
    while (frac.size() < 2) frac.push_back('0');
    return std::stoll(whole) * 100 + std::stoll(frac);
}

// The list parameters of GET /orders, /orders/filter and /orders/search (API.md §6.6).
std::optional<Response> ReadQuery(const Request& req, QueryReader& q, OrderQuery& out, bool search) {
    const auto& p = req.principal;
    out.statuses = q.EnumList("status", kStatuses);
    out.from = q.Time("from", shop::Bound::kLower);
    out.to = q.Time("to", shop::Bound::kUpper);
    if (out.from && out.to && *out.from > *out.to) q.validator().Add("from", "must not be after to");
    out.min_total = ReadAmount(q, "minTotal");
    out.max_total = ReadAmount(q, "maxTotal");
    if (out.min_total && out.max_total && *out.min_total > *out.max_total)
        q.validator().Add("minTotal", "must not be above maxTotal");
    if (search) out.q = q.String("q", 1, 100, true);
    auto customer = q.String("customerId", 1, 64);
    auto deleted = q.Bool("includeDeleted");
    out.page = shop::json::ReadPage(q, {"orderDate", "totalAmount", "status"}, "-orderDate");
    if (p.is_customer() && customer) return ErrorResponse(Error::Of(ErrorCode::kForbidden, "Customers see only their own orders", "customerId"));
    if (!p.is_admin() && deleted) return ErrorResponse(Error::Of(ErrorCode::kForbidden, "Only administrators see deleted orders", "includeDeleted"));
    out.user_id = p.is_customer() ? std::optional<std::string>(p.user_id) : customer;
    out.include_deleted = deleted.value_or(false);
    out.q_includes_email = p.is_admin();
    return std::nullopt;
}

Response ListOrders(const Request& req, OrderService& service, bool search) {
    OrderQuery query;
    std::optional<Response> early;
    return WithQuery(req, [&](QueryReader& q) { early = ReadQuery(req, q, query, search); }, [&] {
        if (early) return *early;
        auto [docs, total] = service.List(query);
        return RawPage(docs, query.page, total);
    });
}

void AddCatalogRoutes(Router& router, const Catalog& catalog) {
    router.Add(Method::kGet, "/api/v1/products", kAnonymous, [&](Request& req) {
        std::optional<std::string> q;
        bool inactive = false;
        shop::json::PageRequest page;
        return WithQuery(req,
            [&](QueryReader& r) {
                q = r.String("q", 1, 100);
                inactive = r.Bool("includeInactive").value_or(false);
                page = shop::json::ReadPage(r, {"name", "unitPrice"}, "name");
            },
            [&] {
                auto [products, total] = catalog.List(q, inactive, page);
                bj::array items;
                for (const auto* p : products) items.push_back(ToJson(*p));
                return Ok(shop::json::PageEnvelope(std::move(items), page, total));
            });
    });
    router.Add(Method::kGet, "/api/v1/products/{productId}", kAnonymous, [&](Request& req) {
        const Product* p = catalog.Find(req.Param("productId"));
        if (!p) return ErrorResponse(Error::NotFound("Product not found"));
        return Ok(ToJson(*p));
    });
}

void AddOrderRoutes(Router& router, OrderService& service) {
    router.Add(Method::kPost, "/api/v1/orders", kCustomer, [&](Request& req) {
        PlaceInput input;
        std::optional<IdempotentRequest> idem;
        auto key = IdempotencyKey(req);
        if (!key) return ErrorResponse(key.error());
        if (*key) idem = IdempotentRequest{req.principal.user_id + "|POST|/api/v1/orders|" + **key, "", nullptr};
        return WithBody(req, false,
            [&](ObjectReader& r) {
                for (auto& line : ReadLines(r, kRequired)) input.items.push_back(std::move(line));
                auto address = shop::json::ReadAddress(r, "deliveryAddress", kRequired);
                if (address.set()) input.address = address.value;
                input.notes = r.String("notes", kOrderNotesRule, kOptional).opt();
            },
            [&] {
                if (idem) {
                    idem->request_hash = shop::json::CanonicalHash(*shop::json::ParseStrict(req.body));
                    idem->render = [](const Order& o) {
                        return shop::StoredResponse{201, Created(ToJson(o, true), "Order placed").body};
                    };
                }
                auto placed = service.Place(ActorOf(req), input, idem, Ctx(req));
                if (!placed) return ErrorResponse(placed.error());
                if (placed->replay) return Replay(*placed->replay, "/api/v1/orders/");
                return WithETag(Created(ToJson(placed->order, true), "Order placed", "/api/v1/orders/" + placed->order.id),
                                placed->order.version);
            });
    }, kWrites);
    router.Add(Method::kGet, "/api/v1/orders", kUsers | kService, [&](Request& req) { return ListOrders(req, service, false); });
    router.Add(Method::kGet, "/api/v1/orders/filter", kUsers, [&](Request& req) { return ListOrders(req, service, false); });
    router.Add(Method::kGet, "/api/v1/orders/search", kUsers, [&](Request& req) { return ListOrders(req, service, true); });
    router.Add(Method::kGet, "/api/v1/orders/stats", kAdministrator, [&](Request& req) {
        shop::json::Period period;
        return WithQuery(req, [&](QueryReader& q) { period = shop::json::ReadPeriod(q, true); },
            [&] {
                auto s = service.Stats(period.from, period.to, period.weekly);
                // Rates are percentages with two decimals, each beside the counts it is computed from.
                const auto& rate = shop::json::Percent;
                bj::array series, statuses;
                for (const auto& b : s.series)
                    series.push_back(bj::object{{"start", shop::FormatTimestamp(b.start)}, {"orders", b.orders},
                                                {"revenue", shop::json::Money(b.revenue)}});
                for (const auto& [status, n] : s.by_status) statuses.push_back(bj::object{{"status", status}, {"count", n}});
                std::int64_t kept = s.placed - s.cancelled;
                return Ok(bj::object{
                    {"from", shop::FormatTimestamp(period.from)}, {"to", shop::FormatTimestamp(period.to)},
                    {"interval", period.weekly ? "week" : "day"}, {"series", std::move(series)}, {"byStatus", std::move(statuses)},
                    {"placed", s.placed}, {"cancelled", s.cancelled}, {"completed", s.completed}, {"returned", s.returned},
                    {"revenue", shop::json::Money(s.revenue)}, {"currency", "INR"},
                    {"completionRate", rate(s.completed, kept)}, {"cancellationRate", rate(s.cancelled, s.placed)},
                    {"returnRate", rate(s.returned, s.reached_delivery)},
                    {"averageOrderValue", kept ? shop::json::Money(s.revenue / kept) : bj::value(nullptr)}});
            });
    });
    router.Add(Method::kGet, "/api/v1/orders/{id}", kUsers | kService, [&](Request& req) {
        return WithQuery(req, [](QueryReader&) {}, [&] {
            Actor actor = ActorOf(req);
            auto o = service.Get(req.principal.role == kService ? nullptr : &actor, req.Param("id"));
            if (!o) return ErrorResponse(o.error());
            return WithETag(OkRaw(o->WithHistory()), o->version);
        });
    });
}

void AddOrderChangeRoutes(Router& router, OrderService& service) {
    router.Add(Method::kPut, "/api/v1/orders/{id}", kAdministrator, [&](Request& req) {
        auto match = IfMatch(req);
        if (!match) return ErrorResponse(match.error());
        std::optional<shop::json::Address> address;
        std::optional<std::optional<std::string>> notes;
        std::optional<std::int64_t> version;
        return WithBody(req, false,
            [&](ObjectReader& r) {
                auto a = shop::json::ReadAddress(r, "deliveryAddress", kOptional);
                if (a.set()) address = a.value;
                if (a.null()) r.validator().Add(r.Path("deliveryAddress"), "must not be null");
                auto n = r.String("notes", kOrderNotesRule, kOptional);
                if (n.present()) notes = n.opt();
                version = r.Int("version", kOptional, 1, INT64_MAX).opt();
                if (!r.Has("deliveryAddress") && !r.Has("notes"))
                    r.validator().Add("", "deliveryAddress or notes is required");
            },
            [&] {
                if (version && *match && **match != *version)
                    return ErrorResponse(Error::Of(ErrorCode::kValidationFailed, "If-Match and version disagree", "version"));
                auto expected = version ? version : *match;
                auto o = service.Edit(ActorOf(req), req.Param("id"), address, notes, expected, Ctx(req));
                if (!o && version && o.error().code == ErrorCode::kConflict && o.error().issues.size() == 1 &&
                    o.error().issues[0].field == "If-Match")
                    return ErrorResponse(Error::Of(ErrorCode::kConflict, o.error().message, "version"));
                return OrderResponse(o, "Order updated");
            });
    }, kWrites);
    router.Add(Method::kDelete, "/api/v1/orders/{id}", kAdministrator, [&](Request& req) {
        auto match = IfMatch(req);
        if (!match) return ErrorResponse(match.error());
        return OrderResponse(service.Delete(ActorOf(req), req.Param("id"), *match, Ctx(req)), "Order deleted");
    }, kWrites);
    router.Add(Method::kPatch, "/api/v1/orders/{id}/status", kAdministrator, [&](Request& req) {
        auto match = IfMatch(req);
        if (!match) return ErrorResponse(match.error());
        std::string status;
        std::optional<std::string> notes, tracking;
        return WithBody(req, false,
            [&](ObjectReader& r) {
                status = r.String("status", {.min = 1, .max = 32}, kRequired, [](std::string s) -> shop::Result<std::string> {
                    if (s != "Processing" && s != "Shipped" && s != "Delivered")
                        return Error::Of(ErrorCode::kValidationFailed,
                                         "must be Processing, Shipped or Delivered (other statuses have their own endpoints)");
                    return s;
                }).value;
                notes = r.String("notes", kNotesRule, kOptional).opt();
                tracking = r.String("trackingNumber", {.min = 3, .max = 64}, kOptional, [](std::string t) -> shop::Result<std::string> {
                    for (char c : t)
                        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-')
                            return Error::Of(ErrorCode::kValidationFailed, "must contain only letters, digits and -");
                    return t;
                }).opt();
                if (tracking && !status.empty() && status != "Shipped")
                    r.validator().Add("trackingNumber", "is only accepted with status Shipped");
            },
            [&] {
                return OrderResponse(service.ChangeStatus(ActorOf(req), req.Param("id"), status, notes, tracking, *match, Ctx(req)),
                                     "Order status updated");
            });
    }, kWrites);
    router.Add(Method::kPost, "/api/v1/orders/{id}/cancel", kUsers, [&](Request& req) {
        auto match = IfMatch(req);
        if (!match) return ErrorResponse(match.error());
        std::string reason;
        return WithBody(req, false, [&](ObjectReader& r) { reason = r.String("reason", kReasonRule, kRequired).value; },
                        [&] { return OrderResponse(service.Cancel(ActorOf(req), req.Param("id"), reason, *match, Ctx(req)), "Order cancelled"); });
    }, kWrites);
    router.Add(Method::kPost, "/api/v1/orders/{id}/return", kCustomer, [&](Request& req) {
        auto match = IfMatch(req);
        if (!match) return ErrorResponse(match.error());
        std::string reason;
        std::optional<std::vector<LineInput>> items;
        return WithBody(req, false,
            [&](ObjectReader& r) {
                reason = r.String("reason", kReasonRule, kRequired).value;
                if (r.Has("items")) items = ReadLines(r, kOptional);
            },
            [&] {
                return OrderResponse(service.RequestReturn(ActorOf(req), req.Param("id"), reason, items, *match, Ctx(req)),
                                     "Return requested");
            });
    }, kWrites);
    router.Add(Method::kPatch, "/api/v1/orders/{id}/return/approve", kAdministrator, [&](Request& req) {
        auto match = IfMatch(req);
        if (!match) return ErrorResponse(match.error());
        std::optional<std::string> notes;
        return WithBody(req, true, [&](ObjectReader& r) { notes = r.String("notes", kNotesRule, kOptional).opt(); },
                        [&] { return OrderResponse(service.ApproveReturn(ActorOf(req), req.Param("id"), notes, *match, Ctx(req)), "Return approved"); });
    }, kWrites);
    router.Add(Method::kPatch, "/api/v1/orders/{id}/return/reject", kAdministrator, [&](Request& req) {
        auto match = IfMatch(req);
        if (!match) return ErrorResponse(match.error());
        std::string reason;
        return WithBody(req, false, [&](ObjectReader& r) { reason = r.String("reason", kReasonRule, kRequired).value; },
                        [&] { return OrderResponse(service.RejectReturn(ActorOf(req), req.Param("id"), reason, *match, Ctx(req)), "Return rejected"); });
    }, kWrites);
}

void AddEventRoute(Router& router, OrderService& service) {
    router.Add(Method::kPost, "/api/v1/internal/events", kService, [&](Request& req) {
        auto body = shop::json::ParseObjectBody(req.body);
        if (!body) return ErrorResponse(body.error());
        const auto* id = body->if_contains("eventId");
        const auto* type = body->if_contains("type");
        const auto* data = body->if_contains("data");
        if (!id || !id->is_string() || id->get_string().empty() || !type || !type->is_string() || !data ||
            !data->is_object())
            return ErrorResponse(Error::Of(ErrorCode::kValidationFailed, "eventId, type and data are required"));
        std::string event_id(id->get_string()), event_type(type->get_string());
        std::string result = "ignored";
        if (event_type == "UserErased") {
            const auto* user = data->get_object().if_contains("userId");
            if (!user || !user->is_string()) return ErrorResponse(Error::Of(ErrorCode::kValidationFailed, "data.userId is required", "data.userId"));
            result = service.HandleUserErased(event_id, std::string(user->get_string()));
        }
        return Ok(bj::object{{"eventId", event_id}, {"result", result}});
    }, kWrites);
}

}  // namespace

void AddRoutes(Router& router, OrderService& service, const Catalog& catalog) {
    AddCatalogRoutes(router, catalog);
    AddOrderRoutes(router, service);
    AddOrderChangeRoutes(router, service);
    AddEventRoute(router, service);
}

}  // namespace order
