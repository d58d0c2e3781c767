// Catalogue, placement, reading and visibility over HTTP against the real order and auth binaries.
#include <cmath>
#include <cstring>
#include <fstream>
#include <future>
#include <set>
#include <thread>
#include <sstream>

#include "order_fixture.hpp"

using namespace ordertest;

TEST_F(OrderTest, CatalogueListsActiveProductsSearchesAndSorts) {
    auto all = orders->Get("/api/v1/products?limit=100");
    ASSERT_EQ(all.status, 200) << all.body;
    EXPECT_GE(std::stoi(all.Str("data.total")), 50);
    for (const auto& p : all.Data().at("items").as_array()) EXPECT_TRUE(p.at("active").as_bool());
    auto with_inactive = orders->Get("/api/v1/products?includeInactive=true&limit=100");
    EXPECT_GT(std::stoi(with_inactive.Str("data.total")), std::stoi(all.Str("data.total")));
    auto cheap = orders->Get("/api/v1/products?sort=unitPrice&limit=1");
    auto dear = orders->Get("/api/v1/products?sort=-unitPrice&limit=1");
    EXPECT_LT(cheap.Data().at("items").as_array()[0].at("unitPrice").to_number<double>(),
              dear.Data().at("items").as_array()[0].at("unitPrice").to_number<double>());
    auto bottle = orders->Get("/api/v1/products/P-1001");
    EXPECT_EQ(bottle.Str("data.name"), "Steel Water Bottle 1L");
    EXPECT_NE(bottle.body.find(R"("unitPrice":499.00)"), std::string::npos);
    EXPECT_GE(std::stoi(orders->Get("/api/v1/products?q=water%20BOTTLE").Str("data.total")), 1);
    EXPECT_EQ(orders->Get("/api/v1/products/NOPE").status, 404);
    EXPECT_EQ(orders->Get("/api/v1/products?sort=colour").Field(), "sort");
}

TEST_F(OrderTest, PlacesAnOrderWithServerComputedTotalsExactToThePaisa) {
    auto u = Customer("Meera Iyer");
    auto mid = orders->Get("/api/v1/products?includeInactive=true&limit=100");
    // Pick products with awkward prices: 333.33 x 3 and 0.10 x 7 expose binary floating point.
    std::string awkward, tiny;
    for (const auto& p : mid.Data().at("items").as_array()) {
        auto paise = std::llround(p.at("unitPrice").to_number<double>() * 100);
        if (!p.at("active").as_bool()) continue;
        if (paise == 33333) awkward = std::string(p.at("productId").as_string());
        if (paise == 10) tiny = std::string(p.at("productId").as_string());
    }
    ASSERT_FALSE(awkward.empty());
    ASSERT_FALSE(tiny.empty());
    auto r = Place(u, R"([{"productId":")" + awkward + R"(","quantity":3},{"productId":")" + tiny +
                          R"(","quantity":7},{"productId":"P-1001","quantity":2}])");
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_NE(r.body.find(R"("subtotal":1998.69)"), std::string::npos) << r.body;  // 999.99 + 0.70 + 998.00
    EXPECT_NE(r.body.find(R"("totalAmount":1998.69)"), std::string::npos);
    EXPECT_NE(r.body.find(R"("totalPrice":999.99)"), std::string::npos);
    EXPECT_NE(r.body.find(R"("totalPrice":0.70)"), std::string::npos);
    EXPECT_EQ(r.Str("data.status"), "Placed");
    EXPECT_EQ(r.Str("data.currency"), "INR");
    EXPECT_EQ(r.Str("data.customerName"), "Meera Iyer");
    EXPECT_EQ(r.Str("data.customerEmail"), u.email);
    EXPECT_EQ(r.Str("data.customerId"), u.id);
    EXPECT_EQ(r.Str("data.version"), "1");
    EXPECT_EQ(r.Header("etag"), "\"1\"");
    EXPECT_EQ(r.Header("location"), "/api/v1/orders/" + r.Str("data.id"));
    std::string number = r.Str("data.orderId");
    EXPECT_EQ(number.size(), 19u);
    EXPECT_EQ(number.rfind("ORD-", 0), 0u);
    EXPECT_EQ(number.find_first_of("01ILOU", 13), std::string::npos);
    const auto& history = r.Data().at("history").as_array();
    ASSERT_EQ(history.size(), 1u);
    EXPECT_TRUE(history[0].at("previousStatus").is_null());
    EXPECT_EQ(history[0].at("changedByRole").as_string(), "Customer");

    auto mails = mail().WaitFor(u.email, 1, std::chrono::seconds(10), number);
    ASSERT_EQ(mails.size(), 1u);
    std::string text(mails[0].at("text").as_string());
    EXPECT_NE(text.find("INR 1,998.69"), std::string::npos) << text;
    EXPECT_NE(text.find("Meera Iyer"), std::string::npos);
}

