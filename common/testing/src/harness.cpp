#include "shop/testing/harness.hpp"

#include <algorithm>
#include <atomic>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace shop::testing {
namespace bj = boost::json;

std::string SourceDir() { return SHOP_SOURCE_DIR; }

int FreePort() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    int port = ntohs(addr.sin_port);
    close(fd);
    return port;
}

std::string TempDir(const std::string& prefix) {
    std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    return tmpl;
}

std::string HttpResponse::Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
}

std::string HttpResponse::Code() const {
    if (!json.is_object()) return "";
    const auto* errors = json.get_object().if_contains("errors");
    if (!errors || !errors->is_array() || errors->get_array().empty()) return "";
    return std::string(errors->get_array()[0].at("code").as_string());
}

std::string HttpResponse::Field() const {
    if (!json.is_object()) return "";
    const auto* errors = json.get_object().if_contains("errors");
    if (!errors || !errors->is_array() || errors->get_array().empty()) return "";
    const auto& f = errors->get_array()[0].at("field");
    return f.is_string() ? std::string(f.get_string()) : "";
}

const bj::value& HttpResponse::Data() const {
    static const bj::value kNull;
    if (!json.is_object()) return kNull;
    const auto* d = json.get_object().if_contains("data");
    return d ? *d : kNull;
}

std::string HttpResponse::Str(const std::string& path) const {
    const bj::value* v = &json;
    std::stringstream ss(path);
    std::string part;
    while (std::getline(ss, part, '.')) {
        if (v->is_array() && !part.empty() && std::all_of(part.begin(), part.end(), ::isdigit)) {
            auto index = std::stoul(part);
            if (index >= v->get_array().size()) return "";
            v = &v->get_array()[index];
            continue;
        }
        if (!v->is_object()) return "";
        v = v->get_object().if_contains(part);
        if (!v) return "";
    }
    if (v->is_string()) return std::string(v->get_string());
    return bj::serialize(*v);
}

namespace {

std::size_t OnBody(char* data, std::size_t size, std::size_t n, void* userp) {
    static_cast<std::string*>(userp)->append(data, size * n);
    return size * n;
}

std::size_t OnHeader(char* data, std::size_t size, std::size_t n, void* userp) {
    std::string line(data, size * n);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value = line.substr(colon + 1);
        auto b = value.find_first_not_of(" \t");
        auto e = value.find_last_not_of(" \t\r\n");
        value = b == std::string::npos ? "" : value.substr(b, e - b + 1);
        static_cast<std::multimap<std::string, std::string>*>(userp)->emplace(name, value);
    }
    return size * n;
}

}  // namespace

HttpResponse Http(const std::string& method, const std::string& url, const std::string& body, const Headers& headers,
                  bool json_content_type) {
    HttpResponse r;
    CURL* curl = curl_easy_init();
    curl_slist* list = nullptr;
    bool has_ct = false;
    for (const auto& [k, v] : headers) {
        list = curl_slist_append(list, (k + ": " + v).c_str());
        if (strcasecmp(k.c_str(), "content-type") == 0) has_ct = true;
    }
    if (!body.empty() && json_content_type && !has_ct) list = curl_slist_append(list, "Content-Type: application/json");
    list = curl_slist_append(list, "Expect:");
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 20000L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r.headers);
    if (!body.empty()) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    }
    if (curl_easy_perform(curl) == CURLE_OK) {
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        r.status = static_cast<int>(status);
    }
    curl_slist_free_all(list);
    curl_easy_cleanup(curl);
    boost::system::error_code ec;
    r.json = bj::parse(r.body, ec);
    if (ec) r.json = nullptr;
    return r;
}

std::string RawHttp(int port, const std::string& bytes, int timeout_ms) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(fd);
        return {};
    }
    timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    (void)send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<std::size_t>(n));
    close(fd);
    return out;
}

Process::Process(const std::string& binary, const std::vector<std::string>& args,
                 const std::map<std::string, std::string>& env, const std::string& log_file) {
    pid_t parent = getpid();
    pid_ = fork();
    if (pid_ == 0) {
        setpgid(0, 0);
        // A test process that crashes or aborts takes its servers with it (no stray server keeps a CPU busy).
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);
        int fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        dup2(fd, 1);
        dup2(fd, 2);
        for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(binary.c_str()));
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
}

