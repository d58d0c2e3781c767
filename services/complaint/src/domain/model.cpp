#include "domain/model.hpp"

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
