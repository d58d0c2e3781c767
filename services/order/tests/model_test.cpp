#include <gtest/gtest.h>

#include "domain/catalog.hpp"
#include "domain/order_service.hpp"

using namespace order;

TEST(Money, FormatsRupeesWithIndianGrouping) {
    EXPECT_EQ(FormatRupees(0), "INR 0.00");
    EXPECT_EQ(FormatRupees(99999), "INR 999.99");
    EXPECT_EQ(FormatRupees(12345678), "INR 1,23,456.78");
    EXPECT_EQ(FormatRupees(1234567890), "INR 1,23,45,678.90");
}

TEST(OrderDocument, RoundTripsExactlyToThePaisa) {
    Order o;
    o.id = "5f0c1e9a-0000-4000-8000-000000000000";
    o.order_id = "ORD-20261125-7K3M9Q";
    o.user_id = "u";
    o.items.push_back({"P-1", "Thing", 3, 33333, 99999, false});
    o.delivery_address = {"12 MG Road", "Bengaluru", "Karnataka", "560001", "IN"};
    o.subtotal = o.total = 99999;
    o.created_at = o.updated_at = 1795601730123;
    o.history.push_back({std::nullopt, "Placed", "u", "Customer", std::nullopt, 1795601730123});
    auto doc = ToJson(o, true);
    EXPECT_EQ(shop::json::Serialize(doc.at("totalAmount")), "999.99");
    auto back = OrderFromJson(doc, &doc.at("history").as_array());
    EXPECT_EQ(back.total, 99999);
    EXPECT_EQ(back.items[0].unit_price, 33333);
    EXPECT_EQ(back.created_at, o.created_at);
    EXPECT_EQ(back.history.size(), 1u);
}

TEST(Catalog, RejectsDuplicateProductsAndSortsByPrice) {
    EXPECT_THROW(Catalog::FromJson(R"([{"productId":"A","name":"a","description":"","unitPricePaise":1,"active":true},
                                       {"productId":"A","name":"b","description":"","unitPricePaise":2,"active":true}])"),
                 std::runtime_error);
    auto c = Catalog::FromJson(R"([{"productId":"A","name":"Zed","description":"","unitPricePaise":300,"active":true},
                                   {"productId":"B","name":"Alpha","description":"","unitPricePaise":100,"active":false},
                                   {"productId":"C","name":"Mid","description":"kettle","unitPricePaise":200,"active":true}])");
    shop::json::PageRequest page;
    page.sort_field = "unitPrice";
    auto [active, total] = c.List(std::nullopt, false, page);
    ASSERT_EQ(total, 2);
    EXPECT_EQ(active[0]->product_id, "C");
    auto [all, all_total] = c.List(std::string("KETTLE"), true, page);
    EXPECT_EQ(all_total, 1);
}
