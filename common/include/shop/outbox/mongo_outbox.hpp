// The outbox on MongoDB, without multi-document transactions (ARCHITECTURE.md, "MongoDB"):
//  1. a change writes its messages inside its own aggregate document (`pendingMessages`, counted by
//     `pendingSince`) in the same single-document update as the change itself;
//  2. the relay copies them into the `outbox` collection (insert by message id: a repeat is a duplicate key,
//     ignored) and only then pulls them from the aggregate, so a crash at any point loses and duplicates nothing;
//  3. dispatchers, one per instance, claim a due message right before delivering it with a conditional update
//     (`claimedUntil` lease), so several instances never send the same message at once; a crashed claim is retried
//     after the lease.
// An event waits while an earlier one (by `seq`) of the same aggregate to the same subscriber is queued.
#pragma once

#include <string>
#include <vector>

#include "shop/outbox/outbox.hpp"
#include "shop/storage/mongo.hpp"

namespace shop::outbox {

class MongoOutbox : public Store {
public:
    // `aggregates`: the collections whose documents carry pending messages (e.g. {"orders"}). `claim_ms`: how long a
    // claim holds, longer than any SMTP or HTTP attempt; a crashed dispatcher's message is sent again after it.
    MongoOutbox(mongo::Database& db, std::string source, std::vector<Subscriber> subscribers, int email_attempts,
                std::vector<std::string> aggregates, TimeMs claim_ms = 60'000);

    void EnsureIndexes();
    // The messages a change causes, as documents to push into its aggregate's `pendingMessages`.
    json::bj::array Messages(const Effects& effects);
    // Messages of a change that wrote no aggregate: straight into the outbox (ids are fresh; nothing to repeat).
    void InsertDirect(const json::bj::array& messages);
    // Moves pending messages from every aggregate into the outbox.
    void Relay();

    std::vector<Message> FetchDue(TimeMs now, int limit) override;
    bool Claim(const Message& m, TimeMs now) override;
    void MarkDone(const Message& m, const std::string& status, TimeMs now) override;
    void MarkFailed(const Message& m, const std::string& status, const std::string& error, TimeMs now,
                    std::optional<TimeMs> next_attempt) override;
    void Postpone(const Message& m, TimeMs next_attempt, const std::string& reason) override;
    void WakeDestination(const std::string& destination, TimeMs now) override;
    std::int64_t Pending(const std::string& kind) override;
    std::pair<std::vector<Delivery>, std::int64_t> ListDeliveries(const DeliveryFilter& f) override;
    Result<Delivery> RetryDelivery(const std::string& id, TimeMs now, std::int64_t extra_attempts) override;

private:
    mongo::Database& db_;
    std::string source_;
    std::vector<Subscriber> subscribers_;
    int email_attempts_;
    std::vector<std::string> aggregates_;
    TimeMs claim_ms_;
};

}  // namespace shop::outbox
