// The order state machine, returns, admin edits, optimistic concurrency and status emails, over HTTP.
#include <future>
#include <thread>

#include "order_fixture.hpp"

using namespace ordertest;

TEST_F(OrderTest, AdministratorWalksTheOrderThroughItsLifecycle) {
    auto u = Customer();
    auto admin = Admin();
    auto id = PlaceId(u);
    auto processing = Status(admin, id, R"({"status":"Processing","notes":"Packed at Bengaluru hub"})");
    ASSERT_EQ(processing.status, 200) << processing.body;
    EXPECT_EQ(processing.Str("data.version"), "2");
    EXPECT_EQ(processing.Header("etag"), "\"2\"");
    auto shipped = Status(admin, id, R"({"status":"Shipped","trackingNumber":"AWB-9931"})");
    EXPECT_EQ(shipped.Str("data.trackingNumber"), "AWB-9931");
    auto delivered = Status(admin, id, R"({"status":"Delivered"})");
    ASSERT_EQ(delivered.status, 200);
    EXPECT_FALSE(delivered.Str("data.deliveredAt").empty());
    EXPECT_NE(delivered.Str("data.returnEligibleUntil"), "null");
    const auto& history = delivered.Data().at("history").as_array();
    ASSERT_EQ(history.size(), 4u);
    EXPECT_EQ(history[1].at("previousStatus").as_string(), "Placed");
    EXPECT_EQ(history[1].at("notes").as_string(), "Packed at Bengaluru hub");
    EXPECT_EQ(history[1].at("changedByRole").as_string(), "Administrator");
    // The owner sees the whole history, notes included.
    auto mine = orders->Get("/api/v1/orders/" + id, Bearer(u.access));
    EXPECT_EQ(mine.Data().at("history").as_array().size(), 4u);
    // Status emails arrive for every transition, with the tracking number when shipped.
    auto mails = mail().WaitFor(u.email, 3, std::chrono::seconds(10), "is now");
    ASSERT_EQ(mails.size(), 3u);
    bool tracking = false;
    for (const auto& m : mails) tracking = tracking || std::string(m.at("text").as_string()).find("AWB-9931") != std::string::npos;
    EXPECT_TRUE(tracking);
}

TEST_F(OrderTest, ForbiddenTransitionsAre409AndNameTheAllowedStates) {
    auto u = Customer();
    auto admin = Admin();
    auto id = PlaceId(u);
    auto skip = Status(admin, id, R"({"status":"Shipped"})");
    EXPECT_EQ(skip.status, 409);
    EXPECT_EQ(skip.Code(), "INVALID_TRANSITION");
    EXPECT_NE(skip.Str("message").find("Processing, Cancelled"), std::string::npos) << skip.body;
    EXPECT_EQ(Status(admin, id, R"({"status":"Placed"})").Field(), "status");   // not via PATCH status
    EXPECT_EQ(Status(admin, id, R"({"status":"Cancelled"})").Field(), "status");
    EXPECT_EQ(Status(admin, id, R"({"status":"Processing","trackingNumber":"AWB-1"})").Field(), "trackingNumber");
    ASSERT_EQ(Status(admin, id, R"({"status":"Processing"})").status, 200);
    auto same = Status(admin, id, R"({"status":"Processing"})");
    EXPECT_EQ(same.Code(), "INVALID_TRANSITION");
    ASSERT_EQ(Status(admin, id, R"({"status":"Shipped"})").status, 200);
    auto cancel = orders->Post("/api/v1/orders/" + id + "/cancel", R"({"reason":"Changed my mind"})", Bearer(u.access));
    EXPECT_EQ(cancel.Code(), "INVALID_TRANSITION");
    auto ret = orders->Post("/api/v1/orders/" + id + "/return", R"({"reason":"Too early to return"})", Bearer(u.access));
    EXPECT_EQ(ret.Code(), "INVALID_TRANSITION");
    EXPECT_EQ(Status(u, id, R"({"status":"Delivered"})").status, 403);  // customers cannot change status
    auto approve = orders->Patch("/api/v1/orders/" + id + "/return/approve", "", Bearer(admin.access));
    EXPECT_EQ(approve.Code(), "INVALID_TRANSITION");
}

