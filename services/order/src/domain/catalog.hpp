// The read-only product catalogue (API.md §6.4), loaded at startup from a JSON data file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/model.hpp"
#include "shop/json/reader.hpp"

namespace order {

struct Product {
    std::string product_id, name, description;
    Paise unit_price = 0;
    bool active = true;
};
shop::json::bj::object ToJson(const Product& p);

class Catalog {
public:
    // `[{"productId","name","description","unitPricePaise","active"}]`; throws on a malformed file.
    static Catalog FromJson(std::string_view text);
    const Product* Find(const std::string& product_id) const;
    std::pair<std::vector<const Product*>, std::int64_t> List(const std::optional<std::string>& q, bool include_inactive,
                                                              const shop::json::PageRequest& page) const;
    std::size_t size() const { return products_.size(); }

private:
    std::vector<Product> products_;
    std::unordered_map<std::string, std::size_t> by_id_;
};

}  // namespace order
