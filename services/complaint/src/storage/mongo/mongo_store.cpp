#include "storage/mongo/mongo_store.hpp"

#include <algorithm>

#include "shop/storage/mongo_records_tx.hpp"

namespace complaint {
namespace {

namespace bj = shop::json::bj;
using shop::mongo::Records;
constexpr const char* kComplaints = "complaints";

using shop::json::OptInt;
using shop::json::OrNull;

// The stored document's fields (all but the comments and `firstResponseAt`, which only ever move earlier).
bj::object Fields(const Complaint& c) {
    auto k = ColumnsOf(c);
    return {{"complaintId", c.Str("complaintId")}, {"userId", c.Str("userId")}, {"status", c.Str("status")},
            {"statusRank", k.status_rank}, {"category", c.Str("category")}, {"priority", c.Str("priority")},
            {"priorityRank", k.priority_rank}, {"assignedTo", OrNull(k.assignee_id)}, {"assigneeName", OrNull(k.assignee_name)},
            {"orderId", OrNull(c.Opt("orderId"))}, {"createdAt", k.created_at}, {"updatedAt", k.updated_at},
            {"deletedAt", OrNull(k.deleted_at)}, {"version", c.version()}, {"searchText", k.search_text},
            {"emailText", k.email_text}, {"resolvedAt", OrNull(k.resolved_at)},
            {"reopenedCount", c.doc.at("reopenedCount").as_int64()}, {"rating", OrNull(k.rating)}, {"doc", c.doc},
            {"history", c.history}, {"assignments", c.assignments}, {"ratings", c.ratings}};
}

Complaint Load(const bj::object& d) {
    return {d.at("doc").as_object(), d.at("history").as_array(), d.at("assignments").as_array(), d.at("ratings").as_array()};
}

const bj::object kLoadProjection{{"doc", 1}, {"history", 1}, {"assignments", 1}, {"ratings", 1}, {"version", 1}};

bj::object CommentJson(const Comment& m) {
    return {{"id", m.id}, {"userId", m.user_id}, {"userRole", m.user_role}, {"authorName", m.author_name},
            {"comment", m.comment}, {"isInternal", m.internal}, {"createdAt", m.created_at}};
}

class MongoTx : public shop::mongo::RecordsTx<ComplaintTx> {
public:
    MongoTx(shop::mongo::Database& db, shop::outbox::MongoOutbox& outbox) : RecordsTx(db, outbox, kComplaints) {}

    std::optional<Complaint> Find(const std::string& id) override {
        auto d = db_.FindOne(kComplaints, shop::mongo::IdOrNumber(id, "complaintId"), {.projection = kLoadProjection});
        if (!d) return std::nullopt;
        read_versions_[std::string(d->at("_id").as_string())] = d->at("version").to_number<std::int64_t>();
        return Load(*d);
    }
    bool NumberTaken(const std::string& number) override { return db_.Count(kComplaints, {{"complaintId", number}}) > 0; }
    void Insert(const Complaint& c) override { Write(c, true); }
    void Update(const Complaint& c) override { Write(c, false); }
    void AddComment(const std::string& uuid, const Comment& m) override {
        if (target_ && *target_ != uuid) throw std::logic_error("a change writes one complaint");
        target_ = uuid;
        comments_.push_back(CommentJson(m));
        if (m.user_role == "Administrator" && !m.internal)
            first_response_ = std::min(first_response_.value_or(m.created_at), m.created_at);
    }
    void AnonymizeCustomer(const std::string& user_id, const std::string& email, const std::string& name) override {
        shop::mongo::ChangeEach(db_, kComplaints, {{"userId", user_id}}, kLoadProjection,
                                [&](const bj::object& d) -> std::optional<bj::object> {
            Complaint c = Load(d);
            if (c.Str("customerEmail") == email && c.Str("customerName") == name) return std::nullopt;
            c.doc["customerEmail"] = email;
            c.doc["customerName"] = name;
            c.doc["version"] = c.version() + 1;  // a change that read the old version must not write the old name back
            return Fields(c);
        });
    }