TEST_F(OrderTest, OwnerAndAdministratorCancelOnlyBeforeShipping) {
    auto u = Customer();
    auto admin = Admin();
    auto a = PlaceId(u), b = PlaceId(u);
    auto short_reason = orders->Post("/api/v1/orders/" + a + "/cancel", R"({"reason":"no"})", Bearer(u.access));
    EXPECT_EQ(short_reason.Field(), "reason");
    auto mine = orders->Post("/api/v1/orders/" + a + "/cancel", R"({"reason":"Found it cheaper"})", Bearer(u.access));
    ASSERT_EQ(mine.status, 200) << mine.body;
    EXPECT_EQ(mine.Str("data.status"), "Cancelled");
    EXPECT_EQ(mine.Str("data.cancellationReason"), "Found it cheaper");
    EXPECT_EQ(orders->Post("/api/v1/orders/" + a + "/cancel", R"({"reason":"Again please"})", Bearer(u.access)).Code(),
              "INVALID_TRANSITION");  // Cancelled is final
    ASSERT_EQ(Status(admin, b, R"({"status":"Processing"})").status, 200);
    auto by_admin = orders->Post("/api/v1/orders/" + b + "/cancel", R"({"reason":"Out of stock"})", Bearer(admin.access));
    EXPECT_EQ(by_admin.Str("data.status"), "Cancelled");
}

TEST_F(OrderTest, PartialReturnIsApprovedWithTheRefundOfTheReturnedLines) {
    auto u = Customer();
    auto admin = Admin();
    auto id = PlaceId(u, R"([{"productId":"P-1001","quantity":2},{"productId":"P-1002","quantity":1}])");
    Deliver(admin, id);
    auto bad = orders->Post("/api/v1/orders/" + id + "/return",
                            R"({"reason":"One bottle leaks","items":[{"productId":"P-1001","quantity":3}]})", Bearer(u.access));
    EXPECT_EQ(bad.Field(), "items[0].quantity");
    auto foreign = orders->Post("/api/v1/orders/" + id + "/return",
                                R"({"reason":"One bottle leaks","items":[{"productId":"P-1003","quantity":1}]})", Bearer(u.access));
    EXPECT_EQ(foreign.Field(), "items[0].productId");
    auto req = orders->Post("/api/v1/orders/" + id + "/return",
                            R"({"reason":"One bottle leaks","items":[{"productId":"P-1001","quantity":1}]})", Bearer(u.access));
    ASSERT_EQ(req.status, 200) << req.body;
    EXPECT_EQ(req.Str("data.status"), "Return Requested");
    EXPECT_EQ(req.Str("data.returnRequest.status"), "Pending");
    EXPECT_NE(req.body.find(R"("refundAmount":499.00)"), std::string::npos) << req.body;
    EXPECT_EQ(req.Str("data.returnApproved"), "null");
    auto approved = orders->Patch("/api/v1/orders/" + id + "/return/approve", R"({"notes":"Refund to card"})", Bearer(admin.access));
    ASSERT_EQ(approved.status, 200) << approved.body;
    EXPECT_EQ(approved.Str("data.status"), "Returned");
    EXPECT_EQ(approved.Str("data.returnApproved"), "true");
    EXPECT_EQ(approved.Str("data.returnRequest.status"), "Approved");
    EXPECT_EQ(approved.Str("data.returnRequest.decisionNotes"), "Refund to card");
    auto mails = mail().WaitFor(u.email, 1, std::chrono::seconds(10), "Return approved");
    ASSERT_EQ(mails.size(), 1u);
    EXPECT_NE(std::string(mails[0].at("text").as_string()).find("INR 499.00"), std::string::npos);
    // Returned is final; a Returned order can be deleted (soft), twice.
    auto del = orders->Delete("/api/v1/orders/" + id, Bearer(admin.access));
    ASSERT_EQ(del.status, 200) << del.body;
    EXPECT_NE(del.Str("data.deletedAt"), "null");
    EXPECT_EQ(orders->Delete("/api/v1/orders/" + id, Bearer(admin.access)).status, 200);
    EXPECT_EQ(orders->Get("/api/v1/orders/" + id, Bearer(u.access)).status, 404);
    EXPECT_EQ(orders->Get("/api/v1/orders/" + id, Bearer(admin.access)).status, 200);
    EXPECT_EQ(orders->Get("/api/v1/orders", Bearer(admin.access)).Str("data.total"), "0");
    EXPECT_EQ(orders->Get("/api/v1/orders?includeDeleted=true", Bearer(admin.access)).Str("data.total"), "1");
}

