// OrderStore on MongoDB (collection `orders`, one document per order): see shop/storage/mongo_records_tx.hpp for
// how a change, its history entry, its outbox messages and its Idempotency-Key record commit in one write.
#pragma once

#include "domain/model.hpp"
#include "shop/outbox/mongo_outbox.hpp"
#include "shop/storage/mongo.hpp"

namespace order {

class MongoOrderStore : public OrderStore {
public:
    MongoOrderStore(shop::mongo::Database& db, shop::outbox::MongoOutbox& outbox) : db_(db), outbox_(outbox) {}
    void EnsureIndexes();
    std::optional<StoredOrder> Find(const std::string& id_or_number) override;
    std::pair<std::vector<std::string>, std::int64_t> List(const OrderQuery& q) override;
    OrderStats Stats(TimeMs from, TimeMs to, bool weekly) override;
    std::int64_t PingMs() override { return db_.PingMs(); }

protected:
    void RunAtomic(const std::function<bool(OrderTx&)>& fn) override;

private:
    shop::mongo::Database& db_;
    shop::outbox::MongoOutbox& outbox_;
};

}  // namespace order
