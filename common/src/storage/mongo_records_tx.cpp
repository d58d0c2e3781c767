#include "shop/storage/mongo_records_tx.hpp"

#include "shop/time.hpp"

namespace shop::mongo {
namespace {
constexpr TimeMs kIdempotencyTtl = 24 * 3'600'000LL;
constexpr const char* kProcessed = "processed_events";
}  // namespace

void Records::Emit(const outbox::Effects& effects) {
    for (auto& m : outbox_->Messages(effects)) messages_.push_back(std::move(m));
}

bool Records::MarkEventProcessed(const std::string& event_id, const std::string& type) {
    if (db_.FindOne(kProcessed, {{"_id", event_id}})) return false;
    processed_.emplace_back(event_id, type);
    return true;
}

Result<std::optional<StoredResponse>> Records::IdempotencyLookup(const std::string& scope, const std::string& hash) {
    auto doc = db_.FindOne(collection_, {{"idemScope", scope}}, {.projection = {{"idem", 1}}});
    if (!doc) return std::optional<StoredResponse>{};
    const auto& idem = doc->at("idem").as_object();
    if (idem.at("createdAt").to_number<TimeMs>() < NowMs() - kIdempotencyTtl) {
        // Expired: the key is free again. The old aggregate keeps a scope of its own so the unique index allows
        // the new one.
        db_.UpdateOne(collection_, {{"_id", doc->at("_id")}, {"idemScope", scope}},
                      {{"$set", bj::object{{"idemScope", "expired:" + std::string(doc->at("_id").as_string())}}}});
        return std::optional<StoredResponse>{};
    }
    if (idem.at("hash").as_string() != hash)
        return Error::Of(ErrorCode::kConflict, "This Idempotency-Key was used with a different request body", "Idempotency-Key");
    return std::optional<StoredResponse>{
        StoredResponse{static_cast<int>(idem.at("status").to_number<std::int64_t>()), std::string(idem.at("body").as_string())}};
}

void Records::IdempotencyStore(const std::string& scope, const std::string& hash, int status, const std::string& body) {
    idem_scope_ = scope;
    idem_ = bj::object{{"hash", hash}, {"status", status}, {"body", body}, {"createdAt", NowMs()}};
}

Records::Outcome Records::Insert(bj::object doc) {
    doc["idemScope"] = idem_scope_ ? *idem_scope_ : "none:" + std::string(doc.at("_id").as_string());
    if (idem_) doc["idem"] = *idem_;
    doc["pendingSince"] = messages_.empty() ? 0 : NowMs();
    doc["pendingMessages"] = messages_;
    if (db_.InsertOne(collection_, doc) == InsertOutcome::kDuplicateKey) return Outcome::kConflict;
    messages_written_ = true;
    return Outcome::kDone;
}

Records::Outcome Records::Update(const std::string& id, std::int64_t read_version, bj::object update,
                                 const char* version_field) {
    if (!messages_.empty()) {
        auto operator_of = [&](const char* name) -> bj::object& {
            auto& op = update[name];
            if (!op.is_object()) op = bj::object{};
            return op.as_object();
        };
        operator_of("$push")["pendingMessages"] = bj::object{{"$each", messages_}};
        operator_of("$set")["pendingSince"] = NowMs();
    }
    if (db_.UpdateOne(collection_, {{"_id", id}, {version_field, read_version}}, update) == 0) return Outcome::kConflict;
    messages_written_ = true;
    return Outcome::kDone;
}

void Records::Finish() {
    if (!messages_.empty()) {
        if (!messages_written_) outbox_->InsertDirect(messages_);
        else outbox_->Wake();
    }
    for (const auto& [id, type] : processed_)
        db_.UpdateOne(kProcessed, {{"_id", id}}, {{"$set", bj::object{{"type", type}, {"processedAt", NowMs()}}}}, true);
}

std::int64_t ChangeEach(Database& db, const std::string& collection, const bj::object& filter, const bj::object& projection,
                        const std::function<std::optional<bj::object>(const bj::object&)>& change,
                        const char* version_field) {
    std::int64_t changed = 0;
    for (const auto& listed : db.Find(collection, filter, {.projection = {{"_id", 1}}})) {
        const auto& id = listed.at("_id");
        for (bool done = false; !done;) {
            auto doc = db.FindOne(collection, {{"_id", id}}, {.projection = projection});
            if (!doc) break;  // deleted meanwhile
            auto fields = change(*doc);
            if (!fields) break;
            done = db.UpdateOne(collection, {{"_id", id}, {version_field, doc->at(version_field)}}, {{"$set", std::move(*fields)}}) == 1;
            changed += done ? 1 : 0;
        }
    }
    return changed;
}

}  // namespace shop::mongo
