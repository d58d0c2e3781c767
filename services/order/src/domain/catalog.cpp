#include "domain/catalog.hpp"

#include <algorithm>
#include <stdexcept>

namespace order {

namespace bj = shop::json::bj;

namespace {

using shop::json::Lower;
}  // namespace

bj::object ToJson(const Product& p) {
    return {{"productId", p.product_id}, {"name", p.name},   {"description", p.description},
            {"unitPrice", shop::json::Money(p.unit_price)}, {"currency", "INR"}, {"active", p.active}};
}

Catalog Catalog::FromJson(std::string_view text) {
    auto doc = shop::json::ParseStrict(text);
    if (!doc || !doc->is_array()) throw std::runtime_error("product catalogue must be a JSON array");
    Catalog c;
    for (const auto& v : doc->get_array()) {
        const auto& o = v.as_object();
        Product p{std::string(o.at("productId").as_string()), std::string(o.at("name").as_string()),
                  std::string(o.at("description").as_string()), o.at("unitPricePaise").as_int64(),
                  o.at("active").as_bool()};
        if (p.product_id.empty() || p.product_id.size() > 40 || p.unit_price < 0 || c.by_id_.contains(p.product_id))
            throw std::runtime_error("invalid or duplicate product " + p.product_id);
        c.by_id_[p.product_id] = c.products_.size();
        c.products_.push_back(std::move(p));
    }
    return c;
}

const Product* Catalog::Find(const std::string& product_id) const {
    auto it = by_id_.find(product_id);
    return it == by_id_.end() ? nullptr : &products_[it->second];
}

std::pair<std::vector<const Product*>, std::int64_t> Catalog::List(const std::optional<std::string>& q,
                                                                   bool include_inactive,
                                                                   const shop::json::PageRequest& page) const {
    std::vector<const Product*> matches;
    std::string needle = q ? Lower(*q) : "";
    for (const auto& p : products_) {
        if (!include_inactive && !p.active) continue;
        if (q && Lower(p.name).find(needle) == std::string::npos && Lower(p.description).find(needle) == std::string::npos)
            continue;
        matches.push_back(&p);
    }
    bool by_price = page.sort_field == "unitPrice";
    std::sort(matches.begin(), matches.end(), [&](const Product* a, const Product* b) {
        if (by_price && a->unit_price != b->unit_price)
            return page.descending ? a->unit_price > b->unit_price : a->unit_price < b->unit_price;
        if (!by_price && Lower(a->name) != Lower(b->name))
            return page.descending ? Lower(a->name) > Lower(b->name) : Lower(a->name) < Lower(b->name);
        return page.descending ? a->product_id > b->product_id : a->product_id < b->product_id;
    });
    auto total = static_cast<std::int64_t>(matches.size());
    std::vector<const Product*> out;
    for (auto i = page.offset(); i < total && static_cast<std::int64_t>(out.size()) < page.limit; ++i)
        out.push_back(matches[static_cast<std::size_t>(i)]);
    return {out, total};
}

}  // namespace order
