// Two instances of every service behind nginx on one MongoDB store (FerretDB), as production runs them
// (docs/mongodb.md §6). Customers place orders and an administrator moves each to Delivered, nginx alternating the
// instances, while one Order and one Customer instance are killed (SIGKILL) mid-load. Afterwards:
//   - nothing a client was told is lost or doubled: a request that failed is retried (the same Idempotency-Key for a
//     placement; a status change re-read first), and each customer has exactly the orders it placed, each Delivered
//     with one history entry per transition;
//   - every event reached its consumer once: each event Order recorded as delivered to Customer is in Customer's
//     processed_events, and each order's timeline has one entry per event;
//   - every email was sent at least once, and a duplicate only where the kill fell between the SMTP server's
//     acceptance and the delivery record (at most one per killed dispatcher; the count is reported).
#include <gtest/gtest.h>

#include <signal.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <fstream>
#include <mutex>
#include <thread>

#include "shop/auth/jwt.hpp"
#include "shop/storage/mongo.hpp"
#include "shop/testing/harness.hpp"

using namespace shop::testing;
namespace bj = boost::json;

namespace {

constexpr int kCustomers = 3;
constexpr int kOrdersEach = 8;
const std::string kServiceToken = "instances-test-service-token-0123456789abcdef";
const std::string kAddress =
    R"("deliveryAddress":{"street":"1 Residency Rd","city":"Bengaluru","state":"Karnataka","zipCode":"560025","country":"IN"})";

std::string Url(int port) { return "http://127.0.0.1:" + std::to_string(port); }

// A request outcome the client cannot know: the connection failed, or nginx or the service answered 5xx.
bool Unknown(const HttpResponse& r) { return r.status == 0 || r.status >= 500; }

// nginx with one port per service, balancing its two instances round robin.
class Balancer {
public:
    explicit Balancer(const std::map<std::string, std::pair<int, int>>& instances) : dir_(TempDir("nginx")) {
        std::filesystem::create_directories(dir_ + "/tmp");
        std::string conf = "worker_processes 1;\npid " + dir_ + "/nginx.pid;\nerror_log " + dir_ +
                           "/error.log warn;\nevents { worker_connections 1024; }\nhttp {\n  access_log off;\n";
        for (const char* t : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"})
            conf += "  " + std::string(t) + "_temp_path " + dir_ + "/tmp/" + t + ";\n";
        for (const auto& [name, ports] : instances) {
            ports_[name] = FreePort();
            conf += "  upstream " + name + " { server 127.0.0.1:" + std::to_string(ports.first) + "; server 127.0.0.1:" +
                    std::to_string(ports.second) + "; keepalive 16; }\n  server { listen 127.0.0.1:" +
                    std::to_string(ports_[name]) + "; location / { proxy_pass http://" + name +
                    "; proxy_http_version 1.1; proxy_set_header Connection \"\"; proxy_set_header X-Forwarded-For "
                    "$remote_addr; } }\n";
        }
        std::ofstream(dir_ + "/nginx.conf") << conf << "}\n";
        process_ = std::make_unique<Process>("/usr/sbin/nginx",
                                             std::vector<std::string>{"-p", dir_, "-c", dir_ + "/nginx.conf", "-g", "daemon off;"},
                                             std::map<std::string, std::string>{}, dir_ + "/nginx.log");
    }
    ~Balancer() {
        process_->Signal(SIGTERM);
        process_->Wait();
    }
    std::string url(const std::string& name) const { return Url(ports_.at(name)); }

private:
    std::string dir_;
    std::map<std::string, int> ports_;
    std::unique_ptr<Process> process_;
};

struct Placed {
    std::string customer_email, id, number;
};

}  // namespace

TEST(Instances, TwoOfEachServiceOnOneStoreLoseAndDoubleNothingWhenInstancesAreKilled) {
    MailCatcher mail;
    auto& ferret = FerretDb::Shared();
    std::string key_file = TempDir("jwt") + "/key.pem";
    std::ofstream(key_file) << shop::auth::GenerateRsaPrivateKeyPem();

    const std::vector<std::string> names{"auth", "customer", "order", "complaint"};
    const std::map<std::string, std::string> binaries{
        {"auth", AUTH_BINARY}, {"customer", CUSTOMER_BINARY}, {"order", ORDER_BINARY}, {"complaint", COMPLAINT_BINARY}};
    std::map<std::string, std::pair<int, int>> ports;
    for (const auto& n : names) ports[n] = {FreePort(), FreePort()};
    Balancer nginx(ports);

    std::map<std::string, std::string> database;  // one database per service, shared by its two instances
    for (const auto& n : names) database[n] = ferret.Url(n);
    std::map<std::string, std::string> env{{"SMTP_PORT", std::to_string(mail.smtp_port())},
                                           {"SERVICE_TOKEN", kServiceToken},
                                           {"JWT_PRIVATE_KEY_FILE", key_file},
                                           {"REVOCATION_POLL_INTERVAL_MS", "500"},
                                           {"BCRYPT_COST", "4"},
                                           {"ADMIN_EMAIL", "admin@instances.test"},
                                           {"ADMIN_PASSWORD", "Admin12345"},
                                           {"RATE_LIMIT_USER_PER_MIN", "0"},
                                           {"RATE_LIMIT_IP_PER_MIN", "0"},
                                           {"REGISTER_PER_IP_PER_HOUR", "0"},
                                           {"OUTBOX_CLAIM_LEASE", "10s"},
                                           {"EMAIL_RETRY_SCHEDULE", "1s,2s,5s"},
                                           {"HTTP_THREADS", "4"}};
    for (const auto& n : names) {  // services reach each other through nginx too
        std::string var = n + "_URL";
        for (char& ch : var) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        env[var] = nginx.url(n);
    }
    std::map<std::string, std::vector<std::unique_ptr<Service>>> instances;
    for (const auto& n : names)
        for (int port : {ports[n].first, ports[n].second}) {
            auto e = env;
            e["PORT"] = std::to_string(port);
            e["DATABASE_URL"] = database[n];
            instances[n].push_back(std::make_unique<Service>(binaries.at(n), e, n));
        }
    for (const auto& n : names)
        ASSERT_TRUE(Eventually([&] { return Http("GET", nginx.url(n) + "/health/ready").status == 200; }, std::chrono::seconds(20)))
            << n;

    // Retries a request whose outcome the client could not know, as a client would.
    auto call = [](const std::function<HttpResponse()>& send) {
        HttpResponse r;
        for (int attempt = 0; attempt < 40; ++attempt) {
            r = send();
            if (!Unknown(r)) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
        }
        return r;
    };
    auto admin = call([&] {
        return Http("POST", nginx.url("auth") + "/api/v1/auth/login", R"({"email":"admin@instances.test","password":"Admin12345"})");
    }).Str("data.accessToken");
    ASSERT_FALSE(admin.empty());
    struct Customer {
        std::string email, id, token;
    };
    std::vector<Customer> customers;
    for (int c = 0; c < kCustomers; ++c) {
        std::string email = "buyer" + std::to_string(c) + "-" + std::to_string(getpid()) + "@instances.test";
        auto r = call([&] {
            return Http("POST", nginx.url("auth") + "/api/v1/auth/register",
                        R"({"email":")" + email + R"(","password":"Secret123","fullName":"Buyer Number )" +
                            std::to_string(c) + "\"}");
        });
        ASSERT_EQ(r.status, 201) << r.body;
        customers.push_back({email, r.Str("data.user.id"), r.Str("data.accessToken")});
    }

