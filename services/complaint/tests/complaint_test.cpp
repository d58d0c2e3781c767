// The Complaint service with the real auth, order and complaint binaries wired as in production.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "shop/testing/fixtures.hpp"

using namespace shop::testing;
namespace bj = boost::json;

namespace {

const std::string kServiceToken = "complaint-test-service-token-0123456789abcdef";
const std::string kAddress =
    R"({"street":"12 MG Road","city":"Bengaluru","state":"Karnataka","zipCode":"560001","country":"IN"})";


struct User {
    std::string id, email, access;
};

const std::string kBody =
    R"({"category":"Delivery Issue","subject":"Parcel arrived damaged","description":"The box was crushed and the bottle is dented."})";

}  // namespace

class ComplaintTest : public ::testing::Test {
protected:
    virtual std::map<std::string, std::string> Extra() { return {}; }
    std::map<std::string, std::string> Env() {
        return {{"SMTP_PORT", std::to_string(MailEnvironment::mail->smtp_port())},
                {"SERVICE_TOKEN", kServiceToken},
                {"RATE_LIMIT_USER_PER_MIN", "0"},
                {"RATE_LIMIT_IP_PER_MIN", "0"},
                {"REVOCATION_POLL_INTERVAL_MS", "500"},
                {"AUTH_URL", "http://127.0.0.1:" + std::to_string(auth_port)},
                {"ORDER_URL", "http://127.0.0.1:" + std::to_string(order_port)},
                {"CUSTOMER_URL", "http://127.0.0.1:9"},
                {"COMPLAINT_URL", "http://127.0.0.1:9"}};
    }
    void SetUp() override {
        auto a = Env();
        a["PORT"] = std::to_string(auth_port);
        a["BCRYPT_COST"] = "4";
        a["ADMIN_EMAIL"] = admin_email;
        a["ADMIN_PASSWORD"] = "Admin12345";
        a["ADMIN_FULL_NAME"] = "Ravi Admin";
        a["REGISTER_PER_IP_PER_HOUR"] = "0";
        a["LOGIN_FAILURES_PER_IP"] = "0";
        auth = std::make_unique<Service>(AUTH_BINARY, a, "auth");
        auto o = Env();
        o["PORT"] = std::to_string(order_port);
        orders = std::make_unique<Service>(ORDER_BINARY, o, "order");
        auto c = Env();
        for (auto& [k, v] : Extra()) c[k] = v;
        complaints = std::make_unique<Service>(COMPLAINT_BINARY, c, "complaint");
        ASSERT_TRUE(Eventually([&] { return complaints->Get("/health/ready").status == 200; })) << complaints->Log();
        ASSERT_TRUE(Eventually([&] { return orders->Get("/health/ready").status == 200; }));
        admin = Login(admin_email, "Admin12345");
    }
    User Login(const std::string& email, const std::string& password) {
        auto r = auth->Post("/api/v1/auth/login", bj::serialize(bj::object{{"email", email}, {"password", password}}));
        EXPECT_EQ(r.status, 200) << r.body;
        return {r.Str("data.user.id"), email, r.Str("data.accessToken")};
    }
    User Customer() {
        User u;
        u.email = UniqueEmail("cust");
        auto r = auth->Post("/api/v1/auth/register",
                            bj::serialize(bj::object{{"email", u.email}, {"password", "Secret123"}, {"fullName", "Asha Rao"}}));
        EXPECT_EQ(r.status, 201) << r.body;
        return {r.Str("data.user.id"), u.email, r.Str("data.accessToken")};
    }
    HttpResponse Register(const User& u, const std::string& body = kBody, const Headers& extra = {}) {
        auto h = Bearer(u.access);
        for (const auto& e : extra) h.push_back(e);
        return complaints->Post("/api/v1/complaints", body, h);
    }
    std::string RegisterId(const User& u) {
        auto r = Register(u);
        EXPECT_EQ(r.status, 201) << r.body;
        return r.Str("data.id");
    }
    HttpResponse Patch(const User& who, const std::string& id, const std::string& what, const std::string& body) {
        return complaints->Patch("/api/v1/complaints/" + id + "/" + what, body, Bearer(who.access));
    }
    std::string PlaceOrder(const User& u) {
        auto r = orders->Post("/api/v1/orders", R"({"items":[{"productId":"P-1001","quantity":1}],"deliveryAddress":)" + kAddress + "}",
                              Bearer(u.access));
        EXPECT_EQ(r.status, 201) << r.body;
        return r.Str("data.orderId");
    }

