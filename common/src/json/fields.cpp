#include "shop/json/fields.hpp"

#include <algorithm>
#include <cctype>

namespace shop::json {
namespace {

Error Bad(std::string message) { return Error::Of(ErrorCode::kValidationFailed, std::move(message)); }

bool IsLabel(std::string_view label) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    return std::all_of(label.begin(), label.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

}  // namespace

Result<std::string> CheckEmail(std::string email) {
    email = Lower(std::move(email));
    auto at = email.find('@');
    if (at == std::string::npos || email.find('@', at + 1) != std::string::npos) return Bad("must be a valid email address");
    std::string_view local(email.data(), at), domain(email.data() + at + 1, email.size() - at - 1);
    if (local.empty() || local.size() > 64) return Bad("must be a valid email address");
    for (char c : local)
        if (c == ' ' || static_cast<unsigned char>(c) < 0x21) return Bad("must be a valid email address");
    if (domain.find('.') == std::string_view::npos) return Bad("must be a valid email address");
    std::size_t start = 0;
    while (start <= domain.size()) {
        auto dot = domain.find('.', start);
        auto label = domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (!IsLabel(label)) return Bad("must be a valid email address");
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return email;
}

Result<std::string> CheckFullName(std::string name) {
    bool letter = false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        auto c = static_cast<unsigned char>(name[i]);
        // Any non-ASCII code point counts as a letter (names in every script); ASCII needs isalpha.
        if (std::isalpha(c) || c >= 0xC3) letter = true;
    }
    if (!letter) return Bad("must contain at least one letter");
    return name;
}

Result<std::string> CheckContactNumber(std::string number) {
    // ^\+?[0-9][0-9 ()-]*[0-9]$ with 7–15 digits
    std::size_t i = number[0] == '+' ? 1 : 0;
    int digits = 0;
    if (i >= number.size() || !std::isdigit(static_cast<unsigned char>(number[i])) ||
        !std::isdigit(static_cast<unsigned char>(number.back())))
        return Bad("must be a phone number such as +91 98450 12345");
    for (; i < number.size(); ++i) {
        char c = number[i];
        if (std::isdigit(static_cast<unsigned char>(c))) ++digits;
        else if (c != ' ' && c != '(' && c != ')' && c != '-') return Bad("must be a phone number such as +91 98450 12345");
    }
    if (digits < 7 || digits > 15) return Bad("must contain between 7 and 15 digits");
    return number;
}

std::optional<std::string> PasswordProblem(const std::string& password, const std::string& email) {
    if (password.size() < 8 || password.size() > 72) return "must be between 8 and 72 bytes";
    bool letter = false, digit = false;
    for (unsigned char c : password) {
        if (c < 0x20 || c == 0x7F) return "must not contain control characters";
        letter = letter || std::isalpha(c) || c >= 0xC3;
        digit = digit || std::isdigit(c);
    }
    if (!letter || !digit) return "must contain at least one letter and one digit";
    if (!email.empty() && Lower(password) == Lower(email)) return "must not be the same as the email address";
    return std::nullopt;
}

Field<std::string> ReadEmail(ObjectReader& r, std::string_view name, bool required) {
    return r.String(name, kEmailRule, required, CheckEmail);
}

Field<std::string> ReadFullName(ObjectReader& r, std::string_view name, bool required) {
    return r.String(name, kFullNameRule, required, CheckFullName);
}

Field<std::string> ReadContactNumber(ObjectReader& r, std::string_view name) {
    return r.String(name, kContactRule, kOptional, CheckContactNumber);
}

Field<std::string> ReadPassword(ObjectReader& r, std::string_view name, const std::string& email) {
    auto f = r.String(name, kPasswordRule, kRequired);
    if (f.set()) {
        if (auto problem = PasswordProblem(f.value, email)) {
            r.validator().Add(r.Path(name), *problem);
            f.state = Field<std::string>::State::kAbsent;
        }
    }
    return f;
}

Field<Address> ReadAddress(ObjectReader& r, std::string_view name, bool required) {
    Field<Address> out;
    auto obj = r.Object(name, required);
    if (!obj.set()) {
        out.state = obj.null() ? Field<Address>::State::kNull : Field<Address>::State::kAbsent;
        return out;
    }
    Validator& v = r.validator();
    ObjectReader a(*obj.value, v, r.Path(name));
    auto street = a.String("street", {.min = 1, .max = 200}, kRequired);
    auto city = a.String("city", {.min = 1, .max = 100}, kRequired);
    auto state = a.String("state", {.min = 1, .max = 100}, kRequired);
    auto zip = a.String("zipCode", {.min = 3, .max = 10}, kRequired, [](std::string z) -> Result<std::string> {
        for (char c : z)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != ' ' && c != '-')
                return Bad("must contain only letters, digits, spaces and hyphens");
        return z;
    });
    auto country = a.String("country", {.min = 2, .max = 2}, kRequired, [](std::string c) -> Result<std::string> {
        for (char& ch : c) {
            if (!std::isalpha(static_cast<unsigned char>(ch))) return Bad("must be an ISO 3166-1 alpha-2 code such as IN");
            ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        }
        return c;
    });
    a.RejectUnknown();
    if (street.set() && city.set() && state.set() && zip.set() && country.set()) {
        out.state = Field<Address>::State::kSet;
        out.value = {street.value, city.value, state.value, zip.value, country.value};
    }
    return out;
}

Field<Settings> ReadSettings(ObjectReader& r, std::string_view name, Settings current) {
    Field<Settings> out;
    auto obj = r.Object(name, kOptional);
    if (obj.null()) r.validator().Add(r.Path(name), "must be an object");
    if (!obj.set()) return out;
    ObjectReader s(*obj.value, r.validator(), r.Path(name));
    auto orders = s.Bool("notifyOrderUpdates", kOptional);
    auto complaints = s.Bool("notifyComplaintUpdates", kOptional);
    auto language = s.String("language", {.min = 1, .max = 10}, kOptional, [](std::string l) -> Result<std::string> {
        if (l != "en") return Bad("must be \"en\"");
        return l;
    });
    s.RejectUnknown();
    if (orders.set()) current.notify_order_updates = orders.value;
    if (complaints.set()) current.notify_complaint_updates = complaints.value;
    if (language.set()) current.language = language.value;
    for (auto* nulled : {&orders.state, &complaints.state})
        if (*nulled == Field<bool>::State::kNull) r.validator().Add(r.Path(name), "settings members must not be null");
    if (language.null()) r.validator().Add(s.Path("language"), "must be \"en\"");
    out.state = Field<Settings>::State::kSet;
    out.value = current;
    return out;
}

bj::value ToJson(const Address& a) {
    return bj::object{{"street", a.street}, {"city", a.city}, {"state", a.state}, {"zipCode", a.zip_code},
                      {"country", a.country}};
}

std::optional<Address> AddressFromJson(const bj::value& v) {
    if (!v.is_object()) return std::nullopt;
    const auto& o = v.get_object();
    auto str = [&](const char* k) { return std::string(o.at(k).as_string()); };
    return Address{str("street"), str("city"), str("state"), str("zipCode"), str("country")};
}

bj::value ToJson(const Settings& s) {
    return bj::object{{"notifyOrderUpdates", s.notify_order_updates},
                      {"notifyComplaintUpdates", s.notify_complaint_updates},
                      {"language", s.language}};
}

Settings SettingsFromJson(const bj::value& v) {
    Settings s;
    if (!v.is_object()) return s;
    const auto& o = v.get_object();
    if (auto* p = o.if_contains("notifyOrderUpdates"); p && p->is_bool()) s.notify_order_updates = p->get_bool();
    if (auto* p = o.if_contains("notifyComplaintUpdates"); p && p->is_bool()) s.notify_complaint_updates = p->get_bool();
    if (auto* p = o.if_contains("language"); p && p->is_string()) s.language = std::string(p->get_string());
    return s;
}

}  // namespace shop::json
