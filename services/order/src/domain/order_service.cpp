#include "domain/order_service.hpp"

#include <algorithm>
#include <map>

#include "shop/crypto.hpp"
#include "shop/mail/smtp.hpp"

namespace order {

using shop::Error;
using shop::ErrorCode;
using shop::Result;
namespace bj = shop::json::bj;

namespace {

constexpr const char* kNumberSymbols = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

const std::map<std::string, std::vector<std::string>>& NextStates() {
    static const std::map<std::string, std::vector<std::string>> kNext = {
        {"Placed", {"Processing", "Cancelled"}},
        {"Processing", {"Shipped", "Cancelled"}},
        {"Shipped", {"Delivered"}},
        {"Delivered", {"Return Requested"}},
        {"Return Requested", {"Returned", "Delivered"}},
        {"Cancelled", {}},
        {"Returned", {}},
    };
    return kNext;
}

Error InvalidTransition(const Order& o, const std::string& to) {
    const auto& next = NextStates().at(o.status);
    std::string allowed;
    for (const auto& s : next) allowed += (allowed.empty() ? "" : ", ") + s;
    return Error::Of(ErrorCode::kInvalidTransition,
                     "Order " + o.order_id + " is " + o.status + " and cannot move to " + to + "; " +
                         (allowed.empty() ? "it is final." : "allowed next: " + allowed + "."));
}

Error NotFound() { return Error::NotFound("Order not found"); }

// Records an administrator's decision on the pending return request.
void Decide(Order& o, bool approved, const Actor& a, const std::optional<std::string>& notes, TimeMs now) {
    o.return_approved = approved;
    o.return_request->status = approved ? "Approved" : "Rejected";
    o.return_request->decided_by = a.user_id;
    o.return_request->decided_at = now;
    o.return_request->decision_notes = notes;
}

}  // namespace

std::string FormatRupees(Paise p) {
    std::string digits = std::to_string(p / 100);
    std::string grouped;
    // Indian grouping: last three digits, then pairs (1,23,45,678.90).
    int n = static_cast<int>(digits.size());
    for (int i = 0; i < n; ++i) {
        grouped.push_back(digits[static_cast<std::size_t>(i)]);
        int left = n - 1 - i;
        if (left > 0 && (left == 3 || (left > 3 && (left - 3) % 2 == 0))) grouped.push_back(',');
    }
    std::string paise = std::to_string(100 + p % 100).substr(1);
    return "INR " + grouped + "." + paise;
}

OrderService::OrderService(OrderStore& store, const Catalog& catalog, Policy policy,
                           std::span<const shop::embedded::File> templates)
    : store_(store), catalog_(catalog), policy_(std::move(policy)), templates_(templates) {}

shop::outbox::EmailMessage OrderService::Email(const std::string& name, const Order& o,
                                               std::vector<std::pair<std::string, std::string>> vars) const {
    std::string lines;
    for (const auto& i : o.items)
        lines += "  " + std::to_string(i.quantity) + " x " + i.product_name + " @ " + FormatRupees(i.unit_price) + " = " +
                 FormatRupees(i.total_price) + "\n";
    vars.emplace_back("name", o.customer_name);
    vars.emplace_back("orderId", o.order_id);
    vars.emplace_back("status", o.status);
    vars.emplace_back("total", FormatRupees(o.total));
    vars.emplace_back("items", lines);
    vars.emplace_back("orderUrl", policy_.web_app_url + "/orders/" + o.order_id);
    auto rendered = shop::mail::RenderEmail(templates_, name, vars);
    return {name, o.user_id, "", std::string("notifyOrderUpdates"), "order", o.order_id, rendered.subject,
            rendered.text, rendered.html};
}

Result<Placed> OrderService::Place(const Actor& actor, const PlaceInput& in, const std::optional<IdempotentRequest>& idem,
                                   const Context& ctx) {
    std::vector<shop::Issue> issues;
    Order o;
    for (std::size_t i = 0; i < in.items.size(); ++i) {
        const auto& line = in.items[i];
        std::string path = "items[" + std::to_string(i) + "]";
        const Product* p = catalog_.Find(line.product_id);
        if (!p || !p->active) {
            issues.push_back({path + ".productId", "unknown or unavailable product"});
            continue;
        }
        bool repeated = std::any_of(in.items.begin(), in.items.begin() + static_cast<std::ptrdiff_t>(i),
                                    [&](const LineInput& l) { return l.product_id == line.product_id; });
        if (repeated) {
            issues.push_back({path + ".productId", "duplicate product; combine the quantities"});
            continue;
        }
        o.items.push_back({p->product_id, p->name, line.quantity, p->unit_price, p->unit_price * line.quantity, false});
        o.subtotal += p->unit_price * line.quantity;
    }
    if (!issues.empty()) return Error::Validation(std::move(issues));
    TimeMs now = shop::NowMs();
    o.id = shop::crypto::NewUuid();
    o.user_id = actor.user_id;
    o.customer_email = actor.email;
    o.customer_name = actor.name;
    o.delivery_address = in.address;
    o.notes = in.notes;
    o.total = o.subtotal;
    o.created_at = o.updated_at = now;
    o.history.push_back({std::nullopt, "Placed", actor.user_id, actor.role(), std::nullopt, now});
    return store_.Atomically<Placed>([&](OrderTx& tx) -> Result<Placed> {
        if (idem) {
            auto stored = tx.IdempotencyLookup(idem->scope, idem->request_hash);
            if (!stored) return stored.error();
            if (*stored) return Placed{Order{}, **stored};
        }
        do {
            o.order_id = "ORD-" + shop::FormatDateCompact(now) + "-" + shop::crypto::RandomSymbols(kNumberSymbols, 6);
        } while (tx.NumberTaken(o.order_id));
        tx.Insert(o);
        shop::outbox::Effects fx{ctx.request_id};
        fx.events.push_back({"OrderPlaced", o.id, o.version,
                             bj::object{{"id", o.id}, {"orderId", o.order_id}, {"userId", o.user_id},
                                        {"customerId", o.user_id}, {"status", o.status},
                                        {"totalAmount", shop::json::Money(o.total)}, {"currency", "INR"},
                                        {"itemCount", static_cast<std::int64_t>(o.items.size())},
                                        {"orderDate", shop::FormatTimestamp(o.created_at)}}});
        fx.emails.push_back(Email("order_confirmation", o, {}));
        tx.Emit(fx);
        if (idem) {
            auto stored = idem->render(o);
            tx.IdempotencyStore(idem->scope, idem->request_hash, stored.status, stored.body);
        }
        return Placed{o, std::nullopt};
    });
}

Result<StoredOrder> OrderService::Get(const Actor* actor, const std::string& id) {
    auto o = store_.Find(id);
    if (!o) return NotFound();
    if (actor && !actor->admin && (o->user_id != actor->user_id || o->deleted)) return NotFound();
    return *o;
}

Result<Order> OrderService::Mutate(const Actor& a, const std::string& id, std::optional<std::int64_t> if_match,
                                   const Context& ctx, const Mutation& change) {
    return store_.Atomically<Order>([&](OrderTx& tx) -> Result<Order> {
        auto o = tx.Find(id);
        if (!o || (!a.admin && (o->user_id != a.user_id || o->deleted_at))) return NotFound();
        if (if_match && *if_match != o->version)
            return Error::Of(ErrorCode::kConflict,
                             "The order was changed meanwhile (version " + std::to_string(o->version) + "); reload it",
                             "If-Match");
        TimeMs now = shop::NowMs();
        shop::outbox::Effects fx{ctx.request_id};
        std::int64_t before = o->version;
        auto done = change(*o, fx, now);
        if (!done) return done.error();
        if (o->version == before) {  // a change that changed nothing (idempotent repeat) keeps the version
            tx.Emit(fx);
            return *o;
        }
        o->updated_at = now;
        tx.Update(*o);
        tx.Emit(fx);
        return *o;
    });
}

shop::Status OrderService::Transition(Order& o, const std::string& to, const Actor& a,
                                      const std::optional<std::string>& notes, TimeMs now, shop::outbox::Effects& fx,
                                      const std::string& email_template) {
    const auto& next = NextStates().at(o.status);
    if (std::find(next.begin(), next.end(), to) == next.end()) return InvalidTransition(o, to);
    std::string previous = o.status;
    o.status = to;
    ++o.version;
    o.history.push_back({previous, to, a.user_id, a.role(), notes, now});
    Paise refund = to == "Returned" && o.return_request ? o.return_request->refund : 0;
    fx.events.push_back({"OrderStatusChanged", o.id, o.version,
                         bj::object{{"id", o.id}, {"orderId", o.order_id}, {"userId", o.user_id},
                                    {"customerId", o.user_id}, {"previousStatus", previous}, {"newStatus", to},
                                    {"totalAmount", shop::json::Money(o.total)},
                                    {"refundAmount", shop::json::Money(refund)}, {"currency", "INR"},
                                    {"orderDate", shop::FormatTimestamp(o.created_at)}, {"changedBy", a.user_id},
                                    {"changedByRole", a.role()}, {"notes", shop::json::OrNull(notes)},
                                    {"changedAt", shop::FormatTimestamp(now)}}});
    fx.emails.push_back(Email(email_template, o,
                              {{"previousStatus", previous},
                               {"notes", notes.value_or("")},
                               {"trackingNumber", o.tracking_number.value_or("")},
                               {"refund", FormatRupees(refund)}}));
    return shop::Ok{};
}

Result<Order> OrderService::ChangeStatus(const Actor& a, const std::string& id, const std::string& status,
                                         const std::optional<std::string>& notes,
                                         const std::optional<std::string>& tracking,
                                         std::optional<std::int64_t> if_match, const Context& ctx) {
    return Mutate(a, id, if_match, ctx, [&](Order& o, shop::outbox::Effects& fx, TimeMs now) -> shop::Status {
        if (status == "Shipped" && tracking) o.tracking_number = tracking;  // discarded if the transition fails
        auto done = Transition(o, status, a, notes, now, fx, "order_status_changed");
        if (!done) return done;
        if (status == "Delivered" && !o.delivered_at) {
            o.delivered_at = now;
            o.return_eligible_until = now + policy_.return_window_ms;
        }
        return shop::Ok{};
    });
}

Result<Order> OrderService::Cancel(const Actor& a, const std::string& id, const std::string& reason,
                                   std::optional<std::int64_t> if_match, const Context& ctx) {
    return Mutate(a, id, if_match, ctx, [&](Order& o, shop::outbox::Effects& fx, TimeMs now) -> shop::Status {
        auto done = Transition(o, "Cancelled", a, reason, now, fx, "order_status_changed");
        if (done) o.cancellation_reason = reason;
        return done;
    });
}

Result<Order> OrderService::RequestReturn(const Actor& a, const std::string& id, const std::string& reason,
                                          const std::optional<std::vector<LineInput>>& items,
                                          std::optional<std::int64_t> if_match, const Context& ctx) {
    return Mutate(a, id, if_match, ctx, [&](Order& o, shop::outbox::Effects& fx, TimeMs now) -> shop::Status {
        if (o.status != "Delivered") return InvalidTransition(o, "Return Requested");
        if (!o.return_eligible_until || now > *o.return_eligible_until)
            return Error::Of(ErrorCode::kInvalidTransition,
                             "The " + std::to_string(policy_.return_window_ms / 86'400'000) +
                                 "-day return window for this order has ended.");
        ReturnRequest r;
        r.id = shop::crypto::NewUuid();
        r.reason = reason;
        r.requested_by = a.user_id;
        r.requested_at = now;
        std::vector<shop::Issue> issues;
        for (auto& line : o.items) line.return_requested = false;
        if (!items) {
            for (auto& line : o.items) {
                r.items.push_back({line.product_id, line.product_name, line.quantity, line.total_price});
                line.return_requested = true;
            }
        } else {
            for (std::size_t i = 0; i < items->size(); ++i) {
                const auto& want = (*items)[i];
                std::string path = "items[" + std::to_string(i) + "]";
                auto line = std::find_if(o.items.begin(), o.items.end(),
                                         [&](const OrderItem& l) { return l.product_id == want.product_id; });
                if (line == o.items.end()) {
                    issues.push_back({path + ".productId", "not a product of this order"});
                } else if (line->return_requested) {
                    issues.push_back({path + ".productId", "listed more than once"});
                } else if (want.quantity > line->quantity) {
                    issues.push_back({path + ".quantity", "must be between 1 and " + std::to_string(line->quantity)});
                } else {
                    line->return_requested = true;
                    r.items.push_back({line->product_id, line->product_name, want.quantity, line->unit_price * want.quantity});
                }
            }
        }
        if (!issues.empty()) return Error::Validation(std::move(issues));
        for (const auto& i : r.items) r.refund += i.amount;
        auto done = Transition(o, "Return Requested", a, reason, now, fx, "order_status_changed");
        if (!done) return done;
        o.return_reason = reason;
        o.return_approved.reset();
        o.return_request = std::move(r);
        return shop::Ok{};
    });
}

Result<Order> OrderService::ApproveReturn(const Actor& a, const std::string& id, const std::optional<std::string>& notes,
                                          std::optional<std::int64_t> if_match, const Context& ctx) {
    return Mutate(a, id, if_match, ctx, [&](Order& o, shop::outbox::Effects& fx, TimeMs now) -> shop::Status {
        auto done = Transition(o, "Returned", a, notes, now, fx, "return_approved");
        if (done) Decide(o, true, a, notes, now);
        return done;
    });
}

Result<Order> OrderService::RejectReturn(const Actor& a, const std::string& id, const std::string& reason,
                                         std::optional<std::int64_t> if_match, const Context& ctx) {
    return Mutate(a, id, if_match, ctx, [&](Order& o, shop::outbox::Effects& fx, TimeMs now) -> shop::Status {
        auto done = Transition(o, "Delivered", a, reason, now, fx, "return_rejected");
        if (!done) return done;
        Decide(o, false, a, reason, now);
        for (auto& line : o.items) line.return_requested = false;
        return shop::Ok{};
    });
}

Result<Order> OrderService::Edit(const Actor& a, const std::string& id, const std::optional<shop::json::Address>& address,
                                 const std::optional<std::optional<std::string>>& notes,
                                 std::optional<std::int64_t> if_match, const Context& ctx) {
    return Mutate(a, id, if_match, ctx, [&](Order& o, shop::outbox::Effects&, TimeMs now) -> shop::Status {
        if (o.status != "Placed" && o.status != "Processing")
            return Error::Of(ErrorCode::kConflict, "Only Placed or Processing orders can be edited; this one is " + o.status);
        std::string changed;
        if (address) {
            o.delivery_address = *address;
            changed = "deliveryAddress";
        }
        if (notes) {
            o.notes = *notes;
            changed += changed.empty() ? "notes" : ", notes";
        }
        ++o.version;
        o.history.push_back({o.status, o.status, a.user_id, a.role(), "Updated " + changed, now});
        return shop::Ok{};
    });
}

Result<Order> OrderService::Delete(const Actor& a, const std::string& id, std::optional<std::int64_t> if_match,
                                   const Context& ctx) {
    return Mutate(a, id, if_match, ctx, [&](Order& o, shop::outbox::Effects& fx, TimeMs now) -> shop::Status {
        if (o.deleted_at) return shop::Ok{};  // repeat: no change
        if (o.status != "Cancelled" && o.status != "Returned")
            return Error::Of(ErrorCode::kConflict, "Only Cancelled or Returned orders can be deleted; this one is " + o.status);
        o.deleted_at = now;
        ++o.version;
        fx.events.push_back({"OrderDeleted", o.id, o.version,
                             bj::object{{"id", o.id}, {"orderId", o.order_id}, {"userId", o.user_id},
                                        {"customerId", o.user_id}, {"status", o.status},
                                        {"totalAmount", shop::json::Money(o.total)}, {"currency", "INR"},
                                        {"deletedBy", a.user_id}, {"deletedAt", shop::FormatTimestamp(now)}}});
        return shop::Ok{};
    });
}

std::string OrderService::HandleUserErased(const std::string& event_id, const std::string& user_id) {
    auto r = store_.Atomically<std::string>([&](OrderTx& tx) -> Result<std::string> {
        if (!tx.MarkEventProcessed(event_id, "UserErased")) return std::string("duplicate");
        tx.AnonymizeCustomer(user_id, "erased+" + user_id + "@erased.invalid", "Erased Customer");
        return std::string("processed");
    });
    return *r;
}

}  // namespace order
