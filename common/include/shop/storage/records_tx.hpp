// The part of a service's SQLite transaction adapter that is the same in every service with an outbox, an inbox
// and idempotency records: derive a service's SqliteTx from RecordsTx<ServiceTx> and add its own operations.
#pragma once

#include "shop/outbox/sqlite_outbox.hpp"
#include "shop/storage/records.hpp"

namespace shop::sqlite {

template <class Interface>
class RecordsTx : public Interface {
public:
    RecordsTx(Connection& c, outbox::SqliteOutbox& outbox) : c_(c), outbox_(outbox) {}

    void Emit(const outbox::Effects& effects) override { outbox_.Append(c_, effects); }
    bool MarkEventProcessed(const std::string& event_id, const std::string& type) override {
        return sqlite::MarkEventProcessed(c_, event_id, type, NowMs());
    }
    Result<std::optional<StoredResponse>> IdempotencyLookup(const std::string& scope, const std::string& hash) override {
        return sqlite::IdempotencyLookup(c_, scope, hash, NowMs());
    }
    void IdempotencyStore(const std::string& scope, const std::string& hash, int status, const std::string& body) override {
        sqlite::IdempotencyStore(c_, scope, hash, status, body, NowMs());
    }

protected:
    Connection& c_;
    outbox::SqliteOutbox& outbox_;
};

}  // namespace shop::sqlite
