// SQLite access for storage/sqlite implementations only (nothing above storage/ includes this).
// One writer thread owns the write connection and group-commits: transactions queued while one fsync
// runs are applied together, each in its own savepoint, and answered after their common COMMIT.
// Readers use a small pool of WAL read connections, so reads never wait for the writer.
//   auto user = db.Read([&](sqlite::Connection& c) { auto& st = c.Prepare(kFindUser); ... });
//   auto r = db.Write<User>([&](sqlite::Connection& c) -> Result<User> { ...; return user; });
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "shop/embedded.hpp"
#include "shop/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace shop::sqlite {

class Statement {
public:
    explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& Bind(int index, std::string_view text);
    Statement& Bind(int index, const std::string& text) { return Bind(index, std::string_view(text)); }
    Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
    Statement& Bind(int index, std::int64_t value);
    Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
    Statement& Bind(int index, bool value) { return Bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
    Statement& Bind(int index, std::nullptr_t);
    Statement& Bind(int index, const std::optional<std::string>& text);
    Statement& Bind(int index, const std::optional<std::int64_t>& value);

    bool Step();  // true while a row is available
    void Run();   // steps to completion
    void Reset();

    std::int64_t Int(int col) const;
    std::string Text(int col) const;
    std::string_view TextView(int col) const;  // valid until the next Step
    std::optional<std::string> OptText(int col) const;
    std::optional<std::int64_t> OptInt(int col) const;
    bool IsNull(int col) const;

private:
    sqlite3_stmt* stmt_;
};

// A statement from the connection's cache, bound with `args...` and reset when the handle goes away.
class Query {
public:
    explicit Query(Statement& st) : st_(&st) {}
    ~Query() { st_->Reset(); }
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;
    Statement* operator->() { return st_; }
    Statement& operator*() { return *st_; }

private:
    Statement* st_;
};

class Connection {
public:
    Connection(const std::string& path, bool writer);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Cached by SQL text address: pass the named constexpr queries of queries.hpp.
    Statement& Prepare(const char* sql);
    template <class... Args>
    Query Bound(const char* sql, const Args&... args) {
        Statement& st = Prepare(sql);
        int i = 0;
        (st.Bind(++i, args), ...);
        return Query(st);
    }
    template <class... Args>
    void Exec(const char* sql, const Args&... args) {
        Bound(sql, args...)->Run();
    }
    // For SQL built at run time (variable filter sets): prepared fresh, never cached.
    std::unique_ptr<Statement> PrepareDynamic(const std::string& sql);
    void ExecScript(const std::string& sql);
    std::int64_t Changes() const;

private:
    sqlite3* db_ = nullptr;
    std::unordered_map<const char*, std::unique_ptr<Statement>> cache_;
};

// Parameters of SQL built at run time (variable filter sets), bound in the order they were added.
class Params {
public:
    void Text(std::string v) {
        text_.push_back(std::move(v));
        order_.push_back('t');
    }
    void Int(std::int64_t v) {
        ints_.push_back(v);
        order_.push_back('i');
    }
    void BindAll(Statement& st) const {
        std::size_t t = 0, i = 0;
        int idx = 0;
        for (char c : order_) {
            if (c == 't') st.Bind(++idx, text_[t++]);
            else st.Bind(++idx, ints_[i++]);
        }
    }

private:
    std::vector<std::string> text_;
    std::vector<std::int64_t> ints_;
    std::vector<char> order_;
};

// One page of a list query built at run time and the total its WHERE clause matches, both with `params`;
// `read` turns a row of `list_sql` into an item.
template <class Item, class Read>
std::pair<std::vector<Item>, std::int64_t> Page(Connection& c, const std::string& list_sql, const std::string& count_sql,
                                                const Params& params, Read&& read) {
    std::vector<Item> items;
    auto st = c.PrepareDynamic(list_sql);
    params.BindAll(*st);
    while (st->Step()) items.push_back(read(*st));
    auto ct = c.PrepareDynamic(count_sql);
    params.BindAll(*ct);
    ct->Step();
    return {std::move(items), ct->Int(0)};
}

// A LIKE pattern matching `needle` as a case-insensitive substring (use with ESCAPE '\\' on a lower-cased column).
std::string ContainsPattern(std::string_view needle);

class Database {
public:
    explicit Database(std::string path, int readers = 4);
    ~Database();

    // Applies embedded files named migrations/NNN_*.sql not yet applied, in name order.
    void Migrate(std::span<const embedded::File> files, std::string_view scope);

    template <class F>
    auto Read(F&& fn) {
        auto lease = AcquireReader();
        return fn(*lease.conn);
    }

    // Runs `fn` in the writer transaction; an error result rolls back its savepoint. Blocks until durable.
    template <class T>
    Result<T> Write(const std::function<Result<T>(Connection&)>& fn) {
        std::optional<Result<T>> out;
        RunWrite([&](Connection& c) {
            out.emplace(fn(c));
            return out->ok();
        });
        return std::move(*out);
    }

    std::int64_t PingMs();  // a trivial read, for /health/ready
    const std::string& path() const { return path_; }

private:
    struct Job {
        std::function<bool(Connection&)> fn;
        bool done = false;
        std::exception_ptr error;
    };
    struct ReaderLease {
        Database* db;
        Connection* conn;
        ~ReaderLease();
    };
    ReaderLease AcquireReader();
    void RunWrite(std::function<bool(Connection&)> fn);
    void WriterLoop();

    std::string path_;
    std::unique_ptr<Connection> writer_;
    std::mutex readers_mutex_;
    std::condition_variable readers_cv_;
    std::vector<std::unique_ptr<Connection>> all_readers_;
    std::vector<Connection*> free_readers_;

    std::mutex queue_mutex_;
    std::condition_variable queue_cv_;
    std::condition_variable done_cv_;
    std::deque<Job*> queue_;
    bool stopping_ = false;
    std::thread writer_thread_;
};

// Opens the database named by a sqlite:// URL (creating its directory).
std::unique_ptr<Database> Open(const std::string& url);

}  // namespace shop::sqlite
