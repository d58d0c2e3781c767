// The storage engine of a service, chosen by DATABASE_URL (or MONGODB_URI): MongoDB for a mongodb:// URL,
// embedded SQLite otherwise (ARCHITECTURE.md, Configuration). Opens the database, migrates or indexes it, and
// builds the service's store and, for a service that sends emails or events, its outbox on the same engine.
//   auto storage = shop::OpenStorage<order::OrderStore, order::SqliteOrderStore, order::MongoOrderStore>(
//       s.common, shop::embedded::Order(), "order", shop::OutboxSpec{s.subscribers, s.mail.attempts(), "orders"});
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "shop/config.hpp"
#include "shop/embedded.hpp"
#include "shop/outbox/mongo_outbox.hpp"
#include "shop/outbox/sqlite_outbox.hpp"
#include "shop/storage/mongo.hpp"
#include "shop/storage/sqlite.hpp"

namespace shop {

template <class Store>
struct Storage {
    std::unique_ptr<sqlite::Database> sqlite;
    std::unique_ptr<mongo::Database> mongo;
    std::unique_ptr<outbox::Store> outbox;  // null for a service that sends nothing
    std::unique_ptr<Store> store;
};

struct OutboxSpec {
    std::vector<outbox::Subscriber> subscribers;
    int email_attempts = 0;
    std::string aggregate_collection;  // MongoDB: the collection whose documents carry pending messages
};

template <class Store, class SqliteStore, class MongoStore>
Storage<Store> OpenStorage(const CommonSettings& common, std::span<const embedded::File> migrations,
                           const std::string& scope, const std::optional<OutboxSpec>& spec) {
    Storage<Store> s;
    if (mongo::IsMongoUrl(common.database_url)) {
        s.mongo = mongo::Database::Connect(common.database_url, common.service_name);
        std::unique_ptr<MongoStore> store;
        if constexpr (std::is_constructible_v<MongoStore, mongo::Database&>) {
            store = std::make_unique<MongoStore>(*s.mongo);
        } else {
            auto o = std::make_unique<outbox::MongoOutbox>(*s.mongo, common.service_name, spec->subscribers,
                                                           spec->email_attempts,
                                                           std::vector<std::string>{spec->aggregate_collection},
                                                           common.outbox_claim_ms);
            store = std::make_unique<MongoStore>(*s.mongo, *o);
            s.outbox = std::move(o);
        }
        store->EnsureIndexes();
        s.store = std::move(store);
    } else {
        s.sqlite = sqlite::Open(common.database_url);
        s.sqlite->Migrate(embedded::Common(), "common");
        s.sqlite->Migrate(migrations, scope);
        if constexpr (std::is_constructible_v<SqliteStore, sqlite::Database&>) {
            s.store = std::make_unique<SqliteStore>(*s.sqlite);
        } else {
            auto o = std::make_unique<outbox::SqliteOutbox>(*s.sqlite, common.service_name, spec->subscribers,
                                                            spec->email_attempts);
            s.store = std::make_unique<SqliteStore>(*s.sqlite, *o);
            s.outbox = std::move(o);
        }
    }
    return s;
}

}  // namespace shop
