// AuthStore on MongoDB, without multi-document transactions (docs/mongodb.md, "Auth"). Every change the Auth
// domain makes touches one user, so the user document is the aggregate: it embeds the user's sessions, refresh
// tokens and one-time tokens, and a change to any of them, with its outbox messages and the revocations it causes,
// is one version-guarded (`rev`) update of that document.
//   - Revocations are pushed into the user document (`pendingRevocations`) and relayed into the `revocations`
//     feed, each under a unique `seq` allocated as the highest plus one (a duplicate means another relay took
//     that number: take the next), keyed by session id so a repeated relay adds nothing. The feed is relayed right
//     after the change, and again by every feed read, so entries stranded by a crash appear within one poll.
//   - Security counters (`counters`, one document per scope and key) are written after the change commits.
#pragma once

#include "domain/model.hpp"
#include "shop/outbox/mongo_outbox.hpp"
#include "shop/storage/mongo.hpp"

namespace auth {

class MongoAuthStore : public AuthStore {
public:
    MongoAuthStore(shop::mongo::Database& db, shop::outbox::MongoOutbox& outbox) : db_(db), outbox_(outbox) {}
    void EnsureIndexes();

    std::pair<std::vector<User>, std::int64_t> ListUsers(const UserFilter& f) override;
    std::vector<Revocation> RevocationsSince(std::int64_t since, TimeMs now, int limit, bool& has_more) override;
    void Sweep(TimeMs now) override;
    std::int64_t PingMs() override { return db_.PingMs(); }

protected:
    void RunAtomic(const std::function<bool(AuthTx&)>& fn) override;
    void RunRead(const std::function<void(AuthTx&)>& fn) override;

private:
    // Moves pending revocations (of one user, or of every user) into the feed.
    void RelayRevocations(const std::optional<std::string>& user_id);

    shop::mongo::Database& db_;
    shop::outbox::MongoOutbox& outbox_;
};

}  // namespace auth
