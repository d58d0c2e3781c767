#include "shop/storage/sqlite.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "shop/log.hpp"
#include "shop/time.hpp"

namespace shop::sqlite {
namespace {

[[noreturn]] void Fail(sqlite3* db, const char* what) {
    throw Unavailable(std::string("sqlite ") + what + ": " + (db ? sqlite3_errmsg(db) : "no connection"));
}

void Check(sqlite3* db, int rc, const char* what) {
    if (rc != SQLITE_OK) Fail(db, what);
}

}  // namespace

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::Bind(int i, std::string_view text) {
    Check(sqlite3_db_handle(stmt_), sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT), "bind");
    return *this;
}
Statement& Statement::Bind(int i, std::int64_t v) {
    Check(sqlite3_db_handle(stmt_), sqlite3_bind_int64(stmt_, i, v), "bind");
    return *this;
}
Statement& Statement::Bind(int i, std::nullptr_t) {
    Check(sqlite3_db_handle(stmt_), sqlite3_bind_null(stmt_, i), "bind");
    return *this;
}
Statement& Statement::Bind(int i, const std::optional<std::string>& t) { return t ? Bind(i, *t) : Bind(i, nullptr); }
Statement& Statement::Bind(int i, const std::optional<std::int64_t>& v) { return v ? Bind(i, *v) : Bind(i, nullptr); }

bool Statement::Step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Fail(sqlite3_db_handle(stmt_), "step");
}

void Statement::Run() {
    while (Step()) {
    }
}

void Statement::Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::Int(int col) const { return sqlite3_column_int64(stmt_, col); }
std::string Statement::Text(int col) const { return std::string(TextView(col)); }
std::string_view Statement::TextView(int col) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string_view();
}
std::optional<std::string> Statement::OptText(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Text(col);
}
std::optional<std::int64_t> Statement::OptInt(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Int(col);
}
bool Statement::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

Connection::Connection(const std::string& path, bool writer) {
    int flags = writer ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) : SQLITE_OPEN_READONLY;
    flags |= SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
        std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw Unavailable("cannot open database " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 5000);
    if (writer) ExecScript("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
    ExecScript("PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-8000;");
}

Connection::~Connection() {
    cache_.clear();
    sqlite3_close(db_);
}

Statement& Connection::Prepare(const char* sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return *it->second;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) Fail(db_, "prepare");
    return *cache_.emplace(sql, std::make_unique<Statement>(stmt)).first->second;
}

std::unique_ptr<Statement> Connection::PrepareDynamic(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) Fail(db_, "prepare");
    return std::make_unique<Statement>(stmt);
}

void Connection::ExecScript(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        throw Unavailable("sqlite exec: " + msg);
    }
}

std::int64_t Connection::Changes() const { return sqlite3_changes64(db_); }

Database::Database(std::string path, int readers) : path_(std::move(path)) {
    writer_ = std::make_unique<Connection>(path_, true);
    for (int i = 0; i < readers; ++i) {
        all_readers_.push_back(std::make_unique<Connection>(path_, false));
        free_readers_.push_back(all_readers_.back().get());
    }
    writer_thread_ = std::thread([this] { WriterLoop(); });
}

Database::~Database() {
    {
        std::lock_guard lock(queue_mutex_);
        stopping_ = true;
    }
    queue_cv_.notify_all();
    writer_thread_.join();
}

Database::ReaderLease::~ReaderLease() {
    {
        std::lock_guard lock(db->readers_mutex_);
        db->free_readers_.push_back(conn);
    }
    db->readers_cv_.notify_one();
}

Database::ReaderLease Database::AcquireReader() {
    std::unique_lock lock(readers_mutex_);
    if (free_readers_.empty() && all_readers_.size() < 64) {
        // More concurrent readers than connections: open one more rather than wait.
        lock.unlock();
        auto conn = std::make_unique<Connection>(path_, false);
        lock.lock();
        all_readers_.push_back(std::move(conn));
        return ReaderLease{this, all_readers_.back().get()};
    }
    readers_cv_.wait(lock, [&] { return !free_readers_.empty(); });
    Connection* c = free_readers_.back();
    free_readers_.pop_back();
    return ReaderLease{this, c};
}

void Database::RunWrite(std::function<bool(Connection&)> fn) {
    Job job{std::move(fn)};
    {
        std::lock_guard lock(queue_mutex_);
        queue_.push_back(&job);
    }
    queue_cv_.notify_one();
    std::unique_lock lock(queue_mutex_);
    done_cv_.wait(lock, [&] { return job.done; });
    if (job.error) std::rethrow_exception(job.error);
}

void Database::WriterLoop() {
    while (true) {
        std::vector<Job*> batch;
        {
            std::unique_lock lock(queue_mutex_);
            queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;
            while (!queue_.empty() && batch.size() < 512) {
                batch.push_back(queue_.front());
                queue_.pop_front();
            }
        }
        Connection& c = *writer_;
        try {
            c.ExecScript("BEGIN IMMEDIATE");
            for (Job* job : batch) {
                c.ExecScript("SAVEPOINT job");
                bool keep = false;
                try {
                    keep = job->fn(c);
                } catch (...) {
                    job->error = std::current_exception();
                }
                if (!keep) c.ExecScript("ROLLBACK TO job");
                c.ExecScript("RELEASE job");
            }
            c.ExecScript("COMMIT");
        } catch (...) {
            // The batch's transaction failed as a whole: every caller learns that nothing was stored.
            try {
                c.ExecScript("ROLLBACK");
            } catch (...) {
            }
            auto error = std::current_exception();
            for (Job* job : batch)
                if (!job->error) job->error = error;
        }
        {
            std::lock_guard lock(queue_mutex_);
            for (Job* job : batch) job->done = true;
        }
        done_cv_.notify_all();
    }
}

void Database::Migrate(std::span<const embedded::File> files, std::string_view scope) {
    writer_->ExecScript(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)");
    std::vector<const embedded::File*> pending;
    for (const auto& f : files)
        if (f.name.rfind("migrations/", 0) == 0 && f.name.ends_with(".sql")) pending.push_back(&f);
    std::sort(pending.begin(), pending.end(), [](auto* a, auto* b) { return a->name < b->name; });
    for (const auto* f : pending) {
        std::string name = std::string(scope) + "/" + std::string(f->name);
        auto status = Write<bool>([&](Connection& c) -> Result<bool> {
            static constexpr const char* kApplied = "SELECT 1 FROM schema_migrations WHERE name = ?";
            if (c.Bound(kApplied, name)->Step()) return false;
            c.ExecScript(std::string(f->content));
            static constexpr const char* kRecord = "INSERT INTO schema_migrations(name, applied_at) VALUES (?, ?)";
            c.Exec(kRecord, name, NowMs());
            return true;
        });
        if (status.value()) log::Info("migration applied", {{"name", name}});
    }
}

std::int64_t Database::PingMs() {
    auto start = std::chrono::steady_clock::now();
    Read([](Connection& c) {
        static constexpr const char* kPing = "SELECT count(*) FROM schema_migrations";
        c.Bound(kPing)->Step();
        return 0;
    });
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}

std::string ContainsPattern(std::string_view needle) {
    std::string pattern = "%";
    for (char ch : needle) {
        if (ch == '%' || ch == '_' || ch == '\\') pattern.push_back('\\');
        pattern.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
    }
    return pattern + "%";
}

std::unique_ptr<Database> Open(const std::string& url) {
    std::string path = url.rfind("sqlite://", 0) == 0 ? url.substr(9) : url;
    std::filesystem::path p(path);
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
    return std::make_unique<Database>(path);
}

}  // namespace shop::sqlite