TEST_F(OrderTest, PlacementValidatesEveryLineAgainstTheCatalogue) {
    auto u = Customer();
    auto unknown = Place(u, R"([{"productId":"P-1001","quantity":1},{"productId":"NOPE","quantity":1}])");
    EXPECT_EQ(unknown.status, 400);
    EXPECT_EQ(unknown.Field(), "items[1].productId");
    EXPECT_EQ(unknown.json.at("errors").as_array()[0].at("message").as_string(), "unknown or unavailable product");
    auto inactive = Place(u, R"([{"productId":"P-1060","quantity":1}])");
    EXPECT_EQ(inactive.Field(), "items[0].productId");
    auto dup = Place(u, R"([{"productId":"P-1001","quantity":1},{"productId":"P-1001","quantity":2}])");
    EXPECT_EQ(dup.Field(), "items[1].productId");
    EXPECT_NE(dup.body.find("combine the quantities"), std::string::npos);
    EXPECT_EQ(Place(u, R"([{"productId":"P-1001","quantity":0}])").Field(), "items[0].quantity");
    EXPECT_EQ(Place(u, R"([{"productId":"P-1001","quantity":101}])").Field(), "items[0].quantity");
    EXPECT_EQ(Place(u, R"([{"productId":"P-1001","quantity":"2"}])").Field(), "items[0].quantity");
    EXPECT_EQ(Place(u, R"([{"productId":"P-1001","quantity":1,"unitPrice":1}])").Field(), "items[0].unitPrice");
    EXPECT_EQ(Place(u, "[]").Field(), "items");
    auto no_address = orders->Post("/api/v1/orders", R"({"items":[{"productId":"P-1001","quantity":1}]})", Bearer(u.access));
    EXPECT_EQ(no_address.Field(), "deliveryAddress");
    auto total = orders->Post("/api/v1/orders", R"({"items":[{"productId":"P-1001","quantity":1}],"deliveryAddress":)" + kAddress +
                                                    R"(,"totalAmount":1})", Bearer(u.access));
    EXPECT_EQ(total.Field(), "totalAmount");
    auto admin = Admin();
    auto forbidden = Place(admin, R"([{"productId":"P-1001","quantity":1}])");
    EXPECT_EQ(forbidden.status, 403);
    EXPECT_EQ(orders->Get("/api/v1/orders", Bearer(u.access)).Str("data.total"), "0");  // nothing stored
}

TEST_F(OrderTest, IdempotencyKeyReplaysTheFirstResponseAndCreatesOneOrder) {
    auto u = Customer();
    std::string items = R"([{"productId":"P-1001","quantity":2}])";
    Headers key = {{"Idempotency-Key", "key-0123456789-abc"}};
    auto first = Place(u, items, key);
    ASSERT_EQ(first.status, 201);
    // Same body with other whitespace and key order is the same request.
    auto h = Bearer(u.access);
    h.push_back(key[0]);
    auto again = orders->Post("/api/v1/orders", R"({ "deliveryAddress": )" + kAddress + R"(, "items": )" + items + " }", h);
    EXPECT_EQ(again.status, 201);
    EXPECT_EQ(again.Header("idempotent-replayed"), "true");
    EXPECT_EQ(again.Str("data.id"), first.Str("data.id"));
    EXPECT_EQ(again.Header("location"), first.Header("location"));
    auto different = Place(u, R"([{"productId":"P-1001","quantity":3}])", key);
    EXPECT_EQ(different.status, 409);
    EXPECT_EQ(different.Field(), "Idempotency-Key");
    EXPECT_EQ(Place(u, items, {{"Idempotency-Key", "short"}}).Field(), "Idempotency-Key");
    // The key is per user: another customer may use it.
    auto other = Customer();
    EXPECT_EQ(Place(other, items, key).status, 201);
    EXPECT_EQ(orders->Get("/api/v1/orders", Bearer(u.access)).Str("data.total"), "1");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(mail().WaitFor(u.email, 1, std::chrono::seconds(10), "confirmed").size(), 1u);
}

TEST_F(OrderTest, ConcurrentPlacementsWithOneKeyCreateOneOrder) {
    auto u = Customer();
    std::vector<std::future<HttpResponse>> calls;
    for (int i = 0; i < 8; ++i)
        calls.push_back(std::async(std::launch::async, [&] {
            return Place(u, R"([{"productId":"P-1002","quantity":1}])", {{"Idempotency-Key", "same-key-for-all-8"}});
        }));
    std::set<std::string> ids;
    for (auto& c : calls) {
        auto r = c.get();
        if (r.status == 201) ids.insert(r.Str("data.id"));
        else EXPECT_EQ(r.status, 409);
    }
    EXPECT_EQ(ids.size(), 1u);
    EXPECT_EQ(orders->Get("/api/v1/orders", Bearer(u.access)).Str("data.total"), "1");
}