TEST_F(OrderTest, RejectedReturnGoesBackToDeliveredAndMayBeRequestedAgain) {
    auto u = Customer();
    auto admin = Admin();
    auto id = PlaceId(u);
    Deliver(admin, id);
    ASSERT_EQ(orders->Post("/api/v1/orders/" + id + "/return", R"({"reason":"Not as described"})", Bearer(u.access)).status, 200);
    EXPECT_EQ(orders->Patch("/api/v1/orders/" + id + "/return/reject", "{}", Bearer(admin.access)).Field(), "reason");
    auto rejected = orders->Patch("/api/v1/orders/" + id + "/return/reject", R"({"reason":"Seal broken by customer"})",
                                  Bearer(admin.access));
    ASSERT_EQ(rejected.status, 200) << rejected.body;
    EXPECT_EQ(rejected.Str("data.status"), "Delivered");
    EXPECT_EQ(rejected.Str("data.returnApproved"), "false");
    for (const auto& line : rejected.Data().at("items").as_array()) EXPECT_FALSE(line.at("returnRequested").as_bool());
    EXPECT_EQ(mail().WaitFor(u.email, 1, std::chrono::seconds(10), "declined").size(), 1u);
    auto again = orders->Post("/api/v1/orders/" + id + "/return", R"({"reason":"Still not as described"})", Bearer(u.access));
    ASSERT_EQ(again.status, 200);
    EXPECT_EQ(again.Str("data.returnApproved"), "null");
    EXPECT_EQ(again.Str("data.returnRequest.status"), "Pending");
    // Administrators cannot request returns; other customers cannot see the order.
    EXPECT_EQ(orders->Post("/api/v1/orders/" + id + "/return", R"({"reason":"admin try"})", Bearer(admin.access)).status, 403);
}

class ShortReturnWindow : public OrderTest {
protected:
    std::map<std::string, std::string> OrderEnv() override { return {{"RETURN_WINDOW", "1s"}}; }
};

TEST_F(ShortReturnWindow, ReturnAfterTheWindowIsRefused) {
    auto u = Customer();
    auto admin = Admin();
    auto id = PlaceId(u);
    Deliver(admin, id);
    std::this_thread::sleep_for(std::chrono::milliseconds(1300));
    auto late = orders->Post("/api/v1/orders/" + id + "/return", R"({"reason":"Too late now"})", Bearer(u.access));
    EXPECT_EQ(late.status, 409);
    EXPECT_EQ(late.Code(), "INVALID_TRANSITION");
    EXPECT_NE(late.Str("message").find("return window"), std::string::npos);
}