    // The load: one thread per customer placing orders, one administrator moving them on, the kills in between.
    std::mutex mu;
    std::vector<Placed> placed;
    std::atomic<int> unknown_outcomes{0}, placed_count{0};
    std::atomic<bool> placing_done{false};
    std::vector<std::thread> buyers;
    for (int c = 0; c < kCustomers; ++c)
        buyers.emplace_back([&, c] {
            for (int i = 0; i < kOrdersEach; ++i) {
                std::string key = "place-" + std::to_string(c) + "-" + std::to_string(i) + "-" + std::to_string(getpid());
                HttpResponse r;
                for (int attempt = 0; attempt < 40; ++attempt) {
                    r = Http("POST", nginx.url("order") + "/api/v1/orders",
                             R"({"items":[{"productId":"P-1001","quantity":1}],)" + kAddress + "}",
                             {{"Authorization", "Bearer " + customers[c].token}, {"Idempotency-Key", key}});
                    if (!Unknown(r)) break;
                    ++unknown_outcomes;
                    std::this_thread::sleep_for(std::chrono::milliseconds(250));
                }
                ASSERT_EQ(r.status, 201) << r.body;
                std::lock_guard lock(mu);
                placed.push_back({customers[c].email, r.Str("data.id"), r.Str("data.orderId")});
                ++placed_count;
            }
        });
    std::thread mover([&] {
        for (std::size_t next = 0;;) {
            std::optional<Placed> order;
            {
                std::lock_guard lock(mu);
                if (next < placed.size()) order = placed[next++];
            }
            if (!order) {
                if (placing_done) {
                    std::lock_guard lock(mu);
                    if (next >= placed.size()) return;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                continue;
            }
            for (const std::string status : {"Processing", "Shipped", "Delivered"}) {
                for (int attempt = 0;; ++attempt) {
                    ASSERT_LT(attempt, 40) << order->id;
                    auto r = Http("PATCH", nginx.url("order") + "/api/v1/orders/" + order->id + "/status",
                                  R"({"status":")" + status + "\"}", Bearer(admin));
                    if (r.status == 200) break;
                    if (!Unknown(r) && r.Code() != "INVALID_TRANSITION") FAIL() << r.body;
                    // Unknown, or refused because an earlier attempt the client never heard of applied it.
                    ++unknown_outcomes;
                    auto now = call([&] { return Http("GET", nginx.url("order") + "/api/v1/orders/" + order->id, "", Bearer(admin)); });
                    if (now.Str("data.status") == status) break;
                    std::this_thread::sleep_for(std::chrono::milliseconds(250));
                }
            }
        }
    });
    // (No ASSERT while the load threads run: they are joined below whatever happens.)
    EXPECT_TRUE(Eventually([&] { return placed_count >= kCustomers * kOrdersEach / 3; }, std::chrono::seconds(120)));
    instances["order"][0]->Stop(SIGKILL);
    instances["customer"][0]->Stop(SIGKILL);
    for (auto& t : buyers) t.join();
    placing_done = true;
    mover.join();
    ASSERT_EQ(placed.size(), static_cast<std::size_t>(kCustomers * kOrdersEach));

