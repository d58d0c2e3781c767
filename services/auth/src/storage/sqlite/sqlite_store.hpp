// AuthStore on SQLite.
#pragma once

#include <memory>

#include "domain/model.hpp"
#include "shop/outbox/sqlite_outbox.hpp"
#include "shop/storage/sqlite.hpp"

namespace auth {

class SqliteAuthStore : public AuthStore {
public:
    SqliteAuthStore(shop::sqlite::Database& db, shop::outbox::SqliteOutbox& outbox);

    std::pair<std::vector<User>, std::int64_t> ListUsers(const UserFilter& f) override;
    std::vector<Revocation> RevocationsSince(std::int64_t since, TimeMs now, int limit, bool& has_more) override;
    void Sweep(TimeMs now) override;
    std::int64_t PingMs() override { return db_.PingMs(); }

protected:
    void RunAtomic(const std::function<bool(AuthTx&)>& fn) override;
    void RunRead(const std::function<void(AuthTx&)>& fn) override;

private:
    shop::sqlite::Database& db_;
    shop::outbox::SqliteOutbox& outbox_;
};

}  // namespace auth
