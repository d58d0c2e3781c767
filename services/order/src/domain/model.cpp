#include "domain/model.hpp"

#include <cmath>

namespace order {

namespace bj = shop::json::bj;
using shop::json::Money;
using shop::json::OrNull;

namespace {

using shop::json::OptStr;
using shop::json::Str;

bj::value Ts(const std::optional<TimeMs>& t) { return t ? bj::value(shop::FormatTimestamp(*t)) : bj::value(nullptr); }

std::optional<TimeMs> TsFrom(const bj::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    if (!v || !v->is_string()) return std::nullopt;
    return shop::ParseTimeBound(std::string(v->get_string()), shop::Bound::kLower);
}

// Money is written with two decimals; read back exactly into paise.
Paise PaiseFrom(const bj::object& o, const char* key) {
    const auto& v = o.at(key);
    if (v.is_int64()) return v.get_int64() * 100;
    return std::llround(v.as_double() * 100.0);
}

std::int64_t Int(const bj::object& o, const char* key) { return o.at(key).as_int64(); }

}  // namespace

int StatusRank(const std::string& status) {
    for (std::size_t i = 0; i < kStatuses.size(); ++i)
        if (kStatuses[i] == status) return static_cast<int>(i);
    return 99;
}

bj::array HistoryJson(const std::vector<HistoryEntry>& history) {
    bj::array out;
    for (const auto& h : history)
        out.push_back(bj::object{{"previousStatus", OrNull(h.previous_status)},
                                 {"newStatus", h.new_status},
                                 {"changedBy", h.changed_by},
                                 {"changedByRole", h.changed_by_role},
                                 {"notes", OrNull(h.notes)},
                                 {"timestamp", shop::FormatTimestamp(h.timestamp)}});
    return out;
}

bj::object ToJson(const Order& o, bool with_history) {
    bj::array items;
    for (const auto& i : o.items)
        items.push_back(bj::object{{"productId", i.product_id},
                                   {"productName", i.product_name},
                                   {"quantity", i.quantity},
                                   {"unitPrice", Money(i.unit_price)},
                                   {"totalPrice", Money(i.total_price)},
                                   {"returnRequested", i.return_requested}});
    bj::value ret = nullptr;
    if (o.return_request) {
        const auto& r = *o.return_request;
        bj::array ritems;
        for (const auto& i : r.items)
            ritems.push_back(bj::object{{"productId", i.product_id},
                                        {"productName", i.product_name},
                                        {"quantity", i.quantity},
                                        {"amount", Money(i.amount)}});
        ret = bj::object{{"id", r.id},
                         {"status", r.status},
                         {"reason", r.reason},
                         {"items", std::move(ritems)},
                         {"refundAmount", Money(r.refund)},
                         {"requestedBy", r.requested_by},
                         {"requestedAt", shop::FormatTimestamp(r.requested_at)},
                         {"decidedBy", OrNull(r.decided_by)},
                         {"decidedAt", Ts(r.decided_at)},
                         {"decisionNotes", OrNull(r.decision_notes)}};
    }
    bj::object out{{"id", o.id},
                   {"orderId", o.order_id},
                   {"userId", o.user_id},
                   {"customerId", o.user_id},
                   {"customerEmail", o.customer_email},
                   {"customerName", o.customer_name},
                   {"items", std::move(items)},
                   {"deliveryAddress", shop::json::ToJson(o.delivery_address)},
                   {"notes", OrNull(o.notes)},
                   {"orderDate", shop::FormatTimestamp(o.created_at)},
                   {"status", o.status},
                   {"subtotal", Money(o.subtotal)},
                   {"totalAmount", Money(o.total)},
                   {"currency", "INR"},
                   {"cancellationReason", OrNull(o.cancellation_reason)},
                   {"returnReason", OrNull(o.return_reason)},
                   {"returnApproved", o.return_approved ? bj::value(*o.return_approved) : bj::value(nullptr)},
                   {"returnRequest", std::move(ret)},
                   {"trackingNumber", OrNull(o.tracking_number)},
                   {"deliveredAt", Ts(o.delivered_at)},
                   {"returnEligibleUntil", Ts(o.return_eligible_until)},
                   {"createdAt", shop::FormatTimestamp(o.created_at)},
                   {"updatedAt", shop::FormatTimestamp(o.updated_at)},
                   {"deletedAt", Ts(o.deleted_at)},
                   {"version", o.version}};
    if (with_history) out["history"] = HistoryJson(o.history);
    return out;
}

Order OrderFromJson(const bj::object& d, const bj::array* history) {
    Order o;
    o.id = Str(d, "id");
    o.order_id = Str(d, "orderId");
    o.user_id = Str(d, "userId");
    o.customer_email = Str(d, "customerEmail");
    o.customer_name = Str(d, "customerName");
    for (const auto& v : d.at("items").as_array()) {
        const auto& i = v.as_object();
        o.items.push_back({Str(i, "productId"), Str(i, "productName"), Int(i, "quantity"), PaiseFrom(i, "unitPrice"),
                           PaiseFrom(i, "totalPrice"), i.at("returnRequested").as_bool()});
    }
    o.delivery_address = *shop::json::AddressFromJson(d.at("deliveryAddress"));
    o.notes = OptStr(d, "notes");
    o.status = Str(d, "status");
    o.subtotal = PaiseFrom(d, "subtotal");
    o.total = PaiseFrom(d, "totalAmount");
    o.cancellation_reason = OptStr(d, "cancellationReason");
    o.return_reason = OptStr(d, "returnReason");
    o.tracking_number = OptStr(d, "trackingNumber");
    if (d.at("returnApproved").is_bool()) o.return_approved = d.at("returnApproved").get_bool();
    if (d.at("returnRequest").is_object()) {
        const auto& r = d.at("returnRequest").as_object();
        ReturnRequest rr;
        rr.id = Str(r, "id");
        rr.status = Str(r, "status");
        rr.reason = Str(r, "reason");
        for (const auto& v : r.at("items").as_array()) {
            const auto& i = v.as_object();
            rr.items.push_back({Str(i, "productId"), Str(i, "productName"), Int(i, "quantity"), PaiseFrom(i, "amount")});
        }
        rr.refund = PaiseFrom(r, "refundAmount");
        rr.requested_by = Str(r, "requestedBy");
        rr.requested_at = *TsFrom(r, "requestedAt");
        rr.decided_by = OptStr(r, "decidedBy");
        rr.decided_at = TsFrom(r, "decidedAt");
        rr.decision_notes = OptStr(r, "decisionNotes");
        o.return_request = std::move(rr);
    }
    o.delivered_at = TsFrom(d, "deliveredAt");
    o.return_eligible_until = TsFrom(d, "returnEligibleUntil");
    o.deleted_at = TsFrom(d, "deletedAt");
    o.created_at = *TsFrom(d, "createdAt");
    o.updated_at = *TsFrom(d, "updatedAt");
    o.version = Int(d, "version");
    if (history) {
        for (const auto& v : *history) {
            const auto& h = v.as_object();
            o.history.push_back({OptStr(h, "previousStatus"), Str(h, "newStatus"), Str(h, "changedBy"),
                                 Str(h, "changedByRole"), OptStr(h, "notes"), *TsFrom(h, "timestamp")});
        }
    }
    return o;
}

void OrderStatsBuilder::Add(TimeMs bucket_start, const std::string& status, std::int64_t orders, Paise revenue) {
    if (s_.series.empty() || s_.series.back().start != bucket_start) s_.series.push_back({bucket_start, 0, 0});
    s_.series.back().orders += orders;
    s_.series.back().revenue += revenue;
    statuses_[status] += orders;
    s_.placed += orders;
    s_.revenue += revenue;
    if (status == "Cancelled") s_.cancelled += orders;
    if (status == "Delivered" || status == "Returned") s_.completed += orders;
    if (status == "Returned") s_.returned += orders;
    if (status == "Delivered" || status == "Return Requested" || status == "Returned") s_.reached_delivery += orders;
}

OrderStats OrderStatsBuilder::Finish() {
    for (const auto& status : kStatuses)  // lifecycle order
        if (auto it = statuses_.find(status); it != statuses_.end()) s_.by_status.emplace_back(status, it->second);
    return std::move(s_);
}

Paise Revenue(const Order& o) {
    if (o.status == "Cancelled") return 0;
    return o.total - (o.status == "Returned" && o.return_request ? o.return_request->refund : 0);
}

}  // namespace order
