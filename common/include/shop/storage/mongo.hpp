// MongoDB storage (libmongoc): a client pool for one database, chosen by DATABASE_URL=mongodb://host/<db>.
// Documents cross this boundary as boost::json objects (integers as int64, numbers with a fraction as double),
// so repositories never include mongoc.h. A failure to reach the server throws shop::Unavailable (→ 503).
//   auto db = shop::mongo::Database::Connect("mongodb://127.0.0.1:27017/order_db", "order-service");
//   db->InsertOne("orders", {{"_id", id}, {"status", "Placed"}});
//   auto doc = db->FindOne("orders", {{"_id", id}});
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shop/json/json.hpp"

namespace shop::mongo {

namespace bj = json::bj;

struct FindOptions {
    bj::object sort;        // e.g. {{"orderDate", -1}, {"_id", -1}}
    bj::object projection;  // e.g. {{"doc", 1}}
    std::int64_t skip = 0;
    std::int64_t limit = 0;  // 0: no limit
};

struct Index {
    std::string name;
    bj::object keys;  // e.g. {{"userId", 1}, {"orderDate", -1}}
    bool unique = false;
    std::optional<bj::object> partial_filter;  // unique only where this matches (e.g. the field exists)
};

enum class InsertOutcome { kInserted, kDuplicateKey };

class Database {
public:
    // `uri` names the database (mongodb://host:port/name?options); throws std::invalid_argument when malformed.
    static std::unique_ptr<Database> Connect(const std::string& uri, const std::string& app_name);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    const std::string& name() const { return name_; }

    std::optional<bj::object> FindOne(const std::string& collection, const bj::object& filter, const FindOptions& opts = {});
    std::vector<bj::object> Find(const std::string& collection, const bj::object& filter, const FindOptions& opts = {});
    std::int64_t Count(const std::string& collection, const bj::object& filter);
    std::vector<bj::object> Aggregate(const std::string& collection, const bj::array& pipeline);

    InsertOutcome InsertOne(const std::string& collection, const bj::object& doc);
    // Matched count (0 or 1); an upsert that inserted counts 1.
    std::int64_t UpdateOne(const std::string& collection, const bj::object& filter, const bj::object& update,
                           bool upsert = false);
    std::int64_t UpdateMany(const std::string& collection, const bj::object& filter, const bj::object& update);
    std::int64_t DeleteMany(const std::string& collection, const bj::object& filter);
    // The document after the update (or nullopt when nothing matched).
    std::optional<bj::object> FindOneAndUpdate(const std::string& collection, const bj::object& filter,
                                               const bj::object& update, const bj::object& sort = {});

    void CreateIndexes(const std::string& collection, const std::vector<Index>& indexes);
    std::int64_t PingMs();  // a round trip, for /health/ready

    struct Pool;

private:
    Database(std::unique_ptr<Pool> pool, std::string name);
    std::unique_ptr<Pool> pool_;
    std::string name_;
};

bool IsMongoUrl(const std::string& url);

// Query pieces the repositories share.
bj::object In(const std::vector<std::string>& values);                              // {$in: [...]}
std::optional<bj::object> Range(std::optional<std::int64_t> min, std::optional<std::int64_t> max);  // {$gte, $lte}
bj::object Contains(std::string_view needle);  // case-insensitive substring of a lower-cased field: {$regex}
// Adds the list search `q` (API.md §1.6): a substring of `searchText`, or also of `emailText` for administrators.
void AddSearch(bj::object& filter, std::string_view q, bool with_email);
// {_id: <uuid>} or {<number_field>: <NUMBER>} (human numbers such as ORD-… are matched upper-cased).
bj::object IdOrNumber(const std::string& id_or_number, const char* number_field);

// Moves the entries documents keep in `array` until they are relayed elsewhere (an outbox's messages, Auth's
// revocations): for each of up to 200 documents of `collection` matching `filter` (which names the marker, e.g.
// {pendingSince: {$gt: 0}}), `copy` gets every entry and must be idempotent; then the entries are removed by value
// ($pullAll: FerretDB 1.24's $pull ignores conditions) and `marker` is set to 0 only when nothing is left, so an entry
// pushed meanwhile keeps the document marked. A crash at any point loses nothing; a second relay copies again, which
// `copy` ignores, and removes nothing twice.
void RelayPending(Database& db, const std::string& collection, const bj::object& filter, const char* array,
                  const char* marker, const std::function<void(const bj::object& entry)>& copy);

}  // namespace shop::mongo
