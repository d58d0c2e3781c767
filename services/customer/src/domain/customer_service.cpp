#include "domain/customer_service.hpp"

#include "shop/crypto.hpp"

namespace customer {

using shop::Error;
using shop::ErrorCode;
using shop::Result;
namespace bj = shop::json::bj;

namespace {

using shop::json::OptStr;
using shop::json::Str;

std::int64_t Paise(const bj::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    if (!v || !v->is_number()) return 0;
    return std::llround(v->to_number<double>() * 100.0);
}

TimeMs Time(const bj::object& o, const char* key, TimeMs fallback) {
    auto s = OptStr(o, key);
    if (!s) return fallback;
    return shop::ParseTimeBound(*s, shop::Bound::kLower).value_or(fallback);
}

Error NotFound() { return Error::NotFound("Customer not found"); }

Error Stale() { return Error::Of(ErrorCode::kConflict, "The customer was changed meanwhile; reload it", "If-Match"); }

bj::object Reference(const char* kind, const std::string& id, const std::string& number) {
    return {{"kind", kind}, {"id", id}, {"number", number}};
}

bj::object ActorOf(const bj::object& data, const char* id_key, const char* role_key) {
    auto id = OptStr(data, id_key);
    if (!id) return {};
    return {{"userId", *id}, {"role", OptStr(data, role_key).value_or("System")}};
}

TimelineEntry Entry(const std::string& id, const std::string& customer, const std::string& type, TimeMs at,
                    std::string summary, std::optional<bj::object> reference = std::nullopt,
                    std::optional<bj::object> actor = std::nullopt) {
    if (actor && actor->empty()) actor.reset();
    return {id, customer, type, at, std::move(summary), std::move(reference), std::move(actor)};
}

void Anonymize(Customer& c) {
    c.email = "erased+" + c.id + "@erased.invalid";
    c.full_name = "Erased Customer";
    c.contact_number.reset();
    c.address.reset();
    c.erased = true;
}

}  // namespace

Customer FromUser(const bj::object& u, TimeMs now) {
    Customer c;
    c.id = Str(u, "id");
    c.email = Str(u, "email");
    c.full_name = Str(u, "fullName");
    c.contact_number = OptStr(u, "contactNumber");
    if (const auto* a = u.if_contains("address"); a && a->is_object()) c.address = shop::json::AddressFromJson(*a);
    const auto* active = u.if_contains("isActive");
    c.account_status = active && active->is_bool() && !active->get_bool() ? "Inactive" : "Active";
    if (c.email.ends_with("@erased.invalid")) {
        c.account_status = "Deleted";
        c.erased = true;
        c.deleted_at = now;
    }
    c.customer_since = Time(u, "createdAt", now);
    c.created_at = c.updated_at = now;
    return c;
}

Result<Customer> CustomerService::Ensure(const std::string& id) {
    if (auto c = store_.Find(id)) return *c;
    auto user = auth_.GetUser(id);
    if (!user) return user.error();
    if (!*user || Str(**user, "role") != "Customer") return NotFound();
    TimeMs now = shop::NowMs();
    Customer fresh = FromUser(**user, now);
    return store_.Atomically<Customer>([&](CustomerTx& tx) -> Result<Customer> {
        if (auto existing = tx.Find(id)) return *existing;
        tx.Insert(fresh);
        tx.AddTimeline(Entry(shop::crypto::NewUuid(), id, "CustomerRegistered", fresh.customer_since,
                             "Registered as " + fresh.email));
        return fresh;
    });
}

Result<Customer> CustomerService::Get(const Actor& actor, const std::string& id) {
    if (!actor.admin && id != actor.user_id) return NotFound();
    if (!shop::crypto::IsUuid(id)) return NotFound();
    return Ensure(id);
}

Result<Customer> CustomerService::Update(const Actor& actor, const std::string& id, const ProfilePatch& patch,
                                         std::optional<std::int64_t> version) {
    auto current = Get(actor, id);
    if (!current) return current.error();
    if (current->account_status == "Deleted") return Error::Of(ErrorCode::kConflict, "A deleted customer cannot be changed.");
    if (version && *version != current->version)
        return Error::Of(ErrorCode::kConflict, "The customer was changed meanwhile; reload it", "version");
    bj::object body;
    if (patch.full_name) body["fullName"] = *patch.full_name;
    if (patch.contact_number) body["contactNumber"] = shop::json::OrNull(*patch.contact_number);
    if (patch.address) body["address"] = *patch.address ? shop::json::ToJson(**patch.address) : bj::value(nullptr);
    // Auth owns profile data: it changes first; nothing changes here when it cannot.
    auto user = auth_.UpdateUser(id, body);
    if (!user) return user.error();
    TimeMs now = shop::NowMs();
    return store_.Atomically<Customer>([&](CustomerTx& tx) -> Result<Customer> {
        auto c = tx.Find(id);
        if (!c) return NotFound();
        if (version && *version != c->version)
            return Error::Of(ErrorCode::kConflict, "The customer was changed meanwhile; reload it", "version");
        std::string changed;
        auto note = [&](const char* f) { changed += (changed.empty() ? "" : ", ") + std::string(f); };
        if (patch.full_name && *patch.full_name != c->full_name) c->full_name = *patch.full_name, note("fullName");
        if (patch.contact_number && *patch.contact_number != c->contact_number)
            c->contact_number = *patch.contact_number, note("contactNumber");
        if (patch.address) c->address = *patch.address, note("address");
        if (!changed.empty()) {
            ++c->version;
            c->updated_at = now;
            tx.Update(*c);
            tx.AddTimeline(Entry(shop::crypto::NewUuid(), id, "ProfileUpdated", now, "Profile updated: " + changed,
                                 std::nullopt, bj::object{{"userId", actor.user_id},
                                                          {"role", actor.admin ? "Administrator" : "Customer"}}));
        }
        return *c;
    });
}

Result<Customer> CustomerService::SetActive(const Actor& actor, const std::string& id, bool active,
                                            std::optional<std::int64_t> if_match) {
    auto current = Get(actor, id);
    if (!current) return current.error();
    if (if_match && *if_match != current->version) return Stale();
    if (current->account_status == "Deleted") return Error::Of(ErrorCode::kConflict, "A deleted customer cannot be changed.");
    std::string target = active ? "Active" : "Inactive";
    if (current->account_status == target) return *current;  // idempotent, no effects
    auto done = auth_.SetActive(id, active, "AdminAction", actor.user_id);
    if (!done) return done.error();
    TimeMs now = shop::NowMs();
    return store_.Atomically<Customer>([&](CustomerTx& tx) -> Result<Customer> {
        auto c = tx.Find(id);
        if (!c) return NotFound();
        if (c->account_status == target || c->account_status == "Deleted") return *c;
        c->account_status = target;
        ++c->version;
        c->updated_at = now;
        tx.Update(*c);
        tx.AddTimeline(Entry(shop::crypto::NewUuid(), id, active ? "AccountActivated" : "AccountDeactivated", now,
                             active ? "Account activated" : "Account deactivated", std::nullopt,
                             bj::object{{"userId", actor.user_id}, {"role", "Administrator"}}));
        return *c;
    });
}

Result<Customer> CustomerService::Delete(const Actor& actor, const std::string& id, bool erase,
                                         std::optional<std::int64_t> if_match) {
    auto current = Get(actor, id);
    if (!current) return current.error();
    if (if_match && *if_match != current->version) return Stale();
    if (current->erased || (current->account_status == "Deleted" && !erase)) return *current;  // repeat
    auto done = erase ? auth_.Erase(id, actor.user_id) : auth_.SetActive(id, false, "CustomerDeleted", actor.user_id);
    if (!done) return done.error();
    TimeMs now = shop::NowMs();
    return store_.Atomically<Customer>([&](CustomerTx& tx) -> Result<Customer> {
        auto c = tx.Find(id);
        if (!c) return NotFound();
        bj::object by{{"userId", actor.user_id}, {"role", "Administrator"}};
        if (c->account_status != "Deleted") {
            c->account_status = "Deleted";
            c->deleted_at = now;
            tx.AddTimeline(Entry(shop::crypto::NewUuid(), id, "AccountDeleted", now, "Account deleted", std::nullopt, by));
        }
        if (erase && !c->erased) {
            Anonymize(*c);
            tx.AddTimeline(Entry(shop::crypto::NewUuid(), id, "AccountErased", now, "Personal data erased", std::nullopt, by));
        }
        ++c->version;
        c->updated_at = now;
        tx.Update(*c);
        return *c;
    });
}

Result<std::string> CustomerService::HandleEvent(const bj::object& event) {
    auto event_id = OptStr(event, "eventId");
    auto type = OptStr(event, "type");
    const auto* data = event.if_contains("data");
    if (!event_id || event_id->empty() || !type || !data || !data->is_object())
        return Error::Of(ErrorCode::kValidationFailed, "eventId, type and data are required");
    const auto& d = data->get_object();
    static const std::vector<std::string> kHandled = {
        "UserRegistered", "UserUpdated", "UserDeactivated", "UserActivated", "UserErased", "OrderPlaced",
        "OrderStatusChanged", "OrderDeleted", "ComplaintRegistered", "ComplaintStatusChanged", "ComplaintDeleted",
        "ComplaintFeedbackGiven"};
    if (std::find(kHandled.begin(), kHandled.end(), *type) == kHandled.end()) return std::string("ignored");
    if (*type == "UserRegistered" && Str(d, "role") != "Customer") return std::string("ignored");
    std::string customer_id = Str(d, type->rfind("User", 0) == 0 ? "userId" : "customerId");
    if (!shop::crypto::IsUuid(customer_id)) return Error::Of(ErrorCode::kValidationFailed, "event without a customer id");
    std::int64_t version = 0;
    if (const auto* v = event.if_contains("aggregateVersion"); v && v->is_int64()) version = v->get_int64();
    TimeMs occurred = Time(event, "occurredAt", shop::NowMs());

    // A record the event needs but that does not exist yet is created from Auth first (outside the transaction).
    std::optional<Customer> fresh;
    if (!store_.Find(customer_id) && *type != "UserRegistered") {
        auto user = auth_.GetUser(customer_id);
        if (!user) return user.error();
        if (*user) fresh = FromUser(**user, shop::NowMs());
    }
    return store_.Atomically<std::string>([&](CustomerTx& tx) -> Result<std::string> {
        if (!tx.MarkEventProcessed(*event_id, *type)) return std::string("duplicate");
        if (fresh && !tx.Find(customer_id)) {
            tx.Insert(*fresh);
            tx.AddTimeline(Entry(shop::crypto::NewUuid(), customer_id, "CustomerRegistered", fresh->customer_since,
                                 "Registered as " + fresh->email));
        }
        return Apply(tx, *type, *event_id, d, version, occurred);
    });
}

Result<std::string> CustomerService::Apply(CustomerTx& tx, const std::string& type, const std::string& event_id,
                                           const bj::object& d, std::int64_t version, TimeMs at) {
    TimeMs now = shop::NowMs();
    std::string cid = Str(d, type.rfind("User", 0) == 0 ? "userId" : "customerId");
    if (type == "UserRegistered") {
        if (tx.Find(cid)) return std::string("processed");
        Customer c = FromUser(bj::object{{"id", cid}, {"email", d.at("email")}, {"fullName", d.at("fullName")},
                                         {"contactNumber", d.at("contactNumber")}, {"address", d.at("address")},
                                         {"isActive", true}, {"createdAt", d.at("createdAt")}},
                              now);
        c.user_version = version;
        tx.Insert(c);
        tx.AddTimeline(Entry(event_id, cid, "CustomerRegistered", at, "Registered as " + c.email));
        return std::string("processed");
    }
    auto c = tx.Find(cid);
    if (!c) return std::string("ignored");  // not a customer (e.g. an administrator)
    bool newer = version > c->user_version;
    auto touch = [&] {
        c->updated_at = now;
        tx.Update(*c);
    };
    if (type == "UserUpdated") {
        if (!newer || c->erased) return std::string("processed");
        c->user_version = version;
        std::string changed;
        auto note = [&](const char* f) { changed += (changed.empty() ? "" : ", ") + std::string(f); };
        if (Str(d, "fullName") != c->full_name) c->full_name = Str(d, "fullName"), note("fullName");
        if (OptStr(d, "contactNumber") != c->contact_number) c->contact_number = OptStr(d, "contactNumber"), note("contactNumber");
        std::optional<shop::json::Address> address;
        if (const auto* a = d.if_contains("address"); a && a->is_object()) address = shop::json::AddressFromJson(*a);
        auto text = [](const std::optional<shop::json::Address>& x) { return x ? shop::json::Serialize(shop::json::ToJson(*x)) : ""; };
        if (text(address) != text(c->address)) c->address = address, note("address");
        if (Str(d, "email") != c->email && !Str(d, "email").empty()) c->email = Str(d, "email"), note("email");
        if (!changed.empty()) {
            ++c->version;
            tx.AddTimeline(Entry(event_id, cid, "ProfileUpdated", at, "Profile updated: " + changed));
        }
        touch();
    } else if (type == "UserDeactivated" || type == "UserActivated" || type == "UserErased") {
        if (!newer) return std::string("processed");
        c->user_version = version;
        std::string reason = Str(d, "reason");
        bj::object actor = ActorOf(d, "actorId", "actorRole");
        if (!actor.empty()) actor["role"] = "Administrator";
        std::string before = c->account_status;
        if (type == "UserActivated" && before == "Inactive") c->account_status = "Active";
        if (type == "UserDeactivated" && reason == "AdminAction" && before == "Active") c->account_status = "Inactive";
        if ((type == "UserDeactivated" && reason != "AdminAction") || type == "UserErased") {
            c->account_status = "Deleted";
            if (!c->deleted_at) c->deleted_at = now;
        }
        if (type == "UserErased" && !c->erased) {
            Anonymize(*c);
            ++c->version;
            tx.AddTimeline(Entry(event_id, cid, "AccountErased", at, "Personal data erased"));
        }
        if (c->account_status != before) {
            ++c->version;
            std::string entry = c->account_status == "Active" ? "AccountActivated"
                                : c->account_status == "Inactive" ? "AccountDeactivated" : "AccountDeleted";
            tx.AddTimeline(Entry(type == "UserErased" ? shop::crypto::NewUuid() : event_id, cid, entry, at,
                                 "Account " + std::string(c->account_status == "Active"     ? "activated"
                                                          : c->account_status == "Inactive" ? "deactivated"
                                                                                             : "deleted"),
                                 std::nullopt, actor));
        }
        touch();
    } else if (type.rfind("Order", 0) == 0) {
        std::string id = Str(d, "id");
        auto o = tx.FindOrder(id).value_or(OrderProjection{id, cid, Str(d, "orderId"), "Placed", 0, 0, 0, false, 0});
        std::string summary;
        if (version > o.version) {  // never let an older event overwrite newer state
            o.version = version;
            o.total = Paise(d, "totalAmount");
            o.order_date = Time(d, "orderDate", o.order_date ? o.order_date : at);
            if (type == "OrderPlaced") o.status = Str(d, "status");
            if (type == "OrderStatusChanged") o.status = Str(d, "newStatus"), o.refund = Paise(d, "refundAmount");
            if (type == "OrderDeleted") o.deleted = true;
            tx.PutOrder(o);
        }
        if (type == "OrderPlaced") summary = "Order " + o.number + ": placed";
        if (type == "OrderStatusChanged")
            summary = "Order " + o.number + ": " + Str(d, "previousStatus") + " \u2192 " + Str(d, "newStatus");
        if (type == "OrderDeleted") summary = "Order " + o.number + " deleted";
        tx.RecomputeTotals(*c);
        touch();
        tx.AddTimeline(Entry(event_id, cid, type, at, summary, Reference("order", id, o.number),
                             ActorOf(d, type == "OrderDeleted" ? "deletedBy" : "changedBy", "changedByRole")));
    } else if (type == "ComplaintFeedbackGiven") {  // timeline only; totals are unaffected
        std::string id = Str(d, "id");
        auto p = tx.FindComplaint(id);
        std::string number = p ? p->number : Str(d, "complaintId");
        std::int64_t rating = d.contains("rating") && d.at("rating").is_int64() ? d.at("rating").as_int64() : 0;
        tx.AddTimeline(Entry(event_id, cid, type, at, "Complaint " + number + ": rated " + std::to_string(rating) + "/5",
                             Reference("complaint", id, number), bj::object{{"userId", cid}, {"role", "Customer"}}));
    } else {  // Complaint*
        std::string id = Str(d, "id");
        auto p = tx.FindComplaint(id).value_or(ComplaintProjection{id, cid, Str(d, "complaintId"), "Open", false, 0});
        if (version > p.version) {
            p.version = version;
            if (type == "ComplaintRegistered") p.status = Str(d, "status");
            if (type == "ComplaintStatusChanged") p.status = Str(d, "newStatus");
            if (type == "ComplaintDeleted") p.deleted = true;
            tx.PutComplaint(p);
        }
        std::string summary = type == "ComplaintRegistered" ? "Complaint " + p.number + ": " + Str(d, "subject")
                              : type == "ComplaintStatusChanged"
                                  ? "Complaint " + p.number + ": " + Str(d, "previousStatus") + " \u2192 " + Str(d, "newStatus")
                                  : "Complaint " + p.number + " deleted";
        tx.RecomputeTotals(*c);
        touch();
        tx.AddTimeline(Entry(event_id, cid, type, at, summary, Reference("complaint", id, p.number),
                             ActorOf(d, type == "ComplaintDeleted" ? "deletedBy" : "changedBy", "changedByRole")));
    }
    return std::string("processed");
}

}  // namespace customer
