// ComplaintStore on SQLite.
#pragma once

#include "domain/model.hpp"
#include "shop/outbox/sqlite_outbox.hpp"
#include "shop/storage/sqlite.hpp"

namespace complaint {

class SqliteComplaintStore : public ComplaintStore {
public:
    SqliteComplaintStore(shop::sqlite::Database& db, shop::outbox::SqliteOutbox& outbox) : db_(db), outbox_(outbox) {}
    std::optional<Complaint> Find(const std::string& id_or_number) override;
    std::pair<std::vector<std::string>, std::int64_t> List(const ComplaintQuery& q) override;
    std::vector<Comment> Comments(const std::string& complaint_uuid, bool include_internal) override;
    ComplaintStats Stats(TimeMs from, TimeMs to, TimeMs now, bool weekly) override;
    std::int64_t PingMs() override { return db_.PingMs(); }

protected:
    void RunAtomic(const std::function<bool(ComplaintTx&)>& fn) override;

private:
    shop::sqlite::Database& db_;
    shop::outbox::SqliteOutbox& outbox_;
};

}  // namespace complaint
