#include "shop/json/reader.hpp"

#include <charconv>

namespace shop::json {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string LengthMessage(const StringRule& rule) {
    const char* unit = rule.max_in_bytes ? "bytes" : "characters";
    if (rule.max == 0) return "must be at least " + std::to_string(rule.min) + " " + unit;
    if (rule.min <= 1) return "must be at most " + std::to_string(rule.max) + " " + unit;
    return "must be between " + std::to_string(rule.min) + " and " + std::to_string(rule.max) + " " + unit;
}

}  // namespace

void Validator::Add(std::string field, std::string message) {
    if (issues_.size() >= 50) return;
    std::optional<std::string> f;
    if (!field.empty()) f = std::move(field);
    issues_.push_back({std::move(f), std::move(message)});
}

bool Validator::HasIssueFor(std::string_view field) const {
    for (const auto& i : issues_)
        if (i.field && *i.field == field) return true;
    return false;
}

std::size_t CodePoints(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

Result<std::string> CleanText(std::string_view raw, const StringRule& rule) {
    std::string s;
    s.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        auto c = static_cast<unsigned char>(raw[i]);
        if (rule.long_text && c == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') continue;
        bool allowed_ws = rule.long_text && (c == '\n' || c == '\t');
        bool c0 = c < 0x20 || c == 0x7F;
        bool c1 = c == 0xC2 && i + 1 < raw.size() && static_cast<unsigned char>(raw[i + 1]) >= 0x80 &&
                  static_cast<unsigned char>(raw[i + 1]) <= 0x9F;
        if ((c0 && !allowed_ws) || c1) return Error::Of(ErrorCode::kValidationFailed, "must not contain control characters");
        s.push_back(static_cast<char>(c));
    }
    if (rule.trim) {
        std::size_t b = 0, e = s.size();
        while (b < e && IsSpace(s[b])) ++b;
        while (e > b && IsSpace(s[e - 1])) --e;
        s = s.substr(b, e - b);
    }
    std::size_t len = rule.max_in_bytes ? s.size() : CodePoints(s);
    if (len < rule.min || (rule.max && len > rule.max)) return Error::Of(ErrorCode::kValidationFailed, LengthMessage(rule));
    return s;
}

ObjectReader::ObjectReader(const bj::object& obj, Validator& v, std::string prefix)
    : obj_(obj), v_(v), prefix_(std::move(prefix)) {}

std::string ObjectReader::Path(std::string_view name) const {
    return prefix_.empty() ? std::string(name) : prefix_ + "." + std::string(name);
}

const bj::value* ObjectReader::Take(std::string_view name, bool required) {
    known_.emplace(name);
    auto it = obj_.find(name);
    if (it == obj_.end() || it->value().is_null()) {
        if (required) v_.Add(Path(name), "is required");
        return nullptr;
    }
    return &it->value();
}

Field<std::string> ObjectReader::String(std::string_view name, const StringRule& rule, bool required) {
    return String(name, rule, required, nullptr);
}

Field<std::string> ObjectReader::String(std::string_view name, const StringRule& rule, bool required,
                                        const std::function<Result<std::string>(std::string)>& check) {
    Field<std::string> f;
    const bj::value* v = Take(name, required);
    if (!v) {
        f.state = Has(name) ? Field<std::string>::State::kNull : Field<std::string>::State::kAbsent;
        return f;
    }
    if (!v->is_string()) {
        v_.Add(Path(name), "must be a string");
        return f;
    }
    auto cleaned = CleanText(std::string_view(v->get_string()), rule);
    if (!cleaned) {
        v_.Add(Path(name), cleaned.error().message);
        return f;
    }
    if (cleaned->empty()) {  // empty after trimming: required -> "is required", optional -> null
        if (required) v_.Add(Path(name), "is required");
        else f.state = Field<std::string>::State::kNull;
        return f;
    }
    if (check) {
        auto checked = check(std::move(*cleaned));
        if (!checked) {
            v_.Add(Path(name), checked.error().message);
            return f;
        }
        cleaned = std::move(checked);
    }
    f.state = Field<std::string>::State::kSet;
    f.value = std::move(*cleaned);
    return f;
}

Field<bool> ObjectReader::Bool(std::string_view name, bool required) {
    Field<bool> f;
    const bj::value* v = Take(name, required);
    if (!v) {
        if (Has(name)) f.state = Field<bool>::State::kNull;
        return f;
    }
    if (!v->is_bool()) {
        v_.Add(Path(name), "must be true or false");
        return f;
    }
    f.state = Field<bool>::State::kSet;
    f.value = v->get_bool();
    return f;
}

Field<std::int64_t> ObjectReader::Int(std::string_view name, bool required, std::int64_t min, std::int64_t max) {
    Field<std::int64_t> f;
    const bj::value* v = Take(name, required);
    if (!v) {
        if (Has(name)) f.state = Field<std::int64_t>::State::kNull;
        return f;
    }
    std::int64_t n;
    if (v->is_int64()) n = v->get_int64();
    else if (v->is_uint64()) n = max;  // beyond int64: certainly out of range
    else {
        v_.Add(Path(name), "must be an integer");
        return f;
    }
    if (n < min || n > max || v->is_uint64()) {
        v_.Add(Path(name), "must be an integer between " + std::to_string(min) + " and " + std::to_string(max));
        return f;
    }
    f.state = Field<std::int64_t>::State::kSet;
    f.value = n;
    return f;
}

Field<const bj::object*> ObjectReader::Object(std::string_view name, bool required) {
    Field<const bj::object*> f;
    const bj::value* v = Take(name, required);
    if (!v) {
        if (Has(name)) f.state = Field<const bj::object*>::State::kNull;
        return f;
    }
    if (!v->is_object()) {
        v_.Add(Path(name), "must be an object");
        return f;
    }
    f.state = Field<const bj::object*>::State::kSet;
    f.value = &v->get_object();
    return f;
}

Field<const bj::array*> ObjectReader::Array(std::string_view name, bool required, std::size_t min, std::size_t max) {
    Field<const bj::array*> f;
    const bj::value* v = Take(name, required);
    if (!v) {
        if (Has(name)) f.state = Field<const bj::array*>::State::kNull;
        return f;
    }
    if (!v->is_array()) {
        v_.Add(Path(name), "must be an array");
        return f;
    }
    const auto& a = v->get_array();
    if (a.size() < min || a.size() > max) {
        v_.Add(Path(name), "must have between " + std::to_string(min) + " and " + std::to_string(max) + " entries");
        return f;
    }
    f.state = Field<const bj::array*>::State::kSet;
    f.value = &a;
    return f;
}

void ObjectReader::RejectUnknown() {
    for (const auto& kv : obj_)
        if (!known_.contains(std::string_view(kv.key()))) v_.Add(Path(std::string_view(kv.key())), "unknown field");
}

Result<bj::object> ParseObjectBody(std::string_view body, bool empty_ok) {
    if (empty_ok && body.find_first_not_of(" \t\r\n") == std::string_view::npos) return bj::object{};
    auto parsed = ParseStrict(body);
    if (!parsed) return parsed.error();
    if (!parsed->is_object())
        return Error::Of(ErrorCode::kValidationFailed, "Request body must be a JSON object");
    return std::move(parsed->get_object());
}

QueryReader::QueryReader(const QueryParams& params, Validator& v) : params_(params), v_(v) {
    std::set<std::string_view> seen;
    for (const auto& [k, _] : params_)
        if (!seen.insert(k).second) v_.Add(k, "must be given once");
}

const std::string* QueryReader::Take(std::string_view name) {
    known_.emplace(name);
    for (const auto& [k, v] : params_)
        if (k == name) return &v;
    return nullptr;
}

bool QueryReader::Has(std::string_view name) const {
    for (const auto& [k, _] : params_)
        if (k == name) return true;
    return false;
}

std::optional<std::string> QueryReader::String(std::string_view name, std::size_t min, std::size_t max,
                                               bool required) {
    const std::string* raw = Take(name);
    if (!raw) {
        if (required) v_.Add(std::string(name), "is required");
        return std::nullopt;
    }
    auto cleaned = CleanText(*raw, {.min = min, .max = max});
    if (!cleaned) {
        v_.Add(std::string(name), cleaned.error().message);
        return std::nullopt;
    }
    if (cleaned->empty()) {
        if (required || min > 0) v_.Add(std::string(name), "is required");
        return std::nullopt;
    }
    return std::move(*cleaned);
}

std::optional<std::int64_t> QueryReader::OptInt(std::string_view name, std::int64_t min, std::int64_t max) {
    const std::string* raw = Take(name);
    if (!raw) return std::nullopt;
    std::int64_t n = 0;
    auto [ptr, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), n);
    if (raw->empty() || ec != std::errc{} || ptr != raw->data() + raw->size() || n < min || n > max) {
        v_.Add(std::string(name), "must be an integer between " + std::to_string(min) + " and " + std::to_string(max));
        return std::nullopt;
    }
    return n;
}

