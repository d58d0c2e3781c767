// The outbox on SQLite: Append() runs inside a repository's write transaction.
#pragma once

#include <atomic>
#include <functional>

#include "shop/outbox/outbox.hpp"
#include "shop/storage/sqlite.hpp"

namespace shop::outbox {

class SqliteOutbox : public Store {
public:
    SqliteOutbox(sqlite::Database& db, std::string source, std::vector<Subscriber> subscribers, int email_attempts);

    // Writes the effects as outbox rows on `c`, inside the caller's transaction.
    void Append(sqlite::Connection& c, const Effects& effects);
    const std::vector<Subscriber>& subscribers() const { return subscribers_; }

    std::vector<Message> FetchDue(TimeMs now, int limit) override;
    void MarkDone(const Message& m, const std::string& status, TimeMs now) override;
    void MarkFailed(const Message& m, const std::string& status, const std::string& error, TimeMs now,
                    std::optional<TimeMs> next_attempt) override;
    void Postpone(const Message& m, TimeMs next_attempt, const std::string& reason) override;
    void WakeDestination(const std::string& destination, TimeMs now) override;
    std::int64_t Pending(const std::string& kind) override;
    std::pair<std::vector<Delivery>, std::int64_t> ListDeliveries(const DeliveryFilter& f) override;
    Result<Delivery> RetryDelivery(const std::string& id, TimeMs now, std::int64_t extra_attempts) override;

private:
    sqlite::Database& db_;
    std::string source_;
    std::vector<Subscriber> subscribers_;
    int email_attempts_;
};

}  // namespace shop::outbox