    Records::Outcome Commit() {
        auto outcome = Records::Outcome::kDone;
        if (write_ && write_->insert) {
            bj::object doc = Fields(write_->complaint);
            doc["_id"] = *target_;
            doc["comments"] = std::move(comments_);
            if (auto first = Earliest(ColumnsOf(write_->complaint).first_assignment_at)) doc["firstResponseAt"] = *first;
            outcome = records_.Insert(std::move(doc));
        } else if (target_) {
            bj::object update;
            if (write_) update["$set"] = Fields(write_->complaint);
            if (!comments_.empty()) update["$push"] = bj::object{{"comments", bj::object{{"$each", std::move(comments_)}}}};
            // $min on a field that is absent sets it: `firstResponseAt` is never stored as null.
            if (auto first = Earliest(write_ ? ColumnsOf(write_->complaint).first_assignment_at : std::nullopt))
                update["$min"] = bj::object{{"firstResponseAt", *first}};
            outcome = records_.Update(*target_, read_versions_.at(*target_), std::move(update));
        }
        if (outcome == Records::Outcome::kDone) records_.Finish();
        return outcome;
    }

private:
    void Write(const Complaint& c, bool insert) {
        std::string id = c.Str("id");
        if ((write_ || target_) && target_ != id) throw std::logic_error("a change writes one complaint");
        target_ = id;
        write_ = {c, insert};
    }
    std::optional<TimeMs> Earliest(std::optional<TimeMs> assignment) const {
        if (!assignment) return first_response_;
        return std::min(*assignment, first_response_.value_or(*assignment));
    }
    struct PendingWrite {
        Complaint complaint;
        bool insert;
    };
    std::map<std::string, std::int64_t> read_versions_;
    std::optional<std::string> target_;
    std::optional<PendingWrite> write_;
    bj::array comments_;
    std::optional<TimeMs> first_response_;
};

}  // namespace

void MongoComplaintStore::EnsureIndexes() {
    db_.CreateIndexes(kComplaints, {{.name = "complaint_number", .keys = {{"complaintId", 1}}, .unique = true},
                                    {.name = "idempotency", .keys = {{"idemScope", 1}}, .unique = true},
                                    {.name = "user_created", .keys = {{"userId", 1}, {"createdAt", -1}}},
                                    {.name = "created", .keys = {{"createdAt", -1}}},
                                    {.name = "status", .keys = {{"statusRank", 1}, {"createdAt", -1}}},
                                    {.name = "assignee", .keys = {{"assignedTo", 1}, {"createdAt", -1}}}});
    outbox_.EnsureIndexes();
}

void MongoComplaintStore::RunAtomic(const std::function<bool(ComplaintTx&)>& fn) {
    shop::mongo::RunOptimistic<MongoTx>([&] { return std::make_unique<MongoTx>(db_, outbox_); },
                                        [&](MongoTx& tx) { return fn(tx); });
}

std::optional<Complaint> MongoComplaintStore::Find(const std::string& id) {
    auto d = db_.FindOne(kComplaints, shop::mongo::IdOrNumber(id, "complaintId"), {.projection = kLoadProjection});
    if (!d) return std::nullopt;
    return Load(*d);
}

std::vector<Comment> MongoComplaintStore::Comments(const std::string& uuid, bool include_internal) {
    auto d = db_.FindOne(kComplaints, {{"_id", uuid}}, {.projection = {{"comments", 1}, {"complaintId", 1}}});
    std::vector<Comment> out;
    if (!d) return out;
    std::string number(d->at("complaintId").as_string());
    for (const auto& v : d->at("comments").as_array()) {
        const auto& m = v.as_object();
        if (m.at("isInternal").as_bool() && !include_internal) continue;
        out.push_back({std::string(m.at("id").as_string()), number, std::string(m.at("userId").as_string()),
                       std::string(m.at("userRole").as_string()), std::string(m.at("authorName").as_string()),
                       std::string(m.at("comment").as_string()), m.at("isInternal").as_bool(),
                       m.at("createdAt").to_number<TimeMs>()});
    }
    std::stable_sort(out.begin(), out.end(), [](const Comment& a, const Comment& b) {
        return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
    });
    return out;
}

ComplaintStats MongoComplaintStore::Stats(TimeMs from, TimeMs to, TimeMs now, bool weekly) {
    // The period's analytics fields stream into the same fold as on SQLite (FerretDB 1.x's $group takes one
    // accumulator per stage and has no date arithmetic, so the figures are not a pipeline).
    StatsFold fold(now, weekly);
    for (const auto& d : db_.Find(kComplaints, {{"status", shop::mongo::In({"Open", "In Progress"})}, {"deletedAt", nullptr}},
                                  {.projection = {{"createdAt", 1}}}))
        fold.AddOpen(d.at("createdAt").to_number<TimeMs>());
    auto rows = db_.Find(kComplaints, {{"deletedAt", nullptr}, {"createdAt", bj::object{{"$gte", from}, {"$lte", to}}}},
                         {.projection = {{"createdAt", 1}, {"status", 1}, {"category", 1}, {"priority", 1}, {"assigneeName", 1},
                                         {"reopenedCount", 1}, {"resolvedAt", 1}, {"firstResponseAt", 1}, {"rating", 1}}});
    for (const auto& d : rows) {
        const auto* assignee = d.if_contains("assigneeName");
        fold.Add({.created_at = d.at("createdAt").to_number<TimeMs>(), .status = d.at("status").as_string(),
                  .category = d.at("category").as_string(), .priority = d.at("priority").as_string(),
                  .assignee = assignee && assignee->is_string() ? std::string_view(assignee->as_string()) : std::string_view(),
                  .reopened = d.at("reopenedCount").to_number<std::int64_t>(), .resolved_at = OptInt(d, "resolvedAt"),
                  .first_response_at = OptInt(d, "firstResponseAt"), .rating = OptInt(d, "rating")});
    }
    return fold.Finish();
}

std::pair<std::vector<std::string>, std::int64_t> MongoComplaintStore::List(const ComplaintQuery& q) {
    bj::object filter;
    if (q.user_id) filter["userId"] = *q.user_id;
    if (!q.include_deleted) filter["deletedAt"] = nullptr;
    if (!q.statuses.empty()) filter["status"] = shop::mongo::In(q.statuses);
    if (!q.categories.empty()) filter["category"] = shop::mongo::In(q.categories);
    if (!q.priorities.empty()) filter["priority"] = shop::mongo::In(q.priorities);
    if (q.assigned_to) filter["assignedTo"] = *q.assigned_to == "none" ? bj::value(nullptr) : bj::value(*q.assigned_to);
    if (q.order_id) filter["orderId"] = *q.order_id;
    if (auto r = shop::mongo::Range(q.from, q.to)) filter["createdAt"] = *r;
    if (q.q) shop::mongo::AddSearch(filter, *q.q, q.q_includes_email);
    std::string field = q.page.sort_field == "updatedAt" ? "updatedAt"
                        : q.page.sort_field == "status"  ? "statusRank"
                        : q.page.sort_field == "priority" ? "priorityRank"
                                                          : "createdAt";
    int dir = q.page.descending ? -1 : 1;
    std::vector<std::string> docs;
    for (const auto& d : db_.Find(kComplaints, filter, {.sort = {{field, dir}, {"_id", dir}}, .projection = {{"doc", 1}},
                                                        .skip = q.page.offset(), .limit = q.page.limit}))
        docs.push_back(shop::json::Serialize(d.at("doc")));
    return {std::move(docs), db_.Count(kComplaints, filter)};
}

}  // namespace complaint
