#include "shop/outbox/mongo_outbox.hpp"

#include <algorithm>
#include <map>

namespace shop::outbox {
namespace {

namespace bj = json::bj;
constexpr const char* kOutbox = "outbox";

using json::Int;
using json::OptInt;
using json::OptStr;
using json::Str;

// A message a dispatcher may take now: queued, its attempt due, and no other dispatcher's claim running.
bj::object Due(TimeMs now) {
    return {{"status", "queued"}, {"nextAttemptAt", bj::object{{"$lte", now}}}, {"claimedUntil", bj::object{{"$lte", now}}}};
}

Delivery DeliveryOf(const bj::object& o) {
    Delivery d;
    d.id = Str(o, "_id");
    d.template_name = Str(o, "topic");
    d.user_id = OptStr(o, "userId");
    d.recipient = Str(o, "destination");
    d.subject = Str(o, "subject");
    d.status = Str(o, "status");
    d.attempts = Int(o, "attempts");
    d.last_error = OptStr(o, "lastError");
    d.related_type = Str(o, "relatedType");
    d.related_id = Str(o, "relatedId");
    d.created_at = Int(o, "createdAt");
    d.last_attempt_at = OptInt(o, "lastAttemptAt");
    d.next_attempt_at = OptInt(o, "nextAttemptAt");
    d.sent_at = OptInt(o, "sentAt");
    return d;
}


}  // namespace

MongoOutbox::MongoOutbox(mongo::Database& db, std::string source, std::vector<Subscriber> subscribers,
                         int email_attempts, std::vector<std::string> aggregates, TimeMs claim_ms)
    : db_(db), source_(std::move(source)), subscribers_(std::move(subscribers)), email_attempts_(email_attempts),
      aggregates_(std::move(aggregates)), claim_ms_(claim_ms) {}

void MongoOutbox::EnsureIndexes() {
    db_.CreateIndexes(kOutbox, {{.name = "due", .keys = {{"status", 1}, {"nextAttemptAt", 1}}},
                                {.name = "deliveries", .keys = {{"kind", 1}, {"createdAt", -1}}},
                                {.name = "event_order", .keys = {{"destination", 1}, {"aggregateId", 1}, {"seq", 1}}}});
    for (const auto& a : aggregates_) db_.CreateIndexes(a, {{.name = "pending", .keys = {{"pendingSince", 1}}}});
}

bj::array MongoOutbox::Messages(const Effects& effects) {
    bj::array out;
    std::int64_t index = 0;
    for (auto& p : Plan(effects, source_, subscribers_, email_attempts_, NowMs())) {
        // Events of one aggregate are delivered in version order (versions grow on every instance alike);
        // emails in creation order.
        std::int64_t seq = p.kind == "event" ? p.aggregate_version * 1000 + index++ : p.created_at;
        out.push_back(bj::object{{"_id", p.id}, {"seq", seq}, {"kind", p.kind}, {"topic", p.topic},
                                 {"destination", p.destination}, {"userId", json::OrNull(p.user_id)},
                                 {"setting", json::OrNull(p.setting)}, {"relatedType", json::OrNull(p.related_type)},
                                 {"relatedId", json::OrNull(p.related_id)}, {"aggregateId", json::OrNull(p.aggregate_id)},
                                 {"subject", json::OrNull(p.subject)}, {"payload", p.payload}, {"requestId", p.request_id},
                                 {"status", "queued"}, {"attempts", 0}, {"maxAttempts", p.max_attempts},
                                 {"lastError", nullptr}, {"createdAt", p.created_at}, {"lastAttemptAt", nullptr},
                                 {"nextAttemptAt", p.created_at}, {"sentAt", nullptr}, {"claimedUntil", 0}});
    }
    return out;
}

void MongoOutbox::InsertDirect(const bj::array& messages) {
    for (const auto& m : messages) db_.InsertOne(kOutbox, m.as_object());
    if (!messages.empty()) Wake();
}

void MongoOutbox::Relay() {
    for (const auto& collection : aggregates_)
        mongo::RelayPending(db_, collection, {{"pendingSince", bj::object{{"$gt", 0}}}}, "pendingMessages", "pendingSince",
                            [&](const bj::object& m) { db_.InsertOne(kOutbox, m); });  // a duplicate: relayed before
}

// Only one dispatcher (of any instance) wins a claim, until the lease ends or the outcome is recorded. Claiming each
// message right before its delivery keeps the lease about one delivery long, however long the batch takes.
bool MongoOutbox::Claim(const Message& m, TimeMs now) {
    bj::object filter = Due(now);
    filter["_id"] = m.id;
    return db_.FindOneAndUpdate(kOutbox, filter, {{"$set", bj::object{{"claimedUntil", now + claim_ms_}}}}).has_value();
}

std::vector<Message> MongoOutbox::FetchDue(TimeMs now, int limit) {
    Relay();
    auto candidates = db_.Find(kOutbox, Due(now), {.sort = {{"nextAttemptAt", 1}, {"seq", 1}}, .limit = limit});
    // An event waits while an earlier one (lower seq) of its aggregate to the same subscriber is queued, whether due,
    // backing off or claimed: one query finds the earliest queued seq of each candidate's aggregate.
    std::vector<std::string> aggregates;
    for (const auto& c : candidates)
        if (Str(c, "kind") == "event") aggregates.push_back(Str(c, "aggregateId"));
    std::map<std::pair<std::string, std::string>, std::int64_t> first;
    if (!aggregates.empty())
        for (const auto& e : db_.Find(kOutbox, {{"kind", "event"}, {"status", "queued"}, {"aggregateId", mongo::In(aggregates)}},
                                      {.projection = {{"destination", 1}, {"aggregateId", 1}, {"seq", 1}}})) {
            auto [it, added] = first.try_emplace({Str(e, "destination"), Str(e, "aggregateId")}, Int(e, "seq"));
            if (!added) it->second = std::min(it->second, Int(e, "seq"));
        }
    std::vector<Message> out;
    for (const auto& c : candidates) {
        if (Str(c, "kind") == "event" && Int(c, "seq") != first[{Str(c, "destination"), Str(c, "aggregateId")}]) continue;
        Message m;
        m.seq = Int(c, "seq");
        m.id = Str(c, "_id");
        m.kind = Str(c, "kind");
        m.topic = Str(c, "topic");
        m.destination = Str(c, "destination");
        m.user_id = OptStr(c, "userId");
        m.setting = OptStr(c, "setting");
        m.subject = OptStr(c, "subject");
        m.payload = Str(c, "payload");
        m.request_id = OptStr(c, "requestId");
        m.attempts = Int(c, "attempts");
        m.max_attempts = Int(c, "maxAttempts");
        out.push_back(std::move(m));
    }
    return out;
}

void MongoOutbox::MarkDone(const Message& m, const std::string& status, TimeMs now) {
    bool attempted = status != "skipped";
    bj::object set{{"status", status}, {"lastAttemptAt", now}, {"sentAt", attempted ? bj::value(now) : bj::value(nullptr)},
                   {"nextAttemptAt", nullptr}, {"lastError", nullptr}, {"claimedUntil", 0}};
    if (m.kind == "email") set["payload"] = nullptr;  // the rendered email is not kept once sent
    db_.UpdateOne(kOutbox, {{"_id", m.id}}, {{"$set", std::move(set)}, {"$inc", bj::object{{"attempts", attempted ? 1 : 0}}}});
}

void MongoOutbox::MarkFailed(const Message& m, const std::string& status, const std::string& error, TimeMs now,
                             std::optional<TimeMs> next_attempt) {
    db_.UpdateOne(kOutbox, {{"_id", m.id}},
                  {{"$set", bj::object{{"status", status}, {"lastAttemptAt", now}, {"lastError", error},
                                       {"nextAttemptAt", json::OrNull(next_attempt)}, {"claimedUntil", 0}}},
                   {"$inc", bj::object{{"attempts", 1}}}});
}

void MongoOutbox::Postpone(const Message& m, TimeMs next_attempt, const std::string& reason) {
    db_.UpdateOne(kOutbox, {{"_id", m.id}},
                  {{"$set", bj::object{{"nextAttemptAt", next_attempt}, {"lastError", reason}, {"claimedUntil", 0}}}});
}

void MongoOutbox::WakeDestination(const std::string& destination, TimeMs now) {
    db_.UpdateMany(kOutbox, {{"destination", destination}, {"status", "queued"}, {"nextAttemptAt", bj::object{{"$gt", now}}}},
                   {{"$set", bj::object{{"nextAttemptAt", now}}}});
}

std::int64_t MongoOutbox::Pending(const std::string& kind) {
    return db_.Count(kOutbox, {{"kind", kind}, {"status", "queued"}});
}

std::pair<std::vector<Delivery>, std::int64_t> MongoOutbox::ListDeliveries(const DeliveryFilter& f) {
    bj::object filter{{"kind", "email"}};
    if (!f.statuses.empty()) filter["status"] = mongo::In(f.statuses);
    if (!f.templates.empty()) filter["topic"] = mongo::In(f.templates);
    if (f.user_id) filter["userId"] = *f.user_id;
    if (f.related_id) filter["relatedId"] = *f.related_id;
    if (auto r = mongo::Range(f.from, f.to)) filter["createdAt"] = *r;
    int dir = f.page.descending ? -1 : 1;
    std::vector<Delivery> items;
    for (const auto& d : db_.Find(kOutbox, filter, {.sort = {{"createdAt", dir}, {"_id", dir}}, .skip = f.page.offset(), .limit = f.page.limit}))
        items.push_back(DeliveryOf(d));
    return {std::move(items), db_.Count(kOutbox, filter)};
}

Result<Delivery> MongoOutbox::RetryDelivery(const std::string& id, TimeMs now, std::int64_t extra_attempts) {
    auto found = db_.FindOne(kOutbox, {{"_id", id}, {"kind", "email"}});
    if (!found) return Error::NotFound("Delivery not found");
    if (Str(*found, "status") != "failed") return Error::Of(ErrorCode::kConflict, "Only failed deliveries can be retried");
    db_.UpdateOne(kOutbox, {{"_id", id}, {"status", "failed"}},
                  {{"$set", bj::object{{"status", "queued"}, {"nextAttemptAt", now}, {"claimedUntil", 0},
                                       {"maxAttempts", Int(*found, "attempts") + extra_attempts}}}});
    Wake();
    return DeliveryOf(*db_.FindOne(kOutbox, {{"_id", id}}));
}

}  // namespace shop::outbox
