// Functional-test harness: starts real binaries and real peers (maildev) on free loopback ports,
// talks HTTP to them, and stops them afterwards.
//   MailCatcher mail; Service auth(AUTH_BINARY, {{"SMTP_PORT", mail.smtp_port()}});
//   auto r = auth.Post("/api/v1/auth/login", R"({"email":"a@b.co","password":"x"})");
//   EXPECT_EQ(r.status, 401); EXPECT_EQ(r.Code(), "UNAUTHENTICATED");
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace shop::testing {

int FreePort();
std::string TempDir(const std::string& prefix);

struct HttpResponse {
    int status = 0;
    std::multimap<std::string, std::string> headers;  // names lower-cased
    std::string body;
    boost::json::value json;  // parsed body, or null

    std::string Header(const std::string& lower_name) const;
    std::string Code() const;  // errors[0].code
    std::string Field() const;  // errors[0].field ("" when null)
    const boost::json::value& Data() const;
    std::string Str(const std::string& path) const;  // "data.user.id" or "data.items.0.id"; "" when absent
};

using Headers = std::vector<std::pair<std::string, std::string>>;

HttpResponse Http(const std::string& method, const std::string& url, const std::string& body = "",
                  const Headers& headers = {}, bool json_content_type = true);
// Sends raw bytes on a TCP connection and returns what came back (for malformed HTTP).
std::string RawHttp(int port, const std::string& bytes, int timeout_ms = 3000);

class Process {
public:
    Process(const std::string& binary, const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            const std::string& log_file);
    ~Process();
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;
    void Signal(int sig);
    int Wait();  // exit status
    bool Running();
    int pid() const { return pid_; }

private:
    int pid_ = -1;
    bool reaped_ = false;
};

// maildev (npm, pinned in package.json): SMTP + REST API on free ports.
class MailCatcher {
public:
    MailCatcher();
    ~MailCatcher();
    int smtp_port() const { return smtp_port_; }
    int web_port() const { return web_port_; }
    std::vector<boost::json::object> All();
    std::vector<boost::json::object> To(const std::string& address);
    // Waits until `count` emails to `address` arrived (optionally with a subject containing `subject_part`).
    std::vector<boost::json::object> WaitFor(const std::string& address, std::size_t count,
                                             std::chrono::milliseconds timeout = std::chrono::seconds(10),
                                             const std::string& subject_part = "");

private:
    int smtp_port_, web_port_;
    std::unique_ptr<Process> process_;
};

// FerretDB 1.24 (scripts/ferretdb.sh builds it once) with its SQLite handler in a temporary directory, on a free
// port: the MongoDB server of the tests. One per test process, started on first use; Url() names a fresh database.
class FerretDb {
public:
    static FerretDb& Shared();
    std::string Url(const std::string& database_prefix);  // mongodb://127.0.0.1:<port>/<prefix>_<n>
    int port() const { return port_; }

private:
    FerretDb();
    int port_;
    std::unique_ptr<Process> process_;
};

// The engine functional tests run against: "sqlite" (default) or "mongo" (SHOP_TEST_ENGINE). For mongo, services
// named in SHOP_TEST_MONGO_SERVICES (comma-separated binary names) get DATABASE_URL on the shared FerretDB.
std::string TestEngine();

// A service binary started with a fresh DATA_DIR on a free port; stopped (SIGTERM) on destruction.
class Service {
public:
    Service(const std::string& binary, std::map<std::string, std::string> env, const std::string& name = "service");
    ~Service();
    void Stop(int sig = 15);
    void Start();  // (re)starts with the same environment and data
    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    const std::string& data_dir() const { return data_dir_; }
    std::map<std::string, std::string>& env() { return env_; }
    std::string Log() const;

    HttpResponse Get(const std::string& path, const Headers& h = {}) { return Http("GET", url() + path, "", h); }
    HttpResponse Post(const std::string& path, const std::string& body, const Headers& h = {}) {
        return Http("POST", url() + path, body, h);
    }
    HttpResponse Put(const std::string& path, const std::string& body, const Headers& h = {}) {
        return Http("PUT", url() + path, body, h);
    }
    HttpResponse Patch(const std::string& path, const std::string& body, const Headers& h = {}) {
        return Http("PATCH", url() + path, body, h);
    }
    HttpResponse Delete(const std::string& path, const Headers& h = {}) { return Http("DELETE", url() + path, "", h); }

private:
    std::string binary_;
    std::map<std::string, std::string> env_;
    std::string name_;
    int port_;
    std::string data_dir_;
    std::unique_ptr<Process> process_;
};

Headers Bearer(const std::string& token);
bool Eventually(const std::function<bool()>& check, std::chrono::milliseconds timeout = std::chrono::seconds(10));
std::string SourceDir();

}  // namespace shop::testing
