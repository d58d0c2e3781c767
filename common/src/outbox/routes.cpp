#include "shop/outbox/routes.hpp"

#include "shop/crypto.hpp"

namespace shop::outbox {

void AddDeliveryRoutes(http::Router& router, Store& store, const std::string& prefix,
                       std::vector<std::string> templates, int retry_attempts) {
    using namespace http;
    router.Add(Method::kGet, prefix + "/notifications", kAdministrator, [&store, templates](Request& req) {
        DeliveryFilter f;
        return WithQuery(
            req,
            [&](json::QueryReader& q) {
                f.statuses = q.EnumList("status", {"queued", "sent", "failed", "skipped"});
                f.templates = q.EnumList("template", templates);
                f.user_id = q.String("userId", 1, 64);
                f.related_id = q.String("relatedId", 1, 64);
                f.from = q.Time("from", Bound::kLower);
                f.to = q.Time("to", Bound::kUpper);
                if (f.from && f.to && *f.from > *f.to) q.validator().Add("from", "must not be after to");
                f.page = json::ReadPage(q, {"createdAt"}, "-createdAt");
            },
            [&] {
                auto [items, total] = store.ListDeliveries(f);
                json::bj::array arr;
                for (const auto& d : items) arr.push_back(ToJson(d));
                return http::Ok(json::PageEnvelope(std::move(arr), f.page, total));
            });
    });
    router.Add(Method::kPost, prefix + "/notifications/{deliveryId}/retry", kAdministrator,
               [&store, retry_attempts](Request& req) {
                   return WithBody(req, true, [](json::ObjectReader&) {}, [&] {
                       const auto& id = req.Param("deliveryId");
                       if (!crypto::IsUuid(id)) return ErrorResponse(Error::NotFound("Delivery not found"));
                       auto d = store.RetryDelivery(id, NowMs(), retry_attempts);
                       if (!d) return ErrorResponse(d.error());
                       return http::Ok(ToJson(*d), "Delivery queued for retry");
                   });
               });
}

}  // namespace shop::outbox
