#include "domain/complaint_service.hpp"

#include <algorithm>

#include "shop/crypto.hpp"
#include "shop/mail/smtp.hpp"

namespace complaint {

using shop::Error;
using shop::ErrorCode;
using shop::Result;

namespace {

constexpr const char* kNumberSymbols = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

Error NotFound() { return Error::NotFound("Complaint not found"); }

bj::value Ts(TimeMs t) { return bj::value(shop::FormatTimestamp(t)); }

bj::object Person(const std::string& id, const std::string& name) { return {{"userId", id}, {"fullName", name}}; }

bool Allowed(const std::string& from, const std::string& to) {
    return (from == "Open" && (to == "In Progress" || to == "Resolved")) ||
           (from == "In Progress" && to == "Resolved") || (from == "Resolved" && (to == "Closed" || to == "In Progress")) ||
           (from == "Closed" && to == "In Progress");
}

Error InvalidTransition(const Complaint& c, const std::string& to, const std::string& hint = "") {
    std::string from = c.Str("status");
    std::string allowed = from == "Open"          ? "In Progress, Resolved"
                          : from == "In Progress" ? "Resolved"
                          : from == "Resolved"    ? "Closed, or In Progress by reopening"
                                                  : "In Progress by reopening";
    return Error::Of(ErrorCode::kInvalidTransition, "Complaint " + c.Str("complaintId") + " is " + from +
                                                        " and cannot move to " + to + "; allowed next: " + allowed +
                                                        "." + hint);
}

}  // namespace

shop::outbox::EmailMessage ComplaintService::Email(const std::string& name, const Complaint& c,
                                                   std::vector<std::pair<std::string, std::string>> vars) const {
    vars.emplace_back("name", c.Str("customerName"));
    vars.emplace_back("complaintId", c.Str("complaintId"));
    vars.emplace_back("subject", c.Str("subject"));
    vars.emplace_back("status", c.Str("status"));
    vars.emplace_back("complaintUrl", policy_.web_app_url + "/complaints/" + c.Str("complaintId"));
    auto r = shop::mail::RenderEmail(templates_, name, vars);
    return {name, c.Str("userId"), "", std::string("notifyComplaintUpdates"), "complaint", c.Str("complaintId"),
            r.subject, r.text, r.html};
}

Result<Registered> ComplaintService::Register(const Actor& a, const NewComplaint& in,
                                              const std::optional<IdempotentRequest>& idem, const std::string& request_id) {
    std::optional<std::string> order_number;
    if (in.order_id) {
        auto order = directory_.Order(*in.order_id);
        if (!order) return order.error();  // Order service down: 503, nothing stored
        const Error foreign = Error::Of(ErrorCode::kValidationFailed, "must be one of your orders", "orderId");
        if (!*order) return foreign;
        const auto& o = **order;
        if (o.at("customerId").as_string() != a.user_id || !o.at("deletedAt").is_null()) return foreign;
        order_number = std::string(o.at("orderId").as_string());
    }
    TimeMs now = shop::NowMs();
    Complaint c;
    c.doc = {{"id", shop::crypto::NewUuid()},
             {"complaintId", ""},
             {"userId", a.user_id},
             {"customerId", a.user_id},
             {"customerEmail", a.email},
             {"customerName", a.name},
             {"orderId", shop::json::OrNull(order_number)},
             {"category", in.category},
             {"subject", in.subject},
             {"description", in.description},
             {"status", "Open"},
             {"priority", "Medium"},
             {"assignedTo", nullptr},
             {"resolutionNotes", nullptr},
             {"resolvedBy", nullptr},
             {"resolvedAt", nullptr},
             {"closedAt", nullptr},
             {"reopenedCount", 0},
             {"reopenEligibleUntil", nullptr},
             {"feedback", nullptr},
             {"createdAt", Ts(now)},
             {"updatedAt", Ts(now)},
             {"deletedAt", nullptr},
             {"version", 1}};
    c.history.push_back(bj::object{{"previousStatus", nullptr}, {"newStatus", "Open"}, {"changedBy", a.user_id},
                                   {"changedByRole", a.role()}, {"notes", nullptr}, {"timestamp", Ts(now)}});
    return store_.Atomically<Registered>([&](ComplaintTx& tx) -> Result<Registered> {
        if (idem) {
            auto stored = tx.IdempotencyLookup(idem->scope, idem->request_hash);
            if (!stored) return stored.error();
            if (*stored) return Registered{Complaint{}, **stored};
        }
        std::string number;
        do {
            number = "CMP-" + shop::FormatDateCompact(now) + "-" + shop::crypto::RandomSymbols(kNumberSymbols, 6);
        } while (tx.NumberTaken(number));
        c.doc["complaintId"] = number;
        tx.Insert(c);
        shop::outbox::Effects fx{request_id};
        fx.events.push_back({"ComplaintRegistered", c.Str("id"), 1,
                             bj::object{{"id", c.Str("id")}, {"complaintId", number}, {"userId", a.user_id},
                                        {"customerId", a.user_id}, {"orderId", shop::json::OrNull(order_number)},
                                        {"category", in.category}, {"subject", in.subject}, {"priority", "Medium"},
                                        {"status", "Open"}, {"createdAt", Ts(now)}}});
        fx.emails.push_back(Email("complaint_registered", c, {}));
        tx.Emit(fx);
        if (idem) {
            auto stored = idem->render(c);
            tx.IdempotencyStore(idem->scope, idem->request_hash, stored.status, stored.body);
        }
        return Registered{c, std::nullopt};
    });
}

Result<Complaint> ComplaintService::Get(const Actor* a, const std::string& id) {
    auto c = store_.Find(id);
    if (!c || (a && !a->admin && (c->Str("userId") != a->user_id || c->deleted()))) return NotFound();
    return *c;
}

Result<Complaint> ComplaintService::Mutate(const Actor& a, const std::string& id, std::optional<std::int64_t> if_match,
                                           const std::string& request_id, const Change& change) {
    return store_.Atomically<Complaint>([&](ComplaintTx& tx) -> Result<Complaint> {
        auto c = tx.Find(id);
        if (!c || (!a.admin && (c->Str("userId") != a.user_id || c->deleted()))) return NotFound();
        if (if_match && *if_match != c->version())
            return Error::Of(ErrorCode::kConflict, "The complaint was changed meanwhile; reload it", "If-Match");
        TimeMs now = shop::NowMs();
        shop::outbox::Effects fx{request_id};
        auto before = c->version();
        auto done = change(*c, fx, now);
        if (!done) return done.error();
        if (c->version() != before) {
            c->doc["updatedAt"] = Ts(now);
            tx.Update(*c);
        }
        tx.Emit(fx);
        return *c;
    });
}

shop::Status ComplaintService::Transition(Complaint& c, const std::string& to, const Actor& a,
                                          const std::optional<std::string>& notes, TimeMs now, shop::outbox::Effects& fx) {
    std::string from = c.Str("status");
    if (!Allowed(from, to)) return InvalidTransition(c, to);
    c.doc["status"] = to;
    c.doc["version"] = c.version() + 1;
    c.history.push_back(bj::object{{"previousStatus", from}, {"newStatus", to}, {"changedBy", a.user_id},
                                   {"changedByRole", a.role()}, {"notes", shop::json::OrNull(notes)}, {"timestamp", Ts(now)}});
    fx.events.push_back({"ComplaintStatusChanged", c.Str("id"), c.version(),
                         bj::object{{"id", c.Str("id")}, {"complaintId", c.Str("complaintId")}, {"userId", c.Str("userId")},
                                    {"customerId", c.Str("userId")}, {"previousStatus", from}, {"newStatus", to},
                                    {"changedBy", a.user_id}, {"changedByRole", a.role()},
                                    {"notes", shop::json::OrNull(notes)}, {"reopenedCount", c.doc.at("reopenedCount")},
                                    {"changedAt", Ts(now)}}});
    if (to == "Resolved")
        fx.emails.push_back(Email("complaint_resolved", c,
                                  {{"notes", notes.value_or("")}, {"reopenUntil", c.Str("reopenEligibleUntil")},
                                   {"rateUrl", policy_.web_app_url + "/complaints/" + c.Str("id") + "?rate=1"}}));
    else
        fx.emails.push_back(Email("complaint_status_changed", c, {{"previousStatus", from}, {"notes", notes.value_or("")}}));
    return shop::Ok{};
}

Result<Complaint> ComplaintService::Update(const Actor& a, const std::string& id, const Edit& e,
                                           std::optional<std::int64_t> if_match, const std::string& request_id) {
    return Mutate(a, id, if_match, request_id, [&](Complaint& c, shop::outbox::Effects&, TimeMs) -> shop::Status {
        if (!a.admin && (c.Str("status") != "Open" || !c.doc.at("assignedTo").is_null()))
            return Error::Of(ErrorCode::kConflict, "You can edit a complaint only while it is Open and unassigned.");
        if (e.category) c.doc["category"] = *e.category;
        if (e.priority) c.doc["priority"] = *e.priority;
        if (e.subject) c.doc["subject"] = *e.subject;
        if (e.description) c.doc["description"] = *e.description;
        c.doc["version"] = c.version() + 1;
        return shop::Ok{};
    });
}

Result<Complaint> ComplaintService::Delete(const Actor& a, const std::string& id, std::optional<std::int64_t> if_match,
                                           const std::string& request_id) {
    return Mutate(a, id, if_match, request_id, [&](Complaint& c, shop::outbox::Effects& fx, TimeMs now) -> shop::Status {
        if (c.deleted()) return shop::Ok{};
        c.doc["deletedAt"] = Ts(now);
        c.doc["version"] = c.version() + 1;
        fx.events.push_back({"ComplaintDeleted", c.Str("id"), c.version(),
                             bj::object{{"id", c.Str("id")}, {"complaintId", c.Str("complaintId")},
                                        {"userId", c.Str("userId")}, {"customerId", c.Str("userId")},
                                        {"deletedBy", a.user_id}, {"deletedAt", Ts(now)}}});
        return shop::Ok{};
    });
}

Result<Complaint> ComplaintService::Resolve(const Actor& a, const std::string& id, const std::string& notes,
                                            std::optional<std::int64_t> if_match, const std::string& request_id) {
    return Mutate(a, id, if_match, request_id, [&](Complaint& c, shop::outbox::Effects& fx, TimeMs now) -> shop::Status {
        if (!Allowed(c.Str("status"), "Resolved") || c.Str("status") == "Resolved") return InvalidTransition(c, "Resolved");
        c.doc["resolutionNotes"] = notes;
        c.doc["resolvedBy"] = Person(a.user_id, a.name);
        c.doc["resolvedAt"] = Ts(now);
        c.doc["reopenEligibleUntil"] = Ts(now + policy_.reopen_window_ms);
        return Transition(c, "Resolved", a, notes, now, fx);
    });
}

Result<Complaint> ComplaintService::ChangeStatus(const Actor& a, const std::string& id, const std::string& status,
                                                 const std::optional<std::string>& notes,
                                                 std::optional<std::int64_t> if_match, const std::string& request_id) {
    if (status == "Resolved") return Resolve(a, id, notes.value_or(""), if_match, request_id);
    return Mutate(a, id, if_match, request_id, [&](Complaint& c, shop::outbox::Effects& fx, TimeMs now) -> shop::Status {
        std::string from = c.Str("status");
        if (status == "In Progress" && from != "Open")
            return InvalidTransition(c, status, from == "Open" ? "" : " Use reopen to move it back to In Progress.");
        if (status == "Open") return InvalidTransition(c, status);
        if (status == "Closed" && from != "Resolved") return InvalidTransition(c, status);
        auto done = Transition(c, status, a, notes, now, fx);
        if (done && status == "Closed") c.doc["closedAt"] = Ts(now);
        return done;
    });
}

Result<Complaint> ComplaintService::Reopen(const Actor& a, const std::string& id, const std::string& reason,
                                           std::optional<std::int64_t> if_match, const std::string& request_id) {
    return Mutate(a, id, if_match, request_id, [&](Complaint& c, shop::outbox::Effects& fx, TimeMs now) -> shop::Status {
        std::string from = c.Str("status");
        if (from != "Resolved" && from != "Closed") return InvalidTransition(c, "In Progress");
        if (!a.admin) {
            auto until = shop::ParseTimeBound(c.Str("reopenEligibleUntil"), shop::Bound::kLower);
            if (!until || now > *until)
                return Error::Of(ErrorCode::kInvalidTransition,
                                 "This complaint can no longer be reopened; please register a new complaint.");
        }
        c.doc["reopenedCount"] = c.doc.at("reopenedCount").as_int64() + 1;
        for (const char* k : {"resolutionNotes", "resolvedBy", "resolvedAt", "closedAt", "reopenEligibleUntil"})
            c.doc[k] = nullptr;
        return Transition(c, "In Progress", a, reason, now, fx);
    });
}

Result<Complaint> ComplaintService::Assign(const Actor& a, const std::string& id, const std::optional<std::string>& assignee,
                                           std::optional<std::int64_t> if_match, const std::string& request_id) {
    std::optional<bj::object> person;
    if (assignee) {
        auto user = directory_.User(*assignee);
        if (!user) return user.error();  // Auth down: 503, nothing changed
        if (!*user || (*user)->at("role").as_string() != "Administrator" || !(*user)->at("isActive").as_bool())
            return Error::Of(ErrorCode::kValidationFailed, "must be an active administrator", "assignedTo");
        person = Person(*assignee, std::string((*user)->at("fullName").as_string()));
    }
    return Mutate(a, id, if_match, request_id, [&](Complaint& c, shop::outbox::Effects& fx, TimeMs now) -> shop::Status {
        if (c.Str("status") == "Closed") return Error::Of(ErrorCode::kConflict, "A closed complaint cannot be assigned.");
        const auto& current = c.doc.at("assignedTo");
        std::string current_id = current.is_object() ? std::string(current.at("userId").as_string()) : "";
        if (current_id == assignee.value_or("")) return shop::Ok{};  // no-op
        for (auto& record : c.assignments)
            if (record.at("unassignedAt").is_null()) record.as_object()["unassignedAt"] = Ts(now);
        if (person)
            c.assignments.push_back(bj::object{{"assignedTo", *person}, {"assignedBy", Person(a.user_id, a.name)},
                                               {"assignedAt", Ts(now)}, {"unassignedAt", nullptr}});
        c.doc["assignedTo"] = person ? bj::value(*person) : bj::value(nullptr);
        c.doc["version"] = c.version() + 1;
        if (person && c.Str("status") == "Open")
            return Transition(c, "In Progress", a, "Assigned to " + std::string(person->at("fullName").as_string()), now, fx);
        return shop::Ok{};
    });
}

Result<Comment> ComplaintService::AddComment(const Actor& a, const std::string& id, const std::string& text, bool internal,
                                             const std::string& request_id) {
    return store_.Atomically<Comment>([&](ComplaintTx& tx) -> Result<Comment> {
        auto c = tx.Find(id);
        if (!c || (!a.admin && (c->Str("userId") != a.user_id || c->deleted()))) return NotFound();
        if (c->Str("status") == "Closed" && !internal)
            return Error::Of(ErrorCode::kConflict, "This complaint is closed; only internal notes can be added.");
        TimeMs now = shop::NowMs();
        Comment comment{shop::crypto::NewUuid(), c->Str("complaintId"), a.user_id, a.role(), a.name, text, internal, now};
        tx.AddComment(c->Str("id"), comment);
        if (a.admin && !internal) {
            shop::outbox::Effects fx{request_id};
            fx.emails.push_back(Email("complaint_reply", *c, {{"notes", text}, {"author", a.name}}));
            tx.Emit(fx);
        }
        return comment;
    });
}

Result<std::vector<Comment>> ComplaintService::Comments(const Actor& a, const std::string& id) {
    auto c = Get(&a, id);
    if (!c) return c.error();
    return store_.Comments(c->Str("id"), a.admin);
}

Result<bj::object> ComplaintService::GiveFeedback(const Actor& a, const std::string& id, std::int64_t rating,
                                                  const std::optional<std::string>& comment, const std::string& request_id) {
    bj::object given;
    auto done = Mutate(a, id, std::nullopt, request_id, [&](Complaint& c, shop::outbox::Effects& fx, TimeMs now) -> shop::Status {
        std::string status = c.Str("status");
        if (status != "Resolved" && status != "Closed")
            return Error::Of(ErrorCode::kInvalidTransition, "A complaint can be rated once it is resolved; this one is " + status + ".");
        // Resolutions so far: one more than the reopenings.
        std::int64_t resolution = c.doc.at("reopenedCount").as_int64() + 1;
        for (const auto& r : c.ratings)
            if (r.at("resolutionNumber").as_int64() == resolution)
                return Error::Of(ErrorCode::kConflict, "You have already rated this resolution.");
        given = {{"rating", rating}, {"comment", shop::json::OrNull(comment)}, {"createdAt", Ts(now)},
                 {"resolutionNumber", resolution}};
        c.ratings.push_back(given);
        c.doc["feedback"] = given;
        c.doc["version"] = c.version() + 1;
        fx.events.push_back({"ComplaintFeedbackGiven", c.Str("id"), c.version(),
                             bj::object{{"id", c.Str("id")}, {"complaintId", c.Str("complaintId")}, {"userId", a.user_id},
                                        {"customerId", a.user_id}, {"category", c.Str("category")}, {"rating", rating},
                                        {"resolutionNumber", resolution}, {"givenAt", Ts(now)}}});
        return shop::Ok{};
    });
    if (!done) return done.error();
    return given;
}

std::string ComplaintService::HandleUserErased(const std::string& event_id, const std::string& user_id) {
    auto r = store_.Atomically<std::string>([&](ComplaintTx& tx) -> Result<std::string> {
        if (!tx.MarkEventProcessed(event_id, "UserErased")) return std::string("duplicate");
        tx.AnonymizeCustomer(user_id, "erased+" + user_id + "@erased.invalid", "Erased Customer");
        return std::string("processed");
    });
    return *r;
}

}  // namespace complaint
