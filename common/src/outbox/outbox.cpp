#include "shop/outbox/outbox.hpp"

#include <algorithm>

#include "shop/crypto.hpp"

namespace shop::outbox {

json::bj::value ToJson(const Delivery& d) {
    auto ts = [](const std::optional<TimeMs>& t) { return t ? json::bj::value(FormatTimestamp(*t)) : json::bj::value(nullptr); };
    return json::bj::object{{"id", d.id},
                            {"template", d.template_name},
                            {"userId", json::OrNull(d.user_id)},
                            {"recipient", d.recipient},
                            {"subject", d.subject},
                            {"status", d.status},
                            {"attempts", d.attempts},
                            {"lastError", json::OrNull(d.last_error)},
                            {"relatedType", d.related_type},
                            {"relatedId", d.related_id},
                            {"createdAt", FormatTimestamp(d.created_at)},
                            {"lastAttemptAt", ts(d.last_attempt_at)},
                            {"nextAttemptAt", ts(d.next_attempt_at)},
                            {"sentAt", ts(d.sent_at)}};
}

json::bj::object EventEnvelope(const EventMessage& e, const std::string& event_id, const std::string& source,
                               const std::string& request_id, TimeMs occurred_at) {
    return {{"eventId", event_id},
            {"type", e.type},
            {"schemaVersion", 1},
            {"source", source},
            {"occurredAt", FormatTimestamp(occurred_at)},
            {"requestId", request_id},
            {"aggregateId", e.aggregate_id},
            {"aggregateVersion", e.aggregate_version},
            {"data", e.data}};
}

std::vector<Planned> Plan(const Effects& effects, const std::string& source, const std::vector<Subscriber>& subscribers,
                          int email_attempts, TimeMs now) {
    std::vector<Planned> out;
    for (const auto& m : effects.emails) {
        Planned p{.id = crypto::NewUuid(), .kind = "email", .topic = m.template_name, .destination = m.recipient};
        p.user_id = m.user_id;
        p.setting = m.setting;
        p.related_type = m.related_type;
        p.related_id = m.related_id;
        p.subject = m.subject;
        p.payload = json::Serialize(json::bj::object{{"subject", m.subject}, {"text", m.text}, {"html", m.html}});
        p.request_id = effects.request_id;
        p.max_attempts = email_attempts;
        p.created_at = now;
        out.push_back(std::move(p));
    }
    for (const auto& e : effects.events) {
        std::string event_id = crypto::NewUuid();
        std::string payload = json::Serialize(EventEnvelope(e, event_id, source, effects.request_id, now));
        for (const auto& s : subscribers) {
            if (std::find(s.types.begin(), s.types.end(), e.type) == s.types.end()) continue;
            Planned p{.id = crypto::NewUuid(), .kind = "event", .topic = e.type, .destination = s.name};
            p.aggregate_id = e.aggregate_id;
            p.aggregate_version = e.aggregate_version;
            p.payload = payload;
            p.request_id = effects.request_id;
            p.created_at = now;
            out.push_back(std::move(p));
        }
    }
    return out;
}

}  // namespace shop::outbox