TEST_F(OrderTest, CustomersSeeOnlyTheirOwnOrders) {
    auto a = Customer(), b = Customer();
    auto id = PlaceId(a);
    PlaceId(b);
    EXPECT_EQ(orders->Get("/api/v1/orders/" + id, Bearer(a.access)).status, 200);
    EXPECT_EQ(orders->Get("/api/v1/orders/" + id, Bearer(b.access)).status, 404);
    EXPECT_EQ(orders->Post("/api/v1/orders/" + id + "/cancel", R"({"reason":"not mine"})", Bearer(b.access)).status, 404);
    auto list = orders->Get("/api/v1/orders", Bearer(a.access));
    EXPECT_EQ(list.Str("data.total"), "1");
    EXPECT_TRUE(list.Data().at("items").as_array()[0].as_object().if_contains("history") == nullptr);
    EXPECT_EQ(orders->Get("/api/v1/orders?customerId=" + b.id, Bearer(a.access)).status, 403);
    EXPECT_EQ(orders->Get("/api/v1/orders?includeDeleted=true", Bearer(a.access)).Field(), "includeDeleted");
    auto admin = Admin();
    EXPECT_EQ(orders->Get("/api/v1/orders?customerId=" + b.id, Bearer(admin.access)).Str("data.total"), "1");
    EXPECT_EQ(orders->Get("/api/v1/orders", Bearer(admin.access)).Str("data.total"), "2");
}

TEST_F(OrderTest, ServiceCredentialReadsAnyOrderWithItsOwner) {
    auto a = Customer();
    auto id = PlaceId(a);
    auto r = orders->Get("/api/v1/orders/" + id, Svc());
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.Str("data.customerId"), a.id);
    EXPECT_EQ(orders->Get("/api/v1/orders?customerId=" + a.id, Svc()).Str("data.total"), "1");
    EXPECT_EQ(orders->Post("/api/v1/orders/" + id + "/cancel", R"({"reason":"service"})", Svc()).status, 401);
}

TEST_F(OrderTest, SearchAndFiltersFollowTheListRules) {
    auto a = Customer();
    auto r = Place(a, R"([{"productId":"P-1001","quantity":1}])");
    std::string number = r.Str("data.orderId");
    PlaceId(a, R"([{"productId":"P-1002","quantity":5}])");
    std::string lower = number;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(orders->Get("/api/v1/orders/search?q=" + lower, Bearer(a.access)).Str("data.total"), "1");
    EXPECT_EQ(orders->Get("/api/v1/orders/search?q=water%20bottle", Bearer(a.access)).Str("data.total"), "1");
    EXPECT_EQ(orders->Get("/api/v1/orders/search", Bearer(a.access)).Field(), "q");
    // Customers cannot search by email; administrators can.
    EXPECT_EQ(orders->Get("/api/v1/orders/search?q=" + a.email, Bearer(a.access)).Str("data.total"), "0");
    auto admin = Admin();
    EXPECT_EQ(orders->Get("/api/v1/orders/search?q=" + a.email, Bearer(admin.access)).Str("data.total"), "2");
    // The order endpoint accepts the human number case-insensitively.
    EXPECT_EQ(orders->Get("/api/v1/orders/" + lower, Bearer(a.access)).Str("data.orderId"), number);
    auto by_total = orders->Get("/api/v1/orders/filter?sort=-totalAmount&minTotal=0.5&maxTotal=100000", Bearer(a.access));
    ASSERT_EQ(by_total.Str("data.total"), "2");
    EXPECT_EQ(orders->Get("/api/v1/orders?minTotal=10&maxTotal=5", Bearer(a.access)).Field(), "minTotal");
    EXPECT_EQ(orders->Get("/api/v1/orders?minTotal=1.234", Bearer(a.access)).Field(), "minTotal");
    EXPECT_EQ(orders->Get("/api/v1/orders?status=placed", Bearer(a.access)).Field(), "status");
    EXPECT_EQ(orders->Get("/api/v1/orders?status=Placed,Processing&limit=1", Bearer(a.access)).Str("data.totalPages"), "2");
    EXPECT_EQ(orders->Get("/api/v1/orders?from=2026-13-01", Bearer(a.access)).Field(), "from");
    EXPECT_EQ(orders->Get("/api/v1/orders?page=99", Bearer(a.access)).Data().at("items").as_array().size(), 0u);
}

