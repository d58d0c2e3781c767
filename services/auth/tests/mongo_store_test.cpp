// The parts of the Auth MongoDB store the HTTP suites cannot reach in their time (docs/mongodb.md §3): a revocation a
// crash left in a user document reaches the feed, concurrent relays never repeat or skip a sequence number, and the
// sweep drops what expired while keeping the feed's highest entry. Against FerretDB 1.24 (SQLite handler).
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "shop/crypto.hpp"
#include "shop/outbox/mongo_outbox.hpp"
#include "shop/testing/harness.hpp"
#include "storage/mongo/mongo_store.hpp"

namespace auth {
namespace {

namespace bj = shop::json::bj;
constexpr std::int64_t kDay = 86'400'000;

class MongoAuthStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        db = shop::mongo::Database::Connect(shop::testing::FerretDb::Shared().Url("auth_store"), "auth-test");
        outbox = std::make_unique<shop::outbox::MongoOutbox>(*db, "auth-service", std::vector<shop::outbox::Subscriber>{},
                                                             3, std::vector<std::string>{"users"});
        store = std::make_unique<MongoAuthStore>(*db, *outbox);
        store->EnsureIndexes();
    }

    // A user with one session and one refresh token, both ending at `ends`, and a one-time token expiring then too.
    std::string AddUser(TimeMs ends) {
        User u;
        u.id = shop::crypto::NewUuid();
        u.email = u.id + "@example.com";
        u.full_name = "Asha Rao";
        Session s{shop::crypto::NewUuid(), u.id, ends - kDay, ends - kDay, ends, ends, std::nullopt, "127.0.0.1",
                  std::nullopt, std::nullopt};
        auto r = store->Atomically<shop::Ok>([&](AuthTx& tx) -> shop::Result<shop::Ok> {
            tx.InsertUser(u);
            tx.InsertSession(s);
            tx.InsertRefresh({"refresh-" + u.id, s.id, ends - kDay, ends, std::nullopt, std::nullopt, std::nullopt});
            tx.InsertOneTime({"reset-" + u.id, u.id, "reset", ends - kDay, ends, std::nullopt});
            return shop::Ok{};
        });
        EXPECT_TRUE(r.ok());
        return u.id;
    }

    void Revoke(const std::string& user_id, TimeMs expires) {
        auto r = store->Atomically<shop::Ok>([&](AuthTx& tx) -> shop::Result<shop::Ok> {
            auto s = tx.ActiveSessions(user_id, 0).at(0);
            s.revoked_at = shop::NowMs();
            s.revoke_reason = "Logout";
            tx.UpdateSession(s);
            tx.AddRevocation({0, s.id, user_id, "Logout", shop::NowMs(), expires});
            return shop::Ok{};
        });
        ASSERT_TRUE(r.ok());
    }

    std::vector<Revocation> Feed(std::int64_t since = 0) {
        bool more = false;
        return store->RevocationsSince(since, 0, 1000, more);
    }

    std::unique_ptr<shop::mongo::Database> db;
    std::unique_ptr<shop::outbox::MongoOutbox> outbox;
    std::unique_ptr<MongoAuthStore> store;
};

TEST_F(MongoAuthStoreTest, ARevocationACrashLeftInTheUserDocumentReachesTheNextFeedRead) {
    std::string user = AddUser(shop::NowMs() + kDay);
    // The state a crash between the change and its relay leaves: the entry only inside the user document.
    db->UpdateOne("users", {{"_id", user}},
                  {{"$push", bj::object{{"pendingRevocations", bj::object{{"_id", "stranded-session"}, {"userId", user},
                                                                          {"reason", "Logout"}, {"revokedAt", 1},
                                                                          {"expiresAt", shop::NowMs() + kDay}}}}},
                   {"$set", bj::object{{"revocationsPendingSince", 1}}}});
    auto feed = Feed();
    ASSERT_EQ(feed.size(), 1u);
    EXPECT_EQ(feed[0].session_id, "stranded-session");
    EXPECT_EQ(feed[0].seq, 1);
    EXPECT_EQ(Feed().size(), 1u);  // relayed once: the document no longer holds it
    EXPECT_EQ(db->Count("users", {{"revocationsPendingSince", bj::object{{"$gt", 0}}}}), 0);
}

TEST_F(MongoAuthStoreTest, ConcurrentRevocationsGetEveryNumberOnce) {
    std::vector<std::string> users;
    for (int i = 0; i < 12; ++i) users.push_back(AddUser(shop::NowMs() + kDay));
    std::vector<std::thread> threads;
    for (int t = 0; t < 3; ++t)
        threads.emplace_back([&, t] {
            for (int i = t; i < 12; i += 3) Revoke(users[i], shop::NowMs() + kDay);
        });
    for (auto& t : threads) t.join();
    auto feed = Feed();
    ASSERT_EQ(feed.size(), 12u);
    std::set<std::string> sessions;
    for (std::size_t i = 0; i < feed.size(); ++i) {
        EXPECT_EQ(feed[i].seq, static_cast<std::int64_t>(i + 1));
        sessions.insert(feed[i].session_id);
    }
    EXPECT_EQ(sessions.size(), 12u);
    EXPECT_EQ(Feed(6).size(), 6u);
}

TEST_F(MongoAuthStoreTest, TheSweepDropsWhatExpiredADayAgoAndKeepsTheFeedsHighestEntry) {
    TimeMs now = shop::NowMs();
    std::string old_user = AddUser(now - 2 * kDay), current_user = AddUser(now + kDay);
    Revoke(old_user, now - kDay);
    Revoke(current_user, now - kDay);  // the highest entry, expired too
    auto gone = store->Atomically<shop::Ok>([&](AuthTx& tx) -> shop::Result<shop::Ok> {
        tx.AddCounterEvent("login_email", "someone@example.com", now - 2 * kDay);
        return shop::Ok{};
    });
    ASSERT_TRUE(gone.ok());
    db->UpdateOne("counters", {{"_id", "login_email:someone@example.com"}}, {{"$set", bj::object{{"updatedAt", now - 2 * kDay}}}});

    store->Sweep(now);

    store->Read<int>([&](AuthTx& tx) {
        EXPECT_FALSE(tx.RefreshByHash("refresh-" + old_user));
        EXPECT_FALSE(tx.OneTimeByHash("reset-" + old_user));
        EXPECT_TRUE(tx.UserById(old_user));  // the account stays
        EXPECT_TRUE(tx.RefreshByHash("refresh-" + current_user));
        EXPECT_TRUE(tx.OneTimeByHash("reset-" + current_user));
        EXPECT_TRUE(tx.CounterEvents("login_email", "someone@example.com", 0).empty());
        return 0;
    });
    auto left = db->Find("revocations", {});
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].at("seq").to_number<std::int64_t>(), 2);
    // A new revocation continues the numbering: a reader that saw 2 sees it.
    std::string next_user = AddUser(now + kDay);
    Revoke(next_user, now + kDay);
    auto feed = Feed(2);
    ASSERT_EQ(feed.size(), 1u);
    EXPECT_EQ(feed[0].seq, 3);
}

}  // namespace
}  // namespace auth