    int auth_port = FreePort(), order_port = FreePort();
    std::string admin_email = UniqueEmail("admin");
    std::unique_ptr<Service> auth, orders, complaints;
    User admin;
};

TEST_F(ComplaintTest, RegistersAnOpenComplaintAndEmailsTheCustomer) {
    auto u = Customer();
    auto r = Register(u);
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.Str("data.status"), "Open");
    EXPECT_EQ(r.Str("data.priority"), "Medium");
    EXPECT_EQ(r.Str("data.customerName"), "Asha Rao");
    EXPECT_EQ(r.Str("data.orderId"), "null");
    EXPECT_EQ(r.Str("data.complaintId").rfind("CMP-", 0), 0u);
    EXPECT_EQ(r.Header("location"), "/api/v1/complaints/" + r.Str("data.id"));
    EXPECT_EQ(r.Header("etag"), "\"1\"");
    EXPECT_EQ(r.Data().at("history").as_array().size(), 1u);
    EXPECT_EQ(r.Data().as_object().if_contains("assignmentHistory"), nullptr);
    EXPECT_EQ(MailEnvironment::mail->WaitFor(u.email, 1, std::chrono::seconds(10), r.Str("data.complaintId")).size(), 1u);
    EXPECT_EQ(Register(admin).status, 403);
}

TEST_F(ComplaintTest, AComplaintMayNameOnlyTheCustomersOwnOrder) {
    auto u = Customer(), other = Customer();
    std::string mine = PlaceOrder(u), theirs = PlaceOrder(other);
    std::string lower = mine;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto ok = Register(u, R"({"category":"Product Quality","subject":"Bottle leaks","description":"Water leaks from the lid.","orderId":")" + lower + "\"}");
    ASSERT_EQ(ok.status, 201) << ok.body;
    EXPECT_EQ(ok.Str("data.orderId"), mine);
    auto foreign = Register(u, R"({"category":"Other","subject":"Not my order","description":"Trying someone else's order.","orderId":")" + theirs + "\"}");
    EXPECT_EQ(foreign.status, 400);
    EXPECT_EQ(foreign.Field(), "orderId");
    auto unknown = Register(u, R"({"category":"Other","subject":"Unknown order","description":"This order does not exist.","orderId":"ORD-20260101-ZZZZZZ"})");
    EXPECT_EQ(unknown.Field(), "orderId");
    EXPECT_EQ(unknown.Str("message"), foreign.Str("message"));
    // Order service down: 503 and nothing stored.
    orders->Stop();
    auto down = Register(u, R"({"category":"Other","subject":"Order service down","description":"Nothing should be stored.","orderId":")" + mine + "\"}");
    EXPECT_EQ(down.status, 503);
    EXPECT_EQ(down.Code(), "DEPENDENCY_UNAVAILABLE");
    EXPECT_EQ(complaints->Get("/api/v1/complaints", Bearer(u.access)).Str("data.total"), "1");
}