TEST_F(OrderTest, AdministratorEditsOnlyEarlyOrdersAndLeavesASameStatusHistoryEntry) {
    auto u = Customer();
    auto admin = Admin();
    auto id = PlaceId(u);
    auto edit = orders->Put("/api/v1/orders/" + id,
                            R"({"deliveryAddress":{"street":"5 Church St","city":"Bengaluru","state":"Karnataka","zipCode":"560001","country":"in"},"notes":"Ring twice"})",
                            Bearer(admin.access));
    ASSERT_EQ(edit.status, 200) << edit.body;
    EXPECT_EQ(edit.Str("data.deliveryAddress.street"), "5 Church St");
    EXPECT_EQ(edit.Str("data.notes"), "Ring twice");
    const auto& h = edit.Data().at("history").as_array();
    EXPECT_EQ(h.back().at("previousStatus").as_string(), "Placed");
    EXPECT_EQ(h.back().at("newStatus").as_string(), "Placed");
    EXPECT_NE(std::string(h.back().at("notes").as_string()).find("deliveryAddress"), std::string::npos);
    EXPECT_EQ(orders->Put("/api/v1/orders/" + id, "{}", Bearer(admin.access)).status, 400);
    EXPECT_EQ(orders->Put("/api/v1/orders/" + id, R"({"notes":"x"})", Bearer(u.access)).status, 403);
    EXPECT_EQ(orders->Put("/api/v1/orders/" + id, R"({"notes":"x","version":1})", Bearer(admin.access)).Field(), "version");
    Deliver(admin, id);
    auto late = orders->Put("/api/v1/orders/" + id, R"({"notes":"too late"})", Bearer(admin.access));
    EXPECT_EQ(late.status, 409);
    EXPECT_EQ(late.Code(), "CONFLICT");
    EXPECT_EQ(orders->Delete("/api/v1/orders/" + id, Bearer(admin.access)).Code(), "CONFLICT");  // Delivered
}

TEST_F(OrderTest, ConcurrentChangesWithTheSameVersionLetOneWin) {
    auto u = Customer();
    auto admin = Admin();
    auto id = PlaceId(u);
    auto change = [&](const std::string& body) {
        return Status(admin, id, body, {{"If-Match", "\"1\""}});
    };
    auto f1 = std::async(std::launch::async, change, R"({"status":"Processing","notes":"first"})");
    auto f2 = std::async(std::launch::async, change, R"({"status":"Processing","notes":"second"})");
    auto r1 = f1.get(), r2 = f2.get();
    std::multiset<int> statuses{r1.status, r2.status};
    EXPECT_EQ(statuses, (std::multiset<int>{200, 409}));
    auto& loser = r1.status == 409 ? r1 : r2;
    EXPECT_EQ(loser.Code(), "CONFLICT");
    EXPECT_EQ(loser.Field(), "If-Match");
    EXPECT_EQ(orders->Get("/api/v1/orders/" + id, Bearer(admin.access)).Str("data.version"), "2");
    EXPECT_EQ(Status(admin, id, R"({"status":"Shipped"})", {{"If-Match", "nonsense"}}).Field(), "If-Match");
    EXPECT_EQ(Status(admin, id, R"({"status":"Shipped"})", {{"If-Match", "2"}}).status, 200);
}

TEST_F(OrderTest, StatusEmailsRespectTheCustomersSettings) {
    auto u = Customer();
    auto admin = Admin();
    ASSERT_EQ(auth->Put("/api/v1/auth/profile", R"({"settings":{"notifyOrderUpdates":false}})", Bearer(u.access)).status, 200);
    auto id = PlaceId(u);
    ASSERT_EQ(Status(admin, id, R"({"status":"Processing"})").status, 200);
    ASSERT_TRUE(Eventually([&] {
        auto r = orders->Get("/api/v1/orders/notifications?status=skipped&userId=" + u.id, Bearer(admin.access));
        return r.Str("data.total") == "2";
    })) << orders->Get("/api/v1/orders/notifications?userId=" + u.id, Bearer(admin.access)).body;
    EXPECT_TRUE(mail().WaitFor(u.email, 1, std::chrono::milliseconds(300), "Order").empty());  // nothing sent
    auto list = orders->Get("/api/v1/orders/notifications?template=order_confirmation,order_status_changed", Bearer(admin.access));
    EXPECT_EQ(list.Str("data.total"), "2");
    EXPECT_EQ(orders->Get("/api/v1/orders/notifications", Bearer(u.access)).status, 403);
}

