// shop::mongo::Database against a real server (FerretDB 1.24 with its SQLite handler).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "shop/outbox/mongo_outbox.hpp"
#include "shop/result.hpp"
#include "shop/storage/mongo.hpp"
#include "shop/testing/harness.hpp"

namespace shop::mongo {
namespace {

class MongoTest : public ::testing::Test {
protected:
    void SetUp() override { db = Database::Connect(testing::FerretDb::Shared().Url("adapter"), "mongo-test"); }
    std::unique_ptr<Database> db;
};

TEST_F(MongoTest, DocumentsRoundTripWithTheirTypes) {
    bj::object doc{{"_id", "a"}, {"n", std::int64_t{9'007'199'254'740'993}}, {"price", 499.5}, {"ok", true},
                   {"none", nullptr}, {"tags", bj::array{"x", 2}}, {"nested", bj::object{{"k", "v"}}}};
    ASSERT_EQ(db->InsertOne("things", doc), InsertOutcome::kInserted);
    EXPECT_EQ(db->InsertOne("things", bj::object{{"_id", "a"}}), InsertOutcome::kDuplicateKey);
    auto back = db->FindOne("things", {{"_id", "a"}});
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, doc);
    EXPECT_FALSE(db->FindOne("things", {{"_id", "b"}}));
}

TEST_F(MongoTest, FindsSortsPagesAndCounts) {
    for (int i = 0; i < 5; ++i)
        db->InsertOne("items", {{"_id", "i" + std::to_string(i)}, {"rank", i % 3}, {"user", i < 3 ? "u1" : "u2"}});
    auto page = db->Find("items", {{"user", "u1"}}, {.sort = {{"rank", -1}, {"_id", 1}}, .skip = 1, .limit = 1});
    ASSERT_EQ(page.size(), 1u);
    EXPECT_EQ(page[0].at("_id"), "i1");  // ranks 2 (i2), 1 (i1), 0 (i0)
    EXPECT_EQ(db->Count("items", {{"rank", bj::object{{"$gte", 1}}}}), 3);
    auto groups = db->Aggregate("items", bj::array{bj::object{{"$group", bj::object{{"_id", "$user"}, {"n", bj::object{{"$sum", 1}}}}}},
                                                    bj::object{{"$sort", bj::object{{"_id", 1}}}}});
    ASSERT_EQ(groups.size(), 2u);
    EXPECT_EQ(groups[1].at("n").to_number<std::int64_t>(), 2);
    // One accumulator per $group: FerretDB 1.24 feeds the documents of a group to its first accumulator only
    // (the others see an exhausted iterator and answer 0).
    auto sums = db->Aggregate("items", bj::array{bj::object{{"$match", bj::object{{"rank", bj::object{{"$gte", 0}}}}}},
                                                  bj::object{{"$group", bj::object{{"_id", bj::object{{"u", "$user"}, {"k", "$kind"}}},
                                                                                   {"r", bj::object{{"$sum", "$rank"}}}}}},
                                                  bj::object{{"$sort", bj::object{{"_id.u", 1}}}}});
    ASSERT_EQ(sums.size(), 2u);
    EXPECT_EQ(sums[0].at("r").to_number<std::int64_t>(), 3) << bj::serialize(sums[0]);  // ranks 0, 1, 2 of u1
}

TEST_F(MongoTest, ConditionalUpdatesAndClaims) {
    db->InsertOne("orders", {{"_id", "o1"}, {"version", 1}, {"status", "Placed"}});
    // Optimistic concurrency: the second writer of version 1 matches nothing.
    EXPECT_EQ(db->UpdateOne("orders", {{"_id", "o1"}, {"version", 1}}, {{"$set", bj::object{{"version", 2}}}}), 1);
    EXPECT_EQ(db->UpdateOne("orders", {{"_id", "o1"}, {"version", 1}}, {{"$set", bj::object{{"version", 2}}}}), 0);
    EXPECT_EQ(db->UpdateOne("orders", {{"_id", "o2"}}, {{"$set", bj::object{{"version", 1}}}}, true), 1);  // upsert
    auto claimed = db->FindOneAndUpdate("orders", {{"status", "Placed"}}, {{"$set", bj::object{{"status", "Claimed"}}}});
    ASSERT_TRUE(claimed);
    EXPECT_EQ(claimed->at("status"), "Claimed");
    EXPECT_FALSE(db->FindOneAndUpdate("orders", {{"status", "Placed"}}, {{"$set", bj::object{{"status", "Claimed"}}}}));
    // What the outbox relay does: remove the relayed messages by value (idempotent), then clear the marker only when
    // nothing is left. (FerretDB 1.24's $pull ignores a condition such as {_id: {$in: …}}; $pullAll by value works.)
    bj::object m1{{"_id", "m1"}, {"n", 1}}, m2{{"_id", "m2"}, {"n", 2}};
    db->InsertOne("agg", {{"_id", "a1"}, {"pendingMessages", bj::array{m1, m2}}});
    for (int twice = 0; twice < 2; ++twice)
        db->UpdateOne("agg", {{"_id", "a1"}}, {{"$pullAll", bj::object{{"pendingMessages", bj::array{m1}}}}});
    EXPECT_EQ(db->FindOne("agg", {{"_id", "a1"}})->at("pendingMessages").as_array().size(), 1u);
    EXPECT_EQ(db->Count("agg", {{"pendingMessages", bj::object{{"$size", 0}}}}), 0);
    db->UpdateOne("agg", {{"_id", "a1"}}, {{"$pullAll", bj::object{{"pendingMessages", bj::array{m2}}}}});
    EXPECT_EQ(db->Count("agg", {{"pendingMessages", bj::object{{"$size", 0}}}}), 1);
    EXPECT_EQ(db->DeleteMany("orders", {}), 2);
}

// Several service instances share one database: a version-guarded update and a claim must be atomic between
// clients, as MongoDB makes them. Two Database objects are two clients (two pools). FerretDB 1.24 needs the
// write lock scripts/ferretdb.sh adds; without it this fails (both writers of one version "win").
TEST_F(MongoTest, GuardedWritesAreAtomicBetweenClients) {
    auto shared = Database::Connect("mongodb://127.0.0.1:" + std::to_string(testing::FerretDb::Shared().port()) + "/" +
                                        db->name(), "mongo-test-2");
    db->InsertOne("counters", {{"_id", "c"}, {"version", 0}, {"applied", bj::array{}}});
    db->InsertOne("claims", {{"_id", "m"}, {"claimedBy", nullptr}});
    std::atomic<int> won{0}, claims{0};
    auto writer = [&](Database& client, int who) {
        for (int i = 0; i < 40; ++i) {
            auto doc = client.FindOne("counters", {{"_id", "c"}});
            auto version = doc->at("version").to_number<std::int64_t>();
            if (client.UpdateOne("counters", {{"_id", "c"}, {"version", version}},
                                 {{"$set", bj::object{{"version", version + 1}}}, {"$push", bj::object{{"applied", who}}}}) == 1)
                ++won;
        }
        if (client.FindOneAndUpdate("claims", {{"_id", "m"}, {"claimedBy", nullptr}}, {{"$set", bj::object{{"claimedBy", who}}}}))
            ++claims;
    };
    std::thread a(writer, std::ref(*db), 1), b(writer, std::ref(*shared), 2);
    a.join();
    b.join();
    auto doc = db->FindOne("counters", {{"_id", "c"}});
    EXPECT_EQ(doc->at("version").to_number<std::int64_t>(), won.load());
    EXPECT_EQ(static_cast<int>(doc->at("applied").as_array().size()), won.load());  // no write was lost
    EXPECT_EQ(claims.load(), 1);
}

// Dispatchers of several instances walk the same due messages; each message is delivered by exactly one of them.
TEST_F(MongoTest, SeveralDispatchersClaimEachMessageOnce) {
    auto url = "mongodb://127.0.0.1:" + std::to_string(testing::FerretDb::Shared().port()) + "/" + db->name();
    auto other = Database::Connect(url, "mongo-test-2");
    constexpr int kMessages = 120;
    for (int i = 0; i < kMessages; ++i)
        db->InsertOne("outbox", {{"_id", "m" + std::to_string(i)}, {"seq", i}, {"kind", "email"}, {"topic", "welcome"},
                                 {"destination", "a@example.com"}, {"payload", "{}"}, {"status", "queued"},
                                 {"attempts", 0}, {"maxAttempts", 8}, {"createdAt", 0}, {"nextAttemptAt", 0},
                                 {"claimedUntil", 0}});
    std::mutex mu;
    std::map<std::string, int> delivered;
    auto dispatcher = [&](Database& client) {
        outbox::MongoOutbox outbox(client, "test", {}, 8, {});
        for (auto due = outbox.FetchDue(NowMs(), 50); !due.empty(); due = outbox.FetchDue(NowMs(), 50))
            for (const auto& m : due) {
                if (!outbox.Claim(m, NowMs())) continue;
                {
                    std::lock_guard lock(mu);
                    ++delivered[m.id];
                }
                outbox.MarkDone(m, "sent", NowMs());
            }
    };
    std::thread a(dispatcher, std::ref(*db)), b(dispatcher, std::ref(*other));
    a.join();
    b.join();
    EXPECT_EQ(delivered.size(), static_cast<std::size_t>(kMessages));
    for (const auto& [id, times] : delivered) EXPECT_EQ(times, 1) << id;
}

TEST_F(MongoTest, UniqueIndexesRejectDuplicates) {
    db->CreateIndexes("users", {{.name = "email_unique", .keys = {{"email", 1}}, .unique = true}});
    db->CreateIndexes("users", {{.name = "email_unique", .keys = {{"email", 1}}, .unique = true}});  // idempotent
    EXPECT_EQ(db->InsertOne("users", {{"_id", "1"}, {"email", "a@x.co"}}), InsertOutcome::kInserted);
    EXPECT_EQ(db->InsertOne("users", {{"_id", "2"}, {"email", "a@x.co"}}), InsertOutcome::kDuplicateKey);
}

TEST(MongoDown, AnUnreachableServerIsUnavailableWithinSeconds) {
    auto db = Database::Connect("mongodb://127.0.0.1:" + std::to_string(testing::FreePort()) + "/nothing", "mongo-test");
    auto start = std::chrono::steady_clock::now();
    EXPECT_THROW(db->PingMs(), Unavailable);
    EXPECT_THROW(db->InsertOne("x", {{"_id", "1"}}), Unavailable);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
    EXPECT_THROW(Database::Connect("mongodb://127.0.0.1:1", "x"), std::invalid_argument);  // no database named
}

}  // namespace
}  // namespace shop::mongo