TEST_F(ComplaintTest, TheWholeStateMachine) {
    auto u = Customer();
    auto id = RegisterId(u);
    EXPECT_EQ(Patch(admin, id, "status", R"({"status":"Closed"})").Code(), "INVALID_TRANSITION");
    EXPECT_EQ(Patch(admin, id, "status", R"({"status":"Open"})").Code(), "INVALID_TRANSITION");
    EXPECT_EQ(Patch(u, id, "status", R"({"status":"In Progress"})").Field(), "status");  // owner may only close
    auto assign = Patch(admin, id, "assign", R"({"assignedTo":")" + admin.id + "\"}");
    ASSERT_EQ(assign.status, 200) << assign.body;
    EXPECT_EQ(assign.Str("data.status"), "In Progress");
    EXPECT_EQ(assign.Str("data.assignedTo.fullName"), "Ravi Admin");
    EXPECT_EQ(assign.Data().at("assignmentHistory").as_array().size(), 1u);
    EXPECT_EQ(assign.Data().at("history").as_array().back().at("notes").as_string(), "Assigned to Ravi Admin");
    EXPECT_EQ(Patch(admin, id, "status", R"({"status":"In Progress"})").Code(), "INVALID_TRANSITION");
    EXPECT_EQ(Patch(admin, id, "resolve", R"({"resolutionNotes":"short"})").Field(), "resolutionNotes");
    auto resolved = Patch(admin, id, "resolve", R"({"resolutionNotes":"Replacement bottle shipped today."})");
    ASSERT_EQ(resolved.status, 200) << resolved.body;
    EXPECT_EQ(resolved.Str("data.status"), "Resolved");
    EXPECT_EQ(resolved.Str("data.resolvedBy.userId"), admin.id);
    EXPECT_NE(resolved.Str("data.reopenEligibleUntil"), "null");
    EXPECT_EQ(Patch(admin, id, "status", R"({"status":"In Progress"})").Code(), "INVALID_TRANSITION");  // use reopen
    auto closed = Patch(u, id, "status", R"({"status":"Closed"})");
    ASSERT_EQ(closed.status, 200) << closed.body;
    EXPECT_NE(closed.Str("data.closedAt"), "null");
    EXPECT_EQ(closed.Data().as_object().if_contains("assignmentHistory"), nullptr);  // customer view
    auto reopened = complaints->Post("/api/v1/complaints/" + id + "/reopen", R"({"reason":"The replacement also leaks"})", Bearer(u.access));
    ASSERT_EQ(reopened.status, 200) << reopened.body;
    EXPECT_EQ(reopened.Str("data.status"), "In Progress");
    EXPECT_EQ(reopened.Str("data.reopenedCount"), "1");
    EXPECT_EQ(reopened.Str("data.resolutionNotes"), "null");
    EXPECT_EQ(reopened.Str("data.assignedTo.userId"), admin.id);  // assignment kept
    // Resolve through PATCH status with notes.
    EXPECT_EQ(Patch(admin, id, "status", R"({"status":"Resolved"})").Field(), "notes");
    EXPECT_EQ(Patch(admin, id, "status", R"({"status":"Resolved","notes":"Refund issued instead."})").Str("data.status"), "Resolved");
    auto mails = MailEnvironment::mail->WaitFor(u.email, 2, std::chrono::seconds(10), "resolved");
    EXPECT_EQ(mails.size(), 2u);
}

class ShortReopenWindow : public ComplaintTest {
protected:
    std::map<std::string, std::string> Extra() override { return {{"REOPEN_WINDOW", "1s"}}; }
};

TEST_F(ShortReopenWindow, CustomersReopenOnlyWithinTheWindowAdministratorsAlways) {
    auto u = Customer();
    auto id = RegisterId(u);
    ASSERT_EQ(Patch(admin, id, "resolve", R"({"resolutionNotes":"Replacement bottle shipped today."})").status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(1300));
    auto late = complaints->Post("/api/v1/complaints/" + id + "/reopen", R"({"reason":"Still broken"})", Bearer(u.access));
    EXPECT_EQ(late.Code(), "INVALID_TRANSITION");
    EXPECT_EQ(late.Str("message"), "This complaint can no longer be reopened; please register a new complaint.");
    EXPECT_EQ(complaints->Post("/api/v1/complaints/" + id + "/reopen", R"({"reason":"Escalated"})", Bearer(admin.access)).status, 200);
}

TEST_F(ComplaintTest, AssignmentOnlyToActiveAdministrators) {
    auto u = Customer();
    auto id = RegisterId(u);
    EXPECT_EQ(Patch(admin, id, "assign", R"({"assignedTo":")" + u.id + "\"}").Field(), "assignedTo");
    EXPECT_EQ(Patch(admin, id, "assign", "{}").Field(), "assignedTo");
    auto created = auth->Post("/api/v1/auth/admin/users",
                              R"({"email":")" + UniqueEmail("adm2") + R"(","password":"Admin23456","fullName":"Second Admin"})",
                              Bearer(admin.access));
    std::string second = created.Str("data.user.id");
    ASSERT_EQ(auth->Patch("/api/v1/auth/admin/users/" + second + "/active", R"({"isActive":false})", Bearer(admin.access)).status, 200);
    EXPECT_EQ(Patch(admin, id, "assign", R"({"assignedTo":")" + second + "\"}").Field(), "assignedTo");
    ASSERT_EQ(Patch(admin, id, "assign", R"({"assignedTo":")" + admin.id + "\"}").status, 200);
    auto again = Patch(admin, id, "assign", R"({"assignedTo":")" + admin.id + "\"}");
    EXPECT_EQ(again.Data().at("assignmentHistory").as_array().size(), 1u);  // no-op
    auto unassigned = Patch(admin, id, "assign", R"({"assignedTo":null})");
    EXPECT_EQ(unassigned.Str("data.assignedTo"), "null");
    EXPECT_EQ(unassigned.Str("data.status"), "In Progress");
    EXPECT_NE(unassigned.Data().at("assignmentHistory").as_array()[0].at("unassignedAt"), nullptr);
    EXPECT_EQ(complaints->Get("/api/v1/complaints?assignedTo=none", Bearer(admin.access)).Str("data.total"), "1");
    EXPECT_EQ(complaints->Get("/api/v1/complaints?assignedTo=me", Bearer(u.access)).status, 403);
    auth->Stop();
    EXPECT_EQ(Patch(admin, id, "assign", R"({"assignedTo":")" + admin.id + "\"}").status, 503);
}

