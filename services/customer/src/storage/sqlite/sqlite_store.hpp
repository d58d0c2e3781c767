// CustomerStore on SQLite.
#pragma once

#include "domain/model.hpp"
#include "shop/storage/sqlite.hpp"

namespace customer {

class SqliteCustomerStore : public CustomerStore {
public:
    explicit SqliteCustomerStore(shop::sqlite::Database& db) : db_(db) {}
    std::optional<Customer> Find(const std::string& id) override;
    std::pair<std::vector<Customer>, std::int64_t> List(const CustomerQuery& q) override;
    std::pair<std::vector<TimelineEntry>, std::int64_t> Timeline(const TimelineQuery& q) override;
    CustomerStats Stats(TimeMs from, TimeMs to, bool weekly) override;
    std::int64_t PingMs() override { return db_.PingMs(); }

protected:
    void RunAtomic(const std::function<bool(CustomerTx&)>& fn) override;

private:
    shop::sqlite::Database& db_;
};

}  // namespace customer
