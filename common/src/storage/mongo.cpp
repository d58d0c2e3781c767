#include "shop/storage/mongo.hpp"

#include <mongoc/mongoc.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <stdexcept>

#include "shop/crypto.hpp"
#include "shop/log.hpp"
#include "shop/result.hpp"

namespace shop::mongo {
namespace {

// ---- boost::json <-> BSON -------------------------------------------------------------------------------------

void Append(bson_t* b, std::string_view key, const bj::value& v);

void AppendObject(bson_t* b, const bj::object& o) {
    for (const auto& kv : o) Append(b, kv.key(), kv.value());
}

void Append(bson_t* b, std::string_view key, const bj::value& v) {
    const char* k = key.data();
    int klen = static_cast<int>(key.size());
    switch (v.kind()) {
        case bj::kind::null: bson_append_null(b, k, klen); break;
        case bj::kind::bool_: bson_append_bool(b, k, klen, v.get_bool()); break;
        case bj::kind::int64: bson_append_int64(b, k, klen, v.get_int64()); break;
        case bj::kind::uint64: bson_append_int64(b, k, klen, static_cast<std::int64_t>(v.get_uint64())); break;
        case bj::kind::double_: bson_append_double(b, k, klen, v.get_double()); break;
        case bj::kind::string: {
            const auto& s = v.get_string();
            bson_append_utf8(b, k, klen, s.data(), static_cast<int>(s.size()));
            break;
        }
        case bj::kind::array: {
            bson_t child;
            bson_append_array_begin(b, k, klen, &child);
            std::size_t i = 0;
            for (const auto& e : v.get_array()) {
                char buf[16];
                const char* index;
                std::size_t len = bson_uint32_to_string(static_cast<std::uint32_t>(i++), &index, buf, sizeof buf);
                Append(&child, std::string_view(index, len), e);
            }
            bson_append_array_end(b, &child);
            break;
        }
        case bj::kind::object: {
            bson_t child;
            bson_append_document_begin(b, k, klen, &child);
            AppendObject(&child, v.get_object());
            bson_append_document_end(b, &child);
            break;
        }
    }
}

// Owns a bson_t built from a JSON object.
struct Bson {
    bson_t doc;
    explicit Bson(const bj::object& o) {
        bson_init(&doc);
        AppendObject(&doc, o);
    }
    Bson() { bson_init(&doc); }
    ~Bson() { bson_destroy(&doc); }
    Bson(const Bson&) = delete;
    Bson& operator=(const Bson&) = delete;
    bson_t* get() { return &doc; }
};

bj::value Value(const bson_iter_t* it);

bj::object ObjectOf(bson_iter_t* it) {
    bj::object out;
    while (bson_iter_next(it)) out.emplace(bson_iter_key(it), Value(it));
    return out;
}

bj::value Value(const bson_iter_t* it) {
    switch (bson_iter_type(it)) {
        case BSON_TYPE_UTF8: {
            std::uint32_t len = 0;
            const char* s = bson_iter_utf8(it, &len);
            return bj::string(s, len);
        }
        case BSON_TYPE_INT32: return static_cast<std::int64_t>(bson_iter_int32(it));
        case BSON_TYPE_INT64: return bson_iter_int64(it);
        case BSON_TYPE_DOUBLE: return bson_iter_double(it);
        case BSON_TYPE_BOOL: return bson_iter_bool(it);
        case BSON_TYPE_DATE_TIME: return bson_iter_date_time(it);
        case BSON_TYPE_OID: {
            char hex[25];
            bson_oid_to_string(bson_iter_oid(it), hex);
            return bj::string(hex);
        }
        case BSON_TYPE_DOCUMENT: {
            bson_iter_t child;
            bson_iter_recurse(it, &child);
            return ObjectOf(&child);
        }
        case BSON_TYPE_ARRAY: {
            bson_iter_t child;
            bson_iter_recurse(it, &child);
            bj::array out;
            while (bson_iter_next(&child)) out.push_back(Value(&child));
            return out;
        }
        default: return nullptr;
    }
}

bj::object ToObject(const bson_t* doc) {
    bson_iter_t it;
    if (!bson_iter_init(&it, doc)) return {};
    return ObjectOf(&it);
}

std::int64_t IntField(const bson_t* doc, const char* key) {
    bson_iter_t it;
    if (!bson_iter_init_find(&it, doc, key)) return 0;
    return bson_iter_as_int64(&it);
}

// Server selection, socket and connection failures mean the database is unreachable (503); anything else is a bug.
[[noreturn]] void Throw(const bson_error_t& e, const char* what) {
    std::string msg = std::string("mongodb ") + what + ": " + e.message;
    if (e.domain == MONGOC_ERROR_SERVER_SELECTION || e.domain == MONGOC_ERROR_STREAM ||
        e.domain == MONGOC_ERROR_CLIENT || e.code == MONGOC_ERROR_STREAM_SOCKET)
        throw Unavailable(msg);
    throw std::runtime_error(msg);
}

bool IsDuplicateKey(const bson_error_t& e) { return e.code == 11000; }

std::once_flag g_init;

// libmongoc's warnings and errors go to the service log; its monitoring chatter does not. FerretDB 1.x has no
// `endSessions`, which the driver sends when a client is released: expected there, not worth a line.
void LogHandler(mongoc_log_level_t level, const char* domain, const char* message, void*) {
    if (level > MONGOC_LOG_LEVEL_WARNING || std::string_view(message).find("endSessions") != std::string_view::npos) return;
    (level <= MONGOC_LOG_LEVEL_CRITICAL ? log::Error : log::Warn)("mongodb driver", {{"domain", domain}, {"message", message}});
}

}  // namespace

struct Database::Pool {
    mongoc_uri_t* uri = nullptr;
    mongoc_client_pool_t* pool = nullptr;
    ~Pool() {
        if (pool) mongoc_client_pool_destroy(pool);
        if (uri) mongoc_uri_destroy(uri);
    }
};

namespace {
// A client popped from the pool for one operation, and the collection it names.
class Lease {
public:
    Lease(Database::Pool& pool, const std::string& db, const std::string& collection)
        : pool_(pool), client_(mongoc_client_pool_pop(pool.pool)),
          collection_(mongoc_client_get_collection(client_, db.c_str(), collection.c_str())) {}
    ~Lease() {
        mongoc_collection_destroy(collection_);
        mongoc_client_pool_push(pool_.pool, client_);
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    mongoc_client_t* client() { return client_; }
    mongoc_collection_t* operator*() { return collection_; }

private:
    Database::Pool& pool_;
    mongoc_client_t* client_;
    mongoc_collection_t* collection_;
};

std::vector<bj::object> Drain(mongoc_cursor_t* cursor, const char* what) {
    std::vector<bj::object> out;
    const bson_t* doc = nullptr;
    while (mongoc_cursor_next(cursor, &doc)) out.push_back(ToObject(doc));
    bson_error_t error;
    bool failed = mongoc_cursor_error(cursor, &error);
    mongoc_cursor_destroy(cursor);
    if (failed) Throw(error, what);
    return out;
}
}  // namespace

bool IsMongoUrl(const std::string& url) { return url.rfind("mongodb://", 0) == 0 || url.rfind("mongodb+srv://", 0) == 0; }

std::unique_ptr<Database> Database::Connect(const std::string& uri_text, const std::string& app_name) {
    std::call_once(g_init, [] {
        mongoc_init();
        mongoc_log_set_handler(LogHandler, nullptr);
    });
    auto pool = std::make_unique<Pool>();
    bson_error_t error;
    pool->uri = mongoc_uri_new_with_error(uri_text.c_str(), &error);
    if (!pool->uri) throw std::invalid_argument(std::string("DATABASE_URL: ") + error.message);
    const char* db = mongoc_uri_get_database(pool->uri);
    if (!db || !*db) throw std::invalid_argument("DATABASE_URL: name the database (mongodb://host:port/<database>)");
    // Fail fast when the server is down (a 503 in about 2 s, not libmongoc's 30 s), unless the URL says otherwise.
    if (!mongoc_uri_has_option(pool->uri, MONGOC_URI_SERVERSELECTIONTIMEOUTMS))
        mongoc_uri_set_option_as_int32(pool->uri, MONGOC_URI_SERVERSELECTIONTIMEOUTMS, 2000);
    if (!mongoc_uri_has_option(pool->uri, MONGOC_URI_CONNECTTIMEOUTMS))
        mongoc_uri_set_option_as_int32(pool->uri, MONGOC_URI_CONNECTTIMEOUTMS, 2000);
    if (!mongoc_uri_has_option(pool->uri, MONGOC_URI_APPNAME))
        mongoc_uri_set_option_as_utf8(pool->uri, MONGOC_URI_APPNAME, app_name.c_str());
    pool->pool = mongoc_client_pool_new(pool->uri);
    if (!pool->pool) throw std::invalid_argument("DATABASE_URL: cannot create a client pool");
    mongoc_client_pool_set_error_api(pool->pool, MONGOC_ERROR_API_VERSION_2);
    return std::unique_ptr<Database>(new Database(std::move(pool), db));
}

Database::Database(std::unique_ptr<Pool> pool, std::string name) : pool_(std::move(pool)), name_(std::move(name)) {}
Database::~Database() = default;

std::optional<bj::object> Database::FindOne(const std::string& collection, const bj::object& filter, const FindOptions& opts) {
    FindOptions one = opts;
    one.limit = 1;
    auto docs = Find(collection, filter, one);
    if (docs.empty()) return std::nullopt;
    return std::move(docs[0]);
}

std::vector<bj::object> Database::Find(const std::string& collection, const bj::object& filter, const FindOptions& opts) {
    bj::object o;
    if (!opts.sort.empty()) o["sort"] = opts.sort;
    if (!opts.projection.empty()) o["projection"] = opts.projection;
    if (opts.skip > 0) o["skip"] = opts.skip;
    if (opts.limit > 0) o["limit"] = opts.limit;
    Lease lease(*pool_, name_, collection);
    Bson f(filter), options(o);
    return Drain(mongoc_collection_find_with_opts(*lease, f.get(), options.get(), nullptr), "find");
}

std::int64_t Database::Count(const std::string& collection, const bj::object& filter) {
    Lease lease(*pool_, name_, collection);
    Bson f(filter);
    bson_error_t error;
    std::int64_t n = mongoc_collection_count_documents(*lease, f.get(), nullptr, nullptr, nullptr, &error);
    if (n < 0) Throw(error, "count");
    return n;
}

std::vector<bj::object> Database::Aggregate(const std::string& collection, const bj::array& pipeline) {
    Lease lease(*pool_, name_, collection);
    Bson p(bj::object{{"pipeline", pipeline}});
    return Drain(mongoc_collection_aggregate(*lease, MONGOC_QUERY_NONE, p.get(), nullptr, nullptr), "aggregate");
}

InsertOutcome Database::InsertOne(const std::string& collection, const bj::object& doc) {
    Lease lease(*pool_, name_, collection);
    Bson d(doc);
    bson_error_t error;
    if (mongoc_collection_insert_one(*lease, d.get(), nullptr, nullptr, &error)) return InsertOutcome::kInserted;
    if (IsDuplicateKey(error)) return InsertOutcome::kDuplicateKey;
    Throw(error, "insert");
}

std::int64_t Database::UpdateOne(const std::string& collection, const bj::object& filter, const bj::object& update, bool upsert) {
    Lease lease(*pool_, name_, collection);
    Bson f(filter), u(update), opts(bj::object{{"upsert", upsert}});
    Bson reply;
    bson_error_t error;
    if (!mongoc_collection_update_one(*lease, f.get(), u.get(), opts.get(), reply.get(), &error)) Throw(error, "update");
    return IntField(reply.get(), "matchedCount") + IntField(reply.get(), "upsertedCount");
}

std::int64_t Database::UpdateMany(const std::string& collection, const bj::object& filter, const bj::object& update) {
    Lease lease(*pool_, name_, collection);
    Bson f(filter), u(update), reply;
    bson_error_t error;
    if (!mongoc_collection_update_many(*lease, f.get(), u.get(), nullptr, reply.get(), &error)) Throw(error, "update");
    return IntField(reply.get(), "modifiedCount");
}

std::int64_t Database::DeleteMany(const std::string& collection, const bj::object& filter) {
    Lease lease(*pool_, name_, collection);
    Bson f(filter), reply;
    bson_error_t error;
    if (!mongoc_collection_delete_many(*lease, f.get(), nullptr, reply.get(), &error)) Throw(error, "delete");
    return IntField(reply.get(), "deletedCount");
}

std::optional<bj::object> Database::FindOneAndUpdate(const std::string& collection, const bj::object& filter,
                                                     const bj::object& update, const bj::object& sort) {
    Lease lease(*pool_, name_, collection);
    Bson f(filter), u(update), s(sort), reply;
    mongoc_find_and_modify_opts_t* opts = mongoc_find_and_modify_opts_new();
    mongoc_find_and_modify_opts_set_update(opts, u.get());
    if (!sort.empty()) mongoc_find_and_modify_opts_set_sort(opts, s.get());
    mongoc_find_and_modify_opts_set_flags(opts, MONGOC_FIND_AND_MODIFY_RETURN_NEW);
    bson_error_t error;
    bool ok = mongoc_collection_find_and_modify_with_opts(*lease, f.get(), opts, reply.get(), &error);
    mongoc_find_and_modify_opts_destroy(opts);
    if (!ok) Throw(error, "findAndModify");
    bson_iter_t it;
    if (!bson_iter_init_find(&it, reply.get(), "value") || bson_iter_type(&it) != BSON_TYPE_DOCUMENT) return std::nullopt;
    return Value(&it).as_object();
}

void Database::CreateIndexes(const std::string& collection, const std::vector<Index>& indexes) {
    // Only the missing ones: FerretDB 1.24 panics on a createIndexes that repeats several existing indexes.
    std::vector<std::string> existing;
    {
        Lease lease(*pool_, name_, collection);
        for (const auto& i : Drain(mongoc_collection_find_indexes_with_opts(*lease, nullptr), "listIndexes"))
            existing.push_back(std::string(i.at("name").as_string()));
    }
    bj::array specs;
    for (const auto& i : indexes) {
        if (std::find(existing.begin(), existing.end(), i.name) != existing.end()) continue;
        bj::object spec{{"key", i.keys}, {"name", i.name}};
        if (i.unique) spec["unique"] = true;
        if (i.partial_filter) spec["partialFilterExpression"] = *i.partial_filter;
        specs.push_back(std::move(spec));
    }
    if (specs.empty()) return;
    Lease lease(*pool_, name_, collection);
    mongoc_database_t* db = mongoc_client_get_database(lease.client(), name_.c_str());
    Bson cmd(bj::object{{"createIndexes", collection}, {"indexes", std::move(specs)}}), reply;
    bson_error_t error;
    bool ok = mongoc_database_write_command_with_opts(db, cmd.get(), nullptr, reply.get(), &error);
    mongoc_database_destroy(db);
    if (!ok) Throw(error, "createIndexes");
}

std::int64_t Database::PingMs() {
    auto start = std::chrono::steady_clock::now();
    Lease lease(*pool_, name_, "ping");
    Bson cmd(bj::object{{"ping", 1}});
    bson_error_t error;
    if (!mongoc_client_command_simple(lease.client(), name_.c_str(), cmd.get(), nullptr, nullptr, &error)) Throw(error, "ping");
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}

bj::object In(const std::vector<std::string>& values) {
    bj::array list;
    for (const auto& v : values) list.push_back(bj::string(v));
    return {{"$in", std::move(list)}};
}

std::optional<bj::object> Range(std::optional<std::int64_t> min, std::optional<std::int64_t> max) {
    if (!min && !max) return std::nullopt;
    bj::object r;
    if (min) r["$gte"] = *min;
    if (max) r["$lte"] = *max;
    return r;
}

bj::object Contains(std::string_view needle) {
    std::string pattern;
    for (char ch : needle) {
        if (std::string_view(R"(\^$.|?*+()[]{}/)").find(ch) != std::string_view::npos) pattern.push_back('\\');
        pattern.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
    }
    return {{"$regex", pattern}};
}

void AddSearch(bj::object& filter, std::string_view q, bool with_email) {
    auto contains = Contains(q);
    if (with_email) filter["$or"] = bj::array{bj::object{{"searchText", contains}}, bj::object{{"emailText", contains}}};
    else filter["searchText"] = std::move(contains);
}

bj::object IdOrNumber(const std::string& id_or_number, const char* number_field) {
    if (crypto::IsUuid(id_or_number)) return {{"_id", id_or_number}};
    std::string number = id_or_number;
    for (char& ch : number) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return {{number_field, number}};
}

void RelayPending(Database& db, const std::string& collection, const bj::object& filter, const char* array,
                  const char* marker, const std::function<void(const bj::object& entry)>& copy) {
    for (const auto& doc : db.Find(collection, filter, {.projection = {{array, 1}}, .limit = 200})) {
        const auto* entries = doc.if_contains(array);
        if (!entries || !entries->is_array()) continue;
        for (const auto& entry : entries->get_array()) copy(entry.as_object());
        db.UpdateOne(collection, {{"_id", doc.at("_id")}}, {{"$pullAll", bj::object{{array, *entries}}}});
        db.UpdateOne(collection, {{"_id", doc.at("_id")}, {array, bj::object{{"$size", 0}}}},
                     {{"$set", bj::object{{marker, 0}}}});
    }
}

}  // namespace shop::mongo