TEST_F(ComplaintTest, InternalNotesNeverReachTheCustomer) {
    auto u = Customer();
    auto id = RegisterId(u);
    auto note = complaints->Post("/api/v1/complaints/" + id + "/comments", R"({"comment":"Courier at fault, claim filed","isInternal":true})",
                                 Bearer(admin.access));
    ASSERT_EQ(note.status, 201) << note.body;
    auto reply = complaints->Post("/api/v1/complaints/" + id + "/comments", R"({"comment":"Sorry! A replacement is on its way."})",
                                  Bearer(admin.access));
    ASSERT_EQ(reply.status, 201);
    EXPECT_EQ(complaints->Post("/api/v1/complaints/" + id + "/comments", R"({"comment":"hi","isInternal":true})", Bearer(u.access)).Field(),
              "isInternal");
    EXPECT_EQ(complaints->Post("/api/v1/complaints/" + id + "/comments", R"({"comment":"Thank you!"})", Bearer(u.access)).status, 201);
    auto theirs = complaints->Get("/api/v1/complaints/" + id + "/comments", Bearer(u.access));
    EXPECT_EQ(theirs.Str("data.total"), "2");
    EXPECT_EQ(theirs.body.find("Courier at fault"), std::string::npos);
    for (const std::string& path : std::vector<std::string>{"/api/v1/complaints/" + id, "/api/v1/complaints", "/api/v1/complaints/search?q=parcel"})
        EXPECT_EQ(complaints->Get(path, Bearer(u.access)).body.find("Courier at fault"), std::string::npos) << path;
    EXPECT_EQ(complaints->Get("/api/v1/complaints/" + id + "/comments", Bearer(admin.access)).Str("data.total"), "3");
    auto mails = MailEnvironment::mail->WaitFor(u.email, 1, std::chrono::seconds(10), "New reply");
    ASSERT_EQ(mails.size(), 1u);
    EXPECT_EQ(std::string(mails[0].at("text").as_string()).find("Courier"), std::string::npos);
    // On a closed complaint only internal notes.
    Patch(admin, id, "resolve", R"({"resolutionNotes":"Replacement delivered to the customer."})");
    Patch(u, id, "status", R"({"status":"Closed"})");
    EXPECT_EQ(complaints->Post("/api/v1/complaints/" + id + "/comments", R"({"comment":"One more thing"})", Bearer(u.access)).Code(), "CONFLICT");
    EXPECT_EQ(complaints->Post("/api/v1/complaints/" + id + "/comments", R"({"comment":"Closed note","isInternal":true})",
                               Bearer(admin.access)).status, 201);
    EXPECT_EQ(Patch(admin, id, "assign", R"({"assignedTo":")" + admin.id + "\"}").Code(), "CONFLICT");
}