    // Nothing lost or doubled: each customer has exactly its orders, each Delivered once.
    for (const auto& c : customers) {
        auto list = call([&] { return Http("GET", nginx.url("order") + "/api/v1/orders?limit=100", "", Bearer(c.token)); });
        EXPECT_EQ(list.Str("data.total"), std::to_string(kOrdersEach)) << list.body;
    }
    for (const auto& o : placed) {
        auto r = call([&] { return Http("GET", nginx.url("order") + "/api/v1/orders/" + o.id, "", Bearer(admin)); });
        EXPECT_EQ(r.Str("data.status"), "Delivered") << r.body;
        EXPECT_EQ(r.Data().at("history").as_array().size(), 4u) << r.body;  // Placed, Processing, Shipped, Delivered
    }

    // Every event applied once: Order's outbox drains (its dead dispatcher's claims run out), and each delivered
    // event is once in Customer's processed_events and once in the customer's timeline.
    auto orders_db = shop::mongo::Database::Connect(database["order"], "instances-test");
    auto customers_db = shop::mongo::Database::Connect(database["customer"], "instances-test");
    ASSERT_TRUE(Eventually([&] {
        return orders_db->Count("outbox", {{"status", "queued"}}) == 0 &&
               orders_db->Count("orders", {{"pendingSince", bj::object{{"$gt", 0}}}}) == 0;
    }, std::chrono::seconds(90))) << orders_db->Count("outbox", {{"status", "queued"}}) << " messages still queued";
    auto events = orders_db->Find("outbox", {{"kind", "event"}, {"destination", "customer-service"}});
    EXPECT_EQ(events.size(), placed.size() * 4);  // OrderPlaced and three OrderStatusChanged each
    std::set<std::string> processed;
    for (const auto& p : customers_db->Find("processed_events", {})) processed.insert(std::string(p.at("_id").as_string()));
    for (const auto& e : events) {
        EXPECT_EQ(e.at("status"), "delivered") << e;
        auto event_id = std::string(bj::parse(e.at("payload").as_string()).at("eventId").as_string());
        EXPECT_TRUE(processed.contains(event_id)) << e;
    }
    for (const auto& c : customers) {
        auto record = call([&] { return Http("GET", nginx.url("customer") + "/api/v1/customers/" + c.id, "", Bearer(admin)); });
        EXPECT_EQ(record.Str("data.totalOrders"), std::to_string(kOrdersEach)) << record.body;
        auto timeline = call([&] {
            return Http("GET", nginx.url("customer") + "/api/v1/customers/" + c.id + "/timeline?limit=100", "", Bearer(admin));
        });
        std::map<std::string, int> per_type;
        for (const auto& t : timeline.Data().at("items").as_array()) ++per_type[std::string(t.at("type").as_string())];
        EXPECT_EQ(per_type["OrderPlaced"], kOrdersEach) << timeline.body;
        EXPECT_EQ(per_type["OrderStatusChanged"], 3 * kOrdersEach) << timeline.body;
    }

    // Every email at least once: a confirmation and three status emails per order, each recorded as sent.
    auto emails = orders_db->Find("outbox", {{"kind", "email"}});
    EXPECT_EQ(emails.size(), placed.size() * 4);
    for (const auto& e : emails) EXPECT_EQ(e.at("status"), "sent") << e;
    std::map<std::string, int> received;  // by recipient and subject
    for (const auto& m : mail.All())
        for (const auto& to : m.at("to").as_array())
            ++received[std::string(to.at("address").as_string()) + " " + std::string(m.at("subject").as_string())];
    int duplicates = 0;
    for (const auto& o : placed)
        for (const std::string& subject : {"Order " + o.number + " confirmed", "Order " + o.number + " is now Processing",
                                          "Order " + o.number + " is now Shipped", "Order " + o.number + " is now Delivered"}) {
            int n = received[o.customer_email + " " + subject];
            EXPECT_GE(n, 1) << subject;
            duplicates += std::max(0, n - 1);
        }
    EXPECT_LE(duplicates, 1) << "one killed dispatcher sends at most one email at a time";
    std::cout << "placements and status changes retried after an unknown outcome: " << unknown_outcomes
              << "; emails sent twice (kill between SMTP acceptance and the delivery record): " << duplicates << "\n";
    RecordProperty("unknown_outcomes", unknown_outcomes.load());
    RecordProperty("duplicate_emails", duplicates);
}
