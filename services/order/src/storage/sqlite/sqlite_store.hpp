// OrderStore on SQLite.
#pragma once

#include "domain/model.hpp"
#include "shop/outbox/sqlite_outbox.hpp"
#include "shop/storage/sqlite.hpp"

namespace order {

class SqliteOrderStore : public OrderStore {
public:
    SqliteOrderStore(shop::sqlite::Database& db, shop::outbox::SqliteOutbox& outbox) : db_(db), outbox_(outbox) {}
    std::optional<StoredOrder> Find(const std::string& id_or_number) override;
    std::pair<std::vector<std::string>, std::int64_t> List(const OrderQuery& q) override;
    OrderStats Stats(TimeMs from, TimeMs to, bool weekly) override;
    std::int64_t PingMs() override { return db_.PingMs(); }

protected:
    void RunAtomic(const std::function<bool(OrderTx&)>& fn) override;

private:
    shop::sqlite::Database& db_;
    shop::outbox::SqliteOutbox& outbox_;
};

}  // namespace order