TEST_F(OrderTest, RevokedSessionsAreRejectedWithinFiveSeconds) {
    auto a = Customer();
    ASSERT_EQ(orders->Get("/api/v1/orders", Bearer(a.access)).status, 200);
    auth->Post("/api/v1/auth/logout", R"({"refreshToken":")" + a.refresh + R"("})");
    EXPECT_TRUE(Eventually([&] { return orders->Get("/api/v1/orders", Bearer(a.access)).Code() == "TOKEN_REVOKED"; },
                           std::chrono::seconds(5)));
}

TEST_F(OrderTest, UserErasedAnonymisesCopiesOnceAndRedeliveryIsADuplicate) {
    auto a = Customer();
    auto id = PlaceId(a);
    std::string event = R"({"eventId":"7d0c1e9a-1111-4000-8000-000000000001","type":"UserErased","schemaVersion":1,
        "source":"auth-service","occurredAt":"2026-11-25T10:00:00.000Z","requestId":"r","aggregateId":")" + a.id +
                        R"(","aggregateVersion":9,"data":{"userId":")" + a.id + R"(","erasedAt":"2026-11-25T10:00:00.000Z"}})";
    auto first = orders->Post("/api/v1/internal/events", event, Svc());
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(first.Str("data.result"), "processed");
    EXPECT_EQ(orders->Post("/api/v1/internal/events", event, Svc()).Str("data.result"), "duplicate");
    auto admin = Admin();
    auto o = orders->Get("/api/v1/orders/" + id, Bearer(admin.access));
    EXPECT_EQ(o.Str("data.customerName"), "Erased Customer");
    EXPECT_EQ(o.Str("data.customerEmail"), "erased+" + a.id + "@erased.invalid");
    EXPECT_NE(o.body.find(R"("totalAmount":998.00)"), std::string::npos);  // kept for accounting
    EXPECT_EQ(orders->Post("/api/v1/internal/events", event, Bearer(admin.access)).status, 401);
    EXPECT_EQ(orders->Post("/api/v1/internal/events", R"({"type":"UserErased"})", Svc()).status, 400);
}

TEST_F(OrderTest, BadInputGetsEnvelopesAndStoresNothing) {
    auto u = Customer();
    for (const std::string body : {"{", "[]", "null", R"({"items":{}})", R"({"items":[1]})",
                                   R"({"items":[{"productId":"P-1001","quantity":1e400}]})",
                                   R"({"items":[{"productId":"P-1001","productId":"P-1002","quantity":1}]})",
                                   R"({"items":[{"productId":"P-1001\u0000","quantity":1}]})"}) {
        auto r = orders->Post("/api/v1/orders", body, Bearer(u.access));
        EXPECT_GE(r.status, 400) << body;
        EXPECT_LT(r.status, 500) << body << " -> " << r.body;
    }
    auto big = orders->Post("/api/v1/orders", R"({"notes":")" + std::string(70'000, 'x') + R"("})", Bearer(u.access));
    EXPECT_EQ(big.status, 413);
    auto ct = orders->Post("/api/v1/orders", "{}", {{"Authorization", "Bearer " + u.access}, {"Content-Type", "text/xml"}});
    EXPECT_EQ(ct.status, 415);
    auto notes = orders->Post("/api/v1/orders", R"({"items":[{"productId":"P-1001","quantity":1}],"deliveryAddress":)" +
                                                    kAddress + R"(,"notes":")" + std::string(501, 'n') + R"("})",
                              Bearer(u.access));
    EXPECT_EQ(notes.Field(), "notes");
    EXPECT_EQ(orders->Get("/api/v1/orders", Bearer(u.access)).Str("data.total"), "0");
    EXPECT_EQ(orders->Get("/api/v1/orders").status, 401);
}

TEST_F(OrderTest, OperationalEndpointsAndReadiness) {
    auto ready = orders->Get("/health/ready");
    EXPECT_EQ(ready.Str("checks.signingKeys.status"), "up");
    EXPECT_EQ(ready.Str("checks.revocations.status"), "up");
    EXPECT_EQ(orders->Get("/openapi.json").Str("info.title"), "R-MAN Order Service");
    EXPECT_EQ(orders->Get("/docs").status, 200);
    EXPECT_NE(orders->Get("/metrics").body.find("http_requests_total"), std::string::npos);
}

TEST_F(OrderTest, OpenApiDocumentsEveryRouteWithItsRole) {
    EXPECT_GE(ExpectDocumentedOperationsRouted(ORDER_OPENAPI, *orders, "00000000-0000-4000-8000-000000000000"), 22u);
}
