#include "shop/outbox/user_directory.hpp"

namespace shop::outbox {

Recipient UserDirectory::Resolve(const Message& m) {
    if (!m.user_id) return {Recipient::Kind::kSend, m.destination, ""};
    TimeMs now = NowMs();
    Entry entry;
    {
        std::lock_guard lock(mutex_);
        auto it = cache_.find(*m.user_id);
        if (it != cache_.end() && now - it->second.fetched_at < ttl_ms_) entry = it->second;
    }
    if (!entry.status) {
        auto r = auth_.Get("/api/v1/auth/user/" + *m.user_id, m.request_id.value_or(m.id));
        if (r.unavailable()) return {Recipient::Kind::kPostpone, "", "auth unavailable: " + r.error};
        entry.status = r.status;
        entry.fetched_at = now;
        if (r.status == 200) {
            auto doc = json::ParseStrict(r.body);
            if (doc && doc->is_object() && doc->at("data").is_object()) entry.user = doc->at("data").get_object();
        }
        std::lock_guard lock(mutex_);
        if (cache_.size() > 10'000) cache_.clear();
        cache_[*m.user_id] = entry;
    }
    if (entry.status == 404 || entry.user.empty()) return {Recipient::Kind::kSkip, "", "unknown user"};
    std::string email(entry.user.at("email").as_string());
    if (email.ends_with("@erased.invalid")) return {Recipient::Kind::kSkip, "", "account erased"};
    if (m.setting) {
        const auto* settings = entry.user.if_contains("settings");
        const auto* on = settings && settings->is_object() ? settings->get_object().if_contains(*m.setting) : nullptr;
        if (on && on->is_bool() && !on->get_bool()) return {Recipient::Kind::kSkip, "", *m.setting + " is off"};
    }
    return {Recipient::Kind::kSend, email, ""};
}

}  // namespace shop::outbox
