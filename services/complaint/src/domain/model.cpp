#include "domain/model.hpp"

#include <algorithm>

namespace complaint {

int Rank(const std::vector<std::string>& order, const std::string& value) {
    for (std::size_t i = 0; i < order.size(); ++i)
        if (order[i] == value) return static_cast<int>(i);
    return 99;
}

std::string Complaint::Str(const char* key) const {
    const auto* v = doc.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::optional<std::string> Complaint::Opt(const char* key) const {
    const auto* v = doc.if_contains(key);
    if (!v || !v->is_string()) return std::nullopt;
    return std::string(v->get_string());
}

bj::object Complaint::View(bool with_assignments) const {
    bj::object out = doc;
    out["history"] = history;
    if (with_assignments) out["assignmentHistory"] = assignments;
    return out;
}

bj::object ToJson(const Comment& c) {
    return {{"id", c.id},
            {"complaintId", c.complaint_number},
            {"userId", c.user_id},
            {"userRole", c.user_role},
            {"authorName", c.author_name},
            {"comment", c.comment},
            {"isInternal", c.internal},
            {"createdAt", shop::FormatTimestamp(c.created_at)}};
}

}  // namespace complaint

namespace complaint {

void StatsFold::Add(const StatsRow& row) {
    auto bump = [](auto& counts, std::string_view key) {
        auto it = counts.find(key);
        if (it == counts.end()) it = counts.emplace(std::string(key), 0).first;
        ++it->second;
    };
    bump(status_, row.status);
    bump(category_, row.category);
    bump(priority_, row.priority);
    auto& bucket = buckets_[shop::BucketStart(row.created_at, weekly_)];
    ++bucket.registered;
    if (row.first_response_at) first_response_.push_back(*row.first_response_at - row.created_at);
    if (row.resolved_at) {
        resolution_.push_back(*row.resolved_at - row.created_at);
        bucket.resolutions.push_back(*row.resolved_at - row.created_at);
    }
    if (row.resolved_at || row.reopened > 0) ++resolved_ever_;
    if (row.reopened > 0) ++reopened_;
    if (row.rating) {
        auto rate = [&](auto& by, std::string_view key) {
            auto it = by.find(key);
            if (it == by.end()) it = by.emplace(std::string(key), Rated{}).first;
            it->second.sum += *row.rating;
            ++it->second.count;
        };
        ++ratings_[*row.rating];
        rate(by_category_, row.category);
        rate(by_assignee_, row.assignee.empty() ? "Unassigned" : row.assignee);
    }
}

void StatsFold::AddOpen(TimeMs created_at) {
    TimeMs age = now_ - created_at;
    const char* bucket = age < 86'400'000 ? "< 1 d" : age < 259'200'000 ? "1-3 d" : age < 604'800'000 ? "3-7 d" : "> 7 d";
    ++age_.try_emplace(bucket, 0).first->second;
}

namespace {
// The value at rank floor(p * (n - 1)) of `v` (reordered), or nothing when empty.
std::optional<std::int64_t> Percentile(std::vector<std::int64_t>& v, double p) {
    if (v.empty()) return std::nullopt;
    auto nth = v.begin() + static_cast<std::ptrdiff_t>(p * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), nth, v.end());
    return *nth;
}
}  // namespace

ComplaintStats StatsFold::Finish() {
    ComplaintStats s;
    for (auto& [start, b] : buckets_)
        s.series.push_back({start, b.registered, static_cast<std::int64_t>(b.resolutions.size()), Percentile(b.resolutions, 0.5)});
    // Lifecycle and declaration order, as the order stats list statuses.
    auto ordered = [](const auto& counts, const std::vector<std::string>& order, auto& out) {
        for (const auto& name : order)
            if (auto it = counts.find(name); it != counts.end()) out.emplace_back(name, it->second);
    };
    ordered(status_, kStatuses, s.by_status);
    ordered(category_, kCategories, s.by_category);
    ordered(priority_, kPriorities, s.by_priority);
    for (const char* bucket : {"< 1 d", "1-3 d", "3-7 d", "> 7 d"})
        if (auto it = age_.find(std::string_view(bucket)); it != age_.end()) s.open_by_age.emplace_back(it->first, it->second);
    s.first_response_median_ms = Percentile(first_response_, 0.5);
    s.first_response_p90_ms = Percentile(first_response_, 0.9);
    s.resolution_median_ms = Percentile(resolution_, 0.5);
    s.resolution_p90_ms = Percentile(resolution_, 0.9);
    s.resolved_ever = resolved_ever_;
    s.reopened = reopened_;
    std::int64_t sum = 0;
    for (const auto& [rating, n] : ratings_) {
        s.rating_distribution.emplace_back(rating, n);
        s.ratings += n;
        sum += rating * n;
    }
    if (s.ratings > 0) s.satisfaction_average = static_cast<double>(sum) / static_cast<double>(s.ratings);
    auto averages = [](const auto& by, auto& out) {
        for (const auto& [name, r] : by) out.emplace_back(name, static_cast<double>(r.sum) / static_cast<double>(r.count), r.count);
    };
    averages(by_category_, s.satisfaction_by_category);
    averages(by_assignee_, s.satisfaction_by_assignee);
    return s;
}

}  // namespace complaint

namespace complaint {

Columns ColumnsOf(const Complaint& c) {
    auto time = [&](const char* key) { return shop::ParseTimeBound(c.Str(key), shop::Bound::kLower).value_or(0); };
    auto lower = [](std::string s) {
        for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return s;
    };
    Columns k;
    k.status_rank = Rank(kStatuses, c.Str("status"));
    k.priority_rank = Rank(kPriorities, c.Str("priority"));
    k.created_at = time("createdAt");
    k.updated_at = time("updatedAt");
    if (c.deleted()) k.deleted_at = time("deletedAt");
    if (c.doc.at("resolvedAt").is_string()) k.resolved_at = time("resolvedAt");
    if (!c.assignments.empty())
        k.first_assignment_at = shop::ParseTimeBound(std::string(c.assignments[0].at("assignedAt").as_string()), shop::Bound::kLower);
    if (const auto& a = c.doc.at("assignedTo"); a.is_object()) {
        k.assignee_id = std::string(a.at("userId").as_string());
        k.assignee_name = std::string(a.at("fullName").as_string());
    }
    if (const auto& f = c.doc.at("feedback"); f.is_object()) k.rating = f.at("rating").as_int64();
    k.search_text = lower(c.Str("complaintId") + "\n" + c.Str("subject") + "\n" + c.Str("description"));
    k.email_text = lower(c.Str("customerEmail"));
    return k;
}

}  // namespace complaint