TEST_F(ComplaintTest, EditingRulesDifferForOwnersAndAdministrators) {
    auto u = Customer(), other = Customer();
    auto id = RegisterId(u);
    EXPECT_EQ(complaints->Put("/api/v1/complaints/" + id, R"({"subject":"Parcel damaged badly"})", Bearer(u.access)).Str("data.subject"),
              "Parcel damaged badly");
    EXPECT_EQ(complaints->Put("/api/v1/complaints/" + id, R"({"priority":"High"})", Bearer(u.access)).Field(), "priority");
    EXPECT_EQ(complaints->Put("/api/v1/complaints/" + id, R"({"description":"Admin rewriting it."})", Bearer(admin.access)).Field(),
              "description");
    EXPECT_EQ(complaints->Put("/api/v1/complaints/" + id, R"({"priority":"Urgent"})", Bearer(admin.access)).Str("data.priority"), "Urgent");
    EXPECT_EQ(complaints->Get("/api/v1/complaints/" + id, Bearer(other.access)).status, 404);
    EXPECT_EQ(complaints->Put("/api/v1/complaints/" + id, R"({"subject":"Someone else's"})", Bearer(other.access)).status, 404);
    Patch(admin, id, "assign", R"({"assignedTo":")" + admin.id + "\"}");
    EXPECT_EQ(complaints->Put("/api/v1/complaints/" + id, R"({"subject":"Too late now"})", Bearer(u.access)).Code(), "CONFLICT");
    auto sorted = complaints->Get("/api/v1/complaints?sort=-priority&priority=Urgent,High", Bearer(admin.access));
    EXPECT_EQ(sorted.Str("data.total"), "1");
    auto del = complaints->Delete("/api/v1/complaints/" + id, Bearer(admin.access));
    EXPECT_EQ(del.status, 200);
    EXPECT_EQ(complaints->Get("/api/v1/complaints/" + id, Bearer(u.access)).status, 404);
    EXPECT_EQ(complaints->Get("/api/v1/complaints?includeDeleted=true", Bearer(admin.access)).Str("data.total"), "1");
}

TEST_F(ComplaintTest, IdempotentRegistrationAndBadInput) {
    auto u = Customer();
    Headers key = {{"Idempotency-Key", "complaint-key-123"}};
    auto first = Register(u, kBody, key);
    auto again = Register(u, kBody, key);
    EXPECT_EQ(again.Header("idempotent-replayed"), "true");
    EXPECT_EQ(again.Str("data.id"), first.Str("data.id"));
    EXPECT_EQ(Register(u, R"({"category":"Other","subject":"Different body","description":"Different description here."})", key).status, 409);
    for (const std::string body : {"{", "[]", R"({"category":"Bad","subject":"Valid subject","description":"Valid description"})",
                                   R"({"category":"Other","subject":"abc","description":"Valid description"})",
                                   R"({"category":"Other","subject":"Valid subject","description":"short"})",
                                   R"({"category":"Other","subject":"Two\nlines","description":"Valid description"})",
                                   R"({"category":"Other","subject":"Valid subject","description":"Valid description","status":"Closed"})"}) {
        auto r = Register(u, body);
        EXPECT_GE(r.status, 400) << body;
        EXPECT_LT(r.status, 500) << body << r.body;
    }
    EXPECT_EQ(complaints->Get("/api/v1/complaints", Bearer(u.access)).Str("data.total"), "1");
    EXPECT_EQ(complaints->Get("/api/v1/complaints?category=Food", Bearer(u.access)).Field(), "category");
}

TEST_F(ComplaintTest, OwnersRateEachResolutionOnce) {
    auto u = Customer(), other = Customer();
    auto id = RegisterId(u);
    auto early = complaints->Post("/api/v1/complaints/" + id + "/feedback", R"({"rating":5})", Bearer(u.access));
    EXPECT_EQ(early.Code(), "INVALID_TRANSITION");
    ASSERT_EQ(Patch(admin, id, "resolve", R"({"resolutionNotes":"Replacement bottle shipped today."})").status, 200);
    EXPECT_EQ(complaints->Post("/api/v1/complaints/" + id + "/feedback", R"({"rating":6})", Bearer(u.access)).Field(), "rating");
    EXPECT_EQ(complaints->Post("/api/v1/complaints/" + id + "/feedback", R"({"rating":4})", Bearer(other.access)).status, 404);
    EXPECT_EQ(complaints->Post("/api/v1/complaints/" + id + "/feedback", R"({"rating":4})", Bearer(admin.access)).status, 403);
    auto first = complaints->Post("/api/v1/complaints/" + id + "/feedback", R"({"rating":2,"comment":"Slow"})", Bearer(u.access));
    ASSERT_EQ(first.status, 201) << first.body;
    EXPECT_EQ(first.Str("data.resolutionNumber"), "1");
    EXPECT_EQ(complaints->Post("/api/v1/complaints/" + id + "/feedback", R"({"rating":3})", Bearer(u.access)).Code(), "CONFLICT");
    ASSERT_EQ(complaints->Post("/api/v1/complaints/" + id + "/reopen", R"({"reason":"Still leaking"})", Bearer(u.access)).status, 200);
    ASSERT_EQ(Patch(admin, id, "resolve", R"({"resolutionNotes":"Refunded in full this time."})").status, 200);
    auto second = complaints->Post("/api/v1/complaints/" + id + "/feedback", R"({"rating":5})", Bearer(u.access));
    EXPECT_EQ(second.Str("data.resolutionNumber"), "2");
    EXPECT_EQ(complaints->Get("/api/v1/complaints/" + id, Bearer(u.access)).Str("data.feedback.rating"), "5");
    auto mails = MailEnvironment::mail->WaitFor(u.email, 1, std::chrono::seconds(10), "resolved");
    ASSERT_FALSE(mails.empty());
    EXPECT_NE(std::string(mails[0].at("text").as_string()).find("?rate=1"), std::string::npos);
}

TEST_F(ComplaintTest, OpenApiDocumentsEveryRoute) {
    EXPECT_GE(ExpectDocumentedOperationsRouted(COMPLAINT_OPENAPI, *complaints, "00000000-0000-4000-8000-000000000000"), 20u);
}

// Four complaints of known outcomes; expected figures computed here.
TEST_F(ComplaintTest, StatsCountAgesResponsesReopensAndSatisfaction) {
    auto u = Customer();
    std::vector<std::string> ids;
    for (int i = 0; i < 4; ++i) ids.push_back(RegisterId(u));
    ASSERT_EQ(Patch(admin, ids[0], "assign", R"({"assignedTo":")" + admin.id + "\"}").status, 200);           // responded
    ASSERT_EQ(complaints->Post("/api/v1/complaints/" + ids[1] + "/comments", R"({"comment":"Looking into it"})",
                               Bearer(admin.access)).status, 201);                                              // responded
    for (const auto& id : {ids[0], ids[1]})
        ASSERT_EQ(Patch(admin, id, "resolve", R"({"resolutionNotes":"Replacement shipped to you."})").status, 200);
    ASSERT_EQ(complaints->Post("/api/v1/complaints/" + ids[1] + "/reopen", R"({"reason":"Not fixed yet"})", Bearer(u.access)).status, 200);
    ASSERT_EQ(complaints->Post("/api/v1/complaints/" + ids[0] + "/feedback", R"({"rating":4})", Bearer(u.access)).status, 201);
    ASSERT_EQ(Patch(admin, ids[3], "status", R"({"status":"In Progress"})").status, 200);
    auto s = complaints->Get("/api/v1/complaints/stats", Bearer(admin.access));
    ASSERT_EQ(s.status, 200) << s.body;
    EXPECT_NE(s.body.find(R"({"status":"In Progress","count":2})"), std::string::npos) << s.body;  // reopened + moved
    EXPECT_NE(s.body.find(R"({"status":"Open","count":1})"), std::string::npos);
    EXPECT_NE(s.body.find(R"({"status":"Resolved","count":1})"), std::string::npos);
    EXPECT_NE(s.body.find(R"({"age":"< 1 d","count":3})"), std::string::npos);  // open or in progress, all new
    EXPECT_EQ(s.Str("data.resolved"), "2");
    EXPECT_EQ(s.Str("data.reopened"), "1");
    EXPECT_NE(s.body.find(R"("reopenRate":50.00)"), std::string::npos);
    EXPECT_NE(s.Str("data.firstResponseHours.median"), "null");  // two complaints had a first response
    EXPECT_NE(s.Str("data.resolutionHours.median"), "null");      // one is resolved now
    EXPECT_EQ(s.Str("data.satisfaction.ratings"), "1");
    EXPECT_NE(s.body.find(R"("average":4.00)"), std::string::npos);
    EXPECT_NE(s.body.find(R"({"assignee":"Ravi Admin","average":4.00,"ratings":1})"), std::string::npos) << s.body;
    // All four were registered today: one daily bucket; the reopened one counts as resolved no more.
    EXPECT_EQ(s.Str("data.interval"), "day");
    EXPECT_EQ(s.Str("data.series.0.registered"), "4") << s.body;
    EXPECT_EQ(s.Str("data.series.0.resolved"), "1");
    EXPECT_EQ(s.Str("data.series.1.registered"), "");
    auto weekly = complaints->Get("/api/v1/complaints/stats?interval=week", Bearer(admin.access));
    EXPECT_EQ(weekly.Str("data.interval"), "week");
    EXPECT_EQ(weekly.Str("data.series.0.registered"), "4");
    EXPECT_EQ(complaints->Get("/api/v1/complaints/stats?interval=month", Bearer(admin.access)).Field(), "interval");
    // Open complaints count in the backlog whatever the period; the period's figures are empty.
    auto before = complaints->Get("/api/v1/complaints/stats?from=2020-01-01&to=2020-01-31", Bearer(admin.access));
    EXPECT_NE(before.body.find(R"({"age":"< 1 d","count":3})"), std::string::npos) << before.body;
    EXPECT_NE(before.body.find(R"("byStatus":[])"), std::string::npos);
    EXPECT_EQ(complaints->Get("/api/v1/complaints/stats", Bearer(u.access)).status, 403);
}
