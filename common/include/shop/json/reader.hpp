// Strict, collecting readers over a JSON body and a query string (API.md §1.3, §1.8).
// Every problem becomes an Issue with the field path; unknown members are rejected at the end.
//   Validator v; ObjectReader r(body, v);
//   auto email = r.String("email", {.min = 3, .max = 254}, kRequired);
//   r.RejectUnknown(); if (!v.ok()) return v.error();
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shop/json/json.hpp"
#include "shop/result.hpp"
#include "shop/time.hpp"

namespace shop::json {

// A member's three states: absent, explicit null, or a value.
template <class T>
struct Field {
    enum class State { kAbsent, kNull, kSet };
    State state = State::kAbsent;
    T value{};

    bool set() const { return state == State::kSet; }
    bool null() const { return state == State::kNull; }
    bool absent() const { return state == State::kAbsent; }
    bool present() const { return state != State::kAbsent; }
    std::optional<T> opt() const { return set() ? std::optional<T>(value) : std::nullopt; }
};

inline constexpr bool kRequired = true;
inline constexpr bool kOptional = false;

struct StringRule {
    std::size_t min = 0;
    std::size_t max = 0;     // 0 = no maximum
    bool long_text = false;  // LT: LF and TAB allowed, CRLF normalised
    bool trim = true;        // passwords are used byte for byte
    bool max_in_bytes = false;
};

class Validator {
public:
    void Add(std::string field, std::string message);
    void AddQueryOrHeader(std::string name, std::string message) { Add(std::move(name), std::move(message)); }
    bool ok() const { return issues_.empty(); }
    bool HasIssueFor(std::string_view field) const;
    Error error() const { return Error::Validation(issues_); }

private:
    std::vector<Issue> issues_;
};

// Checks control characters, trims and counts code points; returns the cleaned string or an error message.
Result<std::string> CleanText(std::string_view raw, const StringRule& rule);
std::size_t CodePoints(std::string_view s);

class ObjectReader {
public:
    ObjectReader(const bj::object& obj, Validator& v, std::string prefix = {});

    Field<std::string> String(std::string_view name, const StringRule& rule, bool required);
    // A string checked by `check` after cleaning; `check` returns an error message or the canonical value.
    Field<std::string> String(std::string_view name, const StringRule& rule, bool required,
                              const std::function<Result<std::string>(std::string)>& check);
    Field<bool> Bool(std::string_view name, bool required);
    Field<std::int64_t> Int(std::string_view name, bool required, std::int64_t min, std::int64_t max);
    Field<const bj::object*> Object(std::string_view name, bool required);
    Field<const bj::array*> Array(std::string_view name, bool required, std::size_t min, std::size_t max);

    bool Has(std::string_view name) const { return obj_.contains(name); }
    std::size_t size() const { return obj_.size(); }
    void RejectUnknown();
    std::string Path(std::string_view name) const;
    Validator& validator() { return v_; }

private:
    const bj::value* Take(std::string_view name, bool required);
    const bj::object& obj_;
    Validator& v_;
    std::string prefix_;
    std::set<std::string, std::less<>> known_;
};

// The body of a request that must be a JSON object (API.md §1.3): parse errors are MALFORMED_JSON,
// other top-level values VALIDATION_FAILED. An empty body counts as {} where `empty_ok`.
Result<bj::object> ParseObjectBody(std::string_view body, bool empty_ok = false);

using QueryParams = std::vector<std::pair<std::string, std::string>>;

class QueryReader {
public:
    QueryReader(const QueryParams& params, Validator& v);

    std::optional<std::string> String(std::string_view name, std::size_t min, std::size_t max, bool required = false);
    std::int64_t Int(std::string_view name, std::int64_t min, std::int64_t max, std::int64_t fallback);
    std::optional<std::int64_t> OptInt(std::string_view name, std::int64_t min, std::int64_t max);
    std::optional<bool> Bool(std::string_view name);
    std::optional<TimeMs> Time(std::string_view name, Bound bound);
    // Comma-separated list of values from `allowed` (exact, case-sensitive).
    std::vector<std::string> EnumList(std::string_view name, const std::vector<std::string>& allowed);
    bool Has(std::string_view name) const;
    void RejectUnknown();
    Validator& validator() { return v_; }

private:
    const std::string* Take(std::string_view name);
    const QueryParams& params_;
    Validator& v_;
    std::set<std::string, std::less<>> known_;
};

// page/limit/sort of API.md §1.8.
struct PageRequest {
    std::int64_t page = 1;
    std::int64_t limit = 20;
    std::string sort_field;
    bool descending = false;
    std::int64_t offset() const { return (page - 1) * limit; }
};
PageRequest ReadPage(QueryReader& q, const std::vector<std::string>& sortable, std::string_view default_sort);

// The period of a statistics endpoint: `from`/`to` (API.md §1.7), default the last 30 days, and `interval`
// (day | week) where the endpoint groups by time.
struct Period {
    TimeMs from = 0, to = 0;
    bool weekly = false;
};
Period ReadPeriod(QueryReader& q, bool with_interval);
// num / den as a percentage with two decimals (truncated), or null when den is 0.
bj::value Percent(std::int64_t num, std::int64_t den);

// {items, page, limit, total, totalPages}
bj::value PageEnvelope(bj::array items, const PageRequest& page, std::int64_t total);

}  // namespace shop::json