std::int64_t QueryReader::Int(std::string_view name, std::int64_t min, std::int64_t max, std::int64_t fallback) {
    return OptInt(name, min, max).value_or(fallback);
}

std::optional<bool> QueryReader::Bool(std::string_view name) {
    const std::string* raw = Take(name);
    if (!raw) return std::nullopt;
    if (*raw == "true") return true;
    if (*raw == "false") return false;
    v_.Add(std::string(name), "must be true or false");
    return std::nullopt;
}

std::optional<TimeMs> QueryReader::Time(std::string_view name, Bound bound) {
    const std::string* raw = Take(name);
    if (!raw) return std::nullopt;
    auto t = ParseTimeBound(*raw, bound);
    if (!t) v_.Add(std::string(name), "must be an RFC 3339 timestamp or a date YYYY-MM-DD");
    return t;
}

std::vector<std::string> QueryReader::EnumList(std::string_view name, const std::vector<std::string>& allowed) {
    std::vector<std::string> out;
    const std::string* raw = Take(name);
    if (!raw) return out;
    std::string_view rest = *raw;
    while (true) {
        auto comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        bool found = false;
        for (const auto& a : allowed) found = found || a == item;
        if (!found) {
            std::string list;
            for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
            v_.Add(std::string(name), "must be one or more of: " + list);
            return {};
        }
        out.emplace_back(item);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    return out;
}

void QueryReader::RejectUnknown() {
    for (const auto& [k, _] : params_)
        if (!known_.contains(std::string_view(k))) v_.Add(k, "unknown field");
}

PageRequest ReadPage(QueryReader& q, const std::vector<std::string>& sortable, std::string_view default_sort) {
    PageRequest p;
    p.page = q.Int("page", 1, 1'000'000, 1);
    p.limit = q.Int("limit", 1, 100, 20);
    std::string sort = q.String("sort", 1, 64).value_or(std::string(default_sort));
    p.descending = sort[0] == '-';
    p.sort_field = p.descending ? sort.substr(1) : sort;
    for (const auto& s : sortable)
        if (s == p.sort_field) return p;
    std::string list;
    for (const auto& s : sortable) list += (list.empty() ? "" : ", ") + s;
    q.validator().Add("sort", "must be one of: " + list + " (prefix - for descending)");
    return p;
}

Period ReadPeriod(QueryReader& q, bool with_interval) {
    auto from = q.Time("from", Bound::kLower);
    auto to = q.Time("to", Bound::kUpper);
    if (from && to && *from > *to) q.validator().Add("from", "must not be after to");
    Period p;
    if (with_interval) {
        auto interval = q.EnumList("interval", {"day", "week"});
        if (interval.size() > 1) q.validator().Add("interval", "must be day or week");
        p.weekly = !interval.empty() && interval[0] == "week";
    }
    p.to = to.value_or(NowMs());
    p.from = from.value_or(p.to - 30LL * 86'400'000);
    return p;
}

bj::value Percent(std::int64_t num, std::int64_t den) {
    if (den == 0) return nullptr;
    return static_cast<double>(num * 10'000 / den) / 100.0;
}

bj::value PageEnvelope(bj::array items, const PageRequest& page, std::int64_t total) {
    return bj::object{{"items", std::move(items)},
                      {"page", page.page},
                      {"limit", page.limit},
                      {"total", total},
                      {"totalPages", total == 0 ? 0 : (total + page.limit - 1) / page.limit}};
}

}  // namespace shop::json
