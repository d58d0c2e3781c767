// The common fields of API.md §1.9, shared by every service: email, password, names, phone, address, settings.
#pragma once

#include <optional>
#include <string>

#include "shop/json/reader.hpp"

namespace shop::json {

struct Address {
    std::string street, city, state, zip_code, country;
};
bj::value ToJson(const Address& a);
std::optional<Address> AddressFromJson(const bj::value& v);  // stored form, already valid

struct Settings {
    bool notify_order_updates = true;
    bool notify_complaint_updates = true;
    std::string language = "en";
};
bj::value ToJson(const Settings& s);
Settings SettingsFromJson(const bj::value& v);

Result<std::string> CheckEmail(std::string email);  // returns the lower-cased address
Result<std::string> CheckFullName(std::string name);
Result<std::string> CheckContactNumber(std::string number);
// Password rules need the account email (not equal to it); empty email skips that rule.
std::optional<std::string> PasswordProblem(const std::string& password, const std::string& email);

inline const StringRule kEmailRule{.min = 3, .max = 254};
inline const StringRule kPasswordRule{.min = 8, .max = 72, .trim = false, .max_in_bytes = true};
inline const StringRule kFullNameRule{.min = 2, .max = 100};
inline const StringRule kContactRule{.min = 7, .max = 20};

Field<std::string> ReadEmail(ObjectReader& r, std::string_view name, bool required);
Field<std::string> ReadFullName(ObjectReader& r, std::string_view name, bool required);
Field<std::string> ReadContactNumber(ObjectReader& r, std::string_view name);
// Reads a password (not trimmed) and applies §1.9 against `email`.
Field<std::string> ReadPassword(ObjectReader& r, std::string_view name, const std::string& email);
Field<Address> ReadAddress(ObjectReader& r, std::string_view name, bool required);
// Merges any subset of settings members into `current`.
Field<Settings> ReadSettings(ObjectReader& r, std::string_view name, Settings current);

}  // namespace shop::json
