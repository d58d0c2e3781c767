#include "domain/model.hpp"

namespace customer {

namespace bj = shop::json::bj;

bj::object ToJson(const Customer& c) {
    auto ts = [](const std::optional<TimeMs>& t) { return t ? bj::value(shop::FormatTimestamp(*t)) : bj::value(nullptr); };
    return {{"id", c.id},
            {"userId", c.id},
            {"email", c.email},
            {"fullName", c.full_name},
            {"contactNumber", shop::json::OrNull(c.contact_number)},
            {"address", c.address ? shop::json::ToJson(*c.address) : bj::value(nullptr)},
            {"accountStatus", c.account_status},
            {"totalOrders", c.total_orders},
            {"totalComplaints", c.total_complaints},
            {"totalSpent", shop::json::Money(c.total_spent)},
            {"currency", "INR"},
            {"lastOrderDate", ts(c.last_order_date)},
            {"customerSince", shop::FormatTimestamp(c.customer_since)},
            {"erased", c.erased},
            {"deletedAt", ts(c.deleted_at)},
            {"createdAt", shop::FormatTimestamp(c.created_at)},
            {"updatedAt", shop::FormatTimestamp(c.updated_at)},
            {"version", c.version}};
}

bj::object ToJson(const TimelineEntry& t) {
    return {{"id", t.id},
            {"type", t.type},
            {"occurredAt", shop::FormatTimestamp(t.occurred_at)},
            {"summary", t.summary},
            {"reference", t.reference ? bj::value(*t.reference) : bj::value(nullptr)},
            {"actor", t.actor ? bj::value(*t.actor) : bj::value(nullptr)}};
}

namespace {
std::string Digits(std::string_view s) {
    std::string out;
    for (char ch : s)
        if (std::isdigit(static_cast<unsigned char>(ch)) || ch == '+') out.push_back(ch);
    return out;
}
}  // namespace

std::string SearchText(const Customer& c) {
    std::string phone = c.contact_number.value_or("");
    return shop::json::Lower(c.full_name + "\n" + c.email + "\n" + phone + "\n" + Digits(phone) + "\n" + c.id);
}

PhoneTerm PhoneTermOf(std::string_view q) {
    PhoneTerm t{Digits(q)};
    t.phone_like = !t.digits.empty() && q.find_first_not_of("+0123456789 ()-") == std::string_view::npos;
    return t;
}

}  // namespace customer