TEST_F(OrderTest, EmailsWaitWhileAuthIsDownAndGoOutWhenItIsBack) {
    auto u = Customer();
    auth->Stop();
    // The service keeps serving with its cached keys; the confirmation email cannot resolve its recipient yet.
    auto r = Place(u, R"([{"productId":"P-1001","quantity":1}])");
    ASSERT_EQ(r.status, 201) << r.body;
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    EXPECT_EQ(mail().WaitFor(u.email, 1, std::chrono::milliseconds(200), "confirmed").size(), 0u);
    auth->Start();
    // Postponed by the first retry delay (1 min by default): check the delivery is queued, not failed or lost.
    auto admin = Admin();
    auto d = orders->Get("/api/v1/orders/notifications?userId=" + u.id, Bearer(admin.access));
    EXPECT_EQ(d.Str("data.total"), "1");
    EXPECT_NE(d.body.find(R"("status":"queued")"), std::string::npos) << d.body;
}

// Seven orders of known outcomes; the expected figures are computed here, independently of the service.
TEST_F(OrderTest, StatsComputeRatesAndRevenueFromTheOrders) {
    auto u = Customer();
    auto admin = Admin();
    std::vector<std::string> ids;
    for (int i = 0; i < 7; ++i) ids.push_back(PlaceId(u, R"([{"productId":"P-1001","quantity":1}])"));  // 499.00 each
    Deliver(admin, ids[0]);
    Deliver(admin, ids[1]);
    Deliver(admin, ids[2]);
    ASSERT_EQ(orders->Post("/api/v1/orders/" + ids[2] + "/return", R"({"reason":"Leaks at the seam"})", Bearer(u.access)).status, 200);
    ASSERT_EQ(orders->Patch("/api/v1/orders/" + ids[2] + "/return/approve", "{}", Bearer(admin.access)).status, 200);
    ASSERT_EQ(orders->Post("/api/v1/orders/" + ids[3] + "/cancel", R"({"reason":"Changed my mind"})", Bearer(u.access)).status, 200);
    ASSERT_EQ(Status(admin, ids[4], R"({"status":"Processing"})").status, 200);
    auto s = orders->Get("/api/v1/orders/stats?interval=day", Bearer(admin.access));
    ASSERT_EQ(s.status, 200) << s.body;
    EXPECT_EQ(s.Str("data.placed"), "7");
    EXPECT_EQ(s.Str("data.cancelled"), "1");
    EXPECT_EQ(s.Str("data.completed"), "3");  // 2 Delivered + 1 Returned
    EXPECT_NE(s.body.find(R"("completionRate":50.00)"), std::string::npos) << s.body;   // 3 / (7 - 1)
    EXPECT_NE(s.body.find(R"("cancellationRate":14.28)"), std::string::npos) << s.body; // 1 / 7, truncated
    EXPECT_NE(s.body.find(R"("returnRate":33.33)"), std::string::npos) << s.body;       // 1 / 3 delivered
    EXPECT_NE(s.body.find(R"("revenue":2495.00)"), std::string::npos) << s.body;        // 5 kept orders x 499, refund excluded
    EXPECT_NE(s.body.find(R"("averageOrderValue":415.83)"), std::string::npos) << s.body; // 2495 / 6
    EXPECT_EQ(s.Data().at("series").as_array().size(), 1u);
    EXPECT_EQ(orders->Get("/api/v1/orders/stats", Bearer(u.access)).status, 403);
    EXPECT_EQ(orders->Get("/api/v1/orders/stats?interval=month", Bearer(admin.access)).Field(), "interval");
    EXPECT_EQ(orders->Get("/api/v1/orders/stats?from=2030-01-01&to=2029-01-01", Bearer(admin.access)).Field(), "from");
    EXPECT_EQ(orders->Get("/api/v1/orders/stats?from=2020-01-01&to=2020-01-31", Bearer(admin.access)).Str("data.placed"), "0");
}
