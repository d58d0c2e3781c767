// The MongoDB side of a service transaction, without multi-document transactions: a change writes ONE aggregate
// document, and what must commit with it rides inside that document's single insert or update:
//   - its outbox messages (`pendingMessages`, marked by `pendingSince`, relayed by MongoOutbox);
//   - its Idempotency-Key record (`idemScope` under a unique index, `idem` with the stored response), so two
//     concurrent requests with one key create one aggregate: the loser's insert is a duplicate key and its retry
//     replays the winner's response;
//   - the optimistic version check of an update (the filter names the version that was read).
// Consumed events are recorded in `processed_events` after the change (the handlers are idempotent, so a crash
// before the record only means the redelivered event is applied again, to the same result).
#pragma once

#include <optional>
#include <string>

#include "shop/outbox/mongo_outbox.hpp"
#include "shop/records.hpp"
#include "shop/result.hpp"
#include "shop/storage/mongo.hpp"

namespace shop::mongo {

class Records {
public:
    // `outbox` may be null for a service that sends nothing (then Emit must not be called).
    Records(Database& db, outbox::MongoOutbox* outbox, std::string collection)
        : db_(db), outbox_(outbox), collection_(std::move(collection)) {}

    void Emit(const outbox::Effects& effects);
    bool MarkEventProcessed(const std::string& event_id, const std::string& type);
    Result<std::optional<StoredResponse>> IdempotencyLookup(const std::string& scope, const std::string& hash);
    void IdempotencyStore(const std::string& scope, const std::string& hash, int status, const std::string& body);

    enum class Outcome { kDone, kConflict };  // kConflict: a concurrent writer won; run the change again
    // Inserts the aggregate `doc` (with `_id`) carrying the pending records.
    Outcome Insert(bj::object doc);
    // Applies `update` ({$set: …, $push: …}) to the aggregate `id` if its version is still `read_version`,
    // carrying the pending records.
    Outcome Update(const std::string& id, std::int64_t read_version, bj::object update, const char* version_field = "version");
    // After a successful write (or a change that wrote no aggregate): direct messages, processed events, wake-up.
    void Finish();

    Database& db() { return db_; }

private:
    Database& db_;
    outbox::MongoOutbox* outbox_;
    std::string collection_;
    bj::array messages_;
    std::optional<bj::object> idem_;
    std::optional<std::string> idem_scope_;
    std::vector<std::pair<std::string, std::string>> processed_;
    bool messages_written_ = false;
};

// The records operations of a service's Tx interface on MongoDB: derive a service's MongoTx from
// RecordsTx<ServiceTx> and add its own operations (as shop::sqlite::RecordsTx does for SQLite).
template <class Interface>
class RecordsTx : public Interface {
public:
    RecordsTx(Database& db, outbox::MongoOutbox& outbox, std::string collection)
        : db_(db), records_(db, &outbox, std::move(collection)) {}
    void Emit(const outbox::Effects& effects) override { records_.Emit(effects); }
    bool MarkEventProcessed(const std::string& event_id, const std::string& type) override {
        return records_.MarkEventProcessed(event_id, type);
    }
    Result<std::optional<StoredResponse>> IdempotencyLookup(const std::string& scope, const std::string& hash) override {
        return records_.IdempotencyLookup(scope, hash);
    }
    void IdempotencyStore(const std::string& scope, const std::string& hash, int status, const std::string& body) override {
        records_.IdempotencyStore(scope, hash, status, body);
    }

protected:
    Database& db_;
    Records records_;
};

// Changes every document of `collection` matching `filter`, one at a time: `change` gets the document as read
// (with `projection`, which must include `version_field`) and returns the fields to $set (a new version among them),
// or nothing when it needs no change. Each write is guarded by the version read; a document another change wrote
// first is read again. Idempotent, so a redelivered event completes what a crash cut short. Returns how many changed.
std::int64_t ChangeEach(Database& db, const std::string& collection, const bj::object& filter, const bj::object& projection,
                        const std::function<std::optional<bj::object>(const bj::object&)>& change,
                        const char* version_field = "version");

// Runs `change` (which builds its writes on a fresh Tx) until it commits without a conflict; a persistent conflict
// is answered 503 (nothing was written).
template <class Tx, class Make>
void RunOptimistic(Make&& make, const std::function<bool(Tx&)>& change) {
    for (int attempt = 0; attempt < 8; ++attempt) {
        auto tx = make();
        if (!change(*tx)) return;  // rolled back: nothing was written
        if (tx->Commit() == Records::Outcome::kDone) return;
    }
    throw Unavailable("too many concurrent changes to one record; nothing was changed");
}

}  // namespace shop::mongo
