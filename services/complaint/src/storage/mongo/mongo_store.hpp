// ComplaintStore on MongoDB (collection `complaints`, one document per complaint with its history, assignments,
// ratings and comments): a change, its comments and its outbox messages commit in one single-document write
// (see shop/storage/mongo_records_tx.hpp).
#pragma once

#include "domain/model.hpp"
#include "shop/outbox/mongo_outbox.hpp"
#include "shop/storage/mongo.hpp"

namespace complaint {

class MongoComplaintStore : public ComplaintStore {
public:
    MongoComplaintStore(shop::mongo::Database& db, shop::outbox::MongoOutbox& outbox) : db_(db), outbox_(outbox) {}
    void EnsureIndexes();
    std::optional<Complaint> Find(const std::string& id_or_number) override;
    std::pair<std::vector<std::string>, std::int64_t> List(const ComplaintQuery& q) override;
    std::vector<Comment> Comments(const std::string& complaint_uuid, bool include_internal) override;
    ComplaintStats Stats(TimeMs from, TimeMs to, TimeMs now, bool weekly) override;
    std::int64_t PingMs() override { return db_.PingMs(); }

protected:
    void RunAtomic(const std::function<bool(ComplaintTx&)>& fn) override;

private:
    shop::mongo::Database& db_;
    shop::outbox::MongoOutbox& outbox_;
};

}  // namespace complaint