Process::~Process() {
    if (Running()) {
        Signal(SIGTERM);
        for (int i = 0; i < 50 && Running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (Running()) Signal(SIGKILL);
        Wait();
    }
}

void Process::Signal(int sig) {
    if (pid_ > 0 && !reaped_) kill(-pid_, sig);
}

int Process::Wait() {
    if (reaped_ || pid_ <= 0) return 0;
    int status = 0;
    waitpid(pid_, &status, 0);
    reaped_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool Process::Running() {
    if (reaped_ || pid_ <= 0) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
        reaped_ = true;
        return false;
    }
    return true;
}

bool Eventually(const std::function<bool()>& check, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (check()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return check();
}

MailCatcher::MailCatcher() : smtp_port_(FreePort()), web_port_(FreePort()) {
    std::string bin = SourceDir() + "/node_modules/.bin/maildev";
    process_ = std::make_unique<Process>(
        bin,
        std::vector<std::string>{"--smtp", std::to_string(smtp_port_), "--web", std::to_string(web_port_), "--ip",
                                 "127.0.0.1", "--silent"},
        std::map<std::string, std::string>{}, TempDir("maildev") + ".log");
    std::string url = "http://127.0.0.1:" + std::to_string(web_port_) + "/email";
    if (!Eventually([&] { return Http("GET", url).status == 200; }, std::chrono::seconds(20)))
        throw std::runtime_error("maildev did not start (run make setup)");
}

MailCatcher::~MailCatcher() = default;

FerretDb& FerretDb::Shared() {
    static FerretDb instance;
    return instance;
}

FerretDb::FerretDb() : port_(FreePort()) {
    std::string script = SourceDir() + "/scripts/ferretdb.sh";
    FILE* p = popen(script.c_str(), "r");
    char path[4096] = {};
    bool got = p && fgets(path, sizeof path, p);
    if (p && pclose(p) != 0) got = false;
    if (!got) throw std::runtime_error("scripts/ferretdb.sh failed (needs Go and the module proxy on first use)");
    std::string bin(path);
    while (!bin.empty() && (bin.back() == '\n' || bin.back() == '\r')) bin.pop_back();
    std::string dir = TempDir("ferretdb");
    process_ = std::make_unique<Process>(
        bin,
        std::vector<std::string>{"--handler=sqlite", "--sqlite-url=file:" + dir + "/", "--state-dir=" + dir,
                                 "--listen-addr=127.0.0.1:" + std::to_string(port_), "--telemetry=disable",
                                 "--debug-addr=-", "--log-level=warn"},
        std::map<std::string, std::string>{}, dir + ".log");
    auto listening = [&] {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(static_cast<uint16_t>(port_));
        bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
        close(fd);
        return ok;
    };
    if (!Eventually(listening, std::chrono::seconds(20)))
        throw std::runtime_error("FerretDB did not start; see " + dir + ".log");
}

std::string FerretDb::Url(const std::string& database_prefix) {
    static std::atomic<int> counter{0};
    return "mongodb://127.0.0.1:" + std::to_string(port_) + "/" + database_prefix + "_" + std::to_string(getpid()) + "_" +
           std::to_string(++counter);
}

std::string TestEngine() {
    const char* e = std::getenv("SHOP_TEST_ENGINE");
    return e && *e ? e : "sqlite";
}

std::vector<bj::object> MailCatcher::All() {
    auto r = Http("GET", "http://127.0.0.1:" + std::to_string(web_port_) + "/email");
    std::vector<bj::object> out;
    if (r.json.is_array())
        for (const auto& m : r.json.get_array()) out.push_back(m.get_object());
    return out;
}

std::vector<bj::object> MailCatcher::To(const std::string& address) {
    std::vector<bj::object> out;
    for (auto& m : All()) {
        for (const auto& to : m.at("to").as_array())
            if (to.at("address").as_string() == address) {
                out.push_back(m);
                break;
            }
    }
    return out;
}

std::vector<bj::object> MailCatcher::WaitFor(const std::string& address, std::size_t count,
                                             std::chrono::milliseconds timeout, const std::string& subject_part) {
    std::vector<bj::object> found;
    Eventually(
        [&] {
            found.clear();
            for (auto& m : To(address))
                if (subject_part.empty() ||
                    std::string(m.at("subject").as_string()).find(subject_part) != std::string::npos)
                    found.push_back(m);
            return found.size() >= count;
        },
        timeout);
    return found;
}

Service::Service(const std::string& binary, std::map<std::string, std::string> env, const std::string& name)
    : binary_(binary), env_(std::move(env)), name_(name), data_dir_(TempDir(name)) {
    // A PORT chosen by the caller (to wire services to each other before they start) is kept.
    port_ = env_.contains("PORT") ? std::stoi(env_["PORT"]) : FreePort();
    env_["PORT"] = std::to_string(port_);
    env_["HOST"] = "127.0.0.1";
    env_["DATA_DIR"] = data_dir_;
    env_.emplace("LOG_FORMAT", "json");
    if (TestEngine() == "mongo" && !env_.contains("DATABASE_URL")) {
        std::string service = std::filesystem::path(binary_).filename().string();
        const char* list = std::getenv("SHOP_TEST_MONGO_SERVICES");
        std::string services = std::string(",") + (list ? list : "") + ",";
        if (services.find("," + service + ",") != std::string::npos) env_["DATABASE_URL"] = FerretDb::Shared().Url(service);
    }
    Start();
}

Service::~Service() {
    Stop(SIGTERM);
    if (!std::getenv("KEEP_TEST_DATA")) {
        std::error_code ec;
        std::filesystem::remove_all(data_dir_, ec);
    }
}

void Service::Start() {
    process_ = std::make_unique<Process>(binary_, std::vector<std::string>{}, env_, data_dir_ + "/service.log");
    bool up = Eventually([&] { return Http("GET", url() + "/health").status == 200 || !process_->Running(); },
                         std::chrono::seconds(20));
    if (!up || !process_->Running()) throw std::runtime_error(name_ + " did not start:\n" + Log());
}

void Service::Stop(int sig) {
    if (!process_) return;
    process_->Signal(sig);
    process_->Wait();
    process_.reset();
}

std::string Service::Log() const {
    std::ifstream in(data_dir_ + "/service.log");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

}  // namespace shop::testing
