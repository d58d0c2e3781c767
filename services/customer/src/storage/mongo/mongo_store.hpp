// CustomerStore on MongoDB: one document per customer holding its record, the order and complaint projections
// its totals derive from, and its timeline, so an event's whole effect is one version-guarded write
// (see shop/storage/mongo_records_tx.hpp); consumed event ids in `processed_events`.
#pragma once

#include "domain/model.hpp"
#include "shop/storage/mongo.hpp"

namespace customer {

class MongoCustomerStore : public CustomerStore {
public:
    explicit MongoCustomerStore(shop::mongo::Database& db) : db_(db) {}
    void EnsureIndexes();
    std::optional<Customer> Find(const std::string& id) override;
    std::pair<std::vector<Customer>, std::int64_t> List(const CustomerQuery& q) override;
    std::pair<std::vector<TimelineEntry>, std::int64_t> Timeline(const TimelineQuery& q) override;
    CustomerStats Stats(TimeMs from, TimeMs to, bool weekly) override;
    std::int64_t PingMs() override { return db_.PingMs(); }

protected:
    void RunAtomic(const std::function<bool(CustomerTx&)>& fn) override;

private:
    shop::mongo::Database& db_;
};

}  // namespace customer
