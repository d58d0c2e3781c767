// The transactional outbox (ARCHITECTURE.md, "Events and email: nothing lost"): a change carries the
// emails and events it causes as Effects, which the repository writes in the change's own transaction.
// A Dispatcher thread delivers them afterwards, with retries, across restarts.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shop/json/json.hpp"
#include "shop/json/reader.hpp"
#include "shop/result.hpp"
#include "shop/time.hpp"

namespace shop::outbox {

struct EmailMessage {
    std::string template_name;
    std::string user_id;
    std::string recipient;            // empty: resolved from the user at send time
    std::optional<std::string> setting;  // e.g. "notifyOrderUpdates": skipped when the user turned it off
    std::string related_type;         // user | order | complaint
    std::string related_id;
    std::string subject;
    std::string text;
    std::string html;
};

struct EventMessage {
    std::string type;
    std::string aggregate_id;
    std::int64_t aggregate_version = 1;
    json::bj::object data;
};

// What a state change causes; written atomically with it.
struct Effects {
    std::string request_id;
    std::vector<EmailMessage> emails;
    std::vector<EventMessage> events;
    bool empty() const { return emails.empty() && events.empty(); }
};

// Which subscriber receives which event types (API.md §9.2).
struct Subscriber {
    std::string name;  // e.g. "customer-service"
    std::string url;   // base URL; events go to <url>/api/v1/internal/events
    std::vector<std::string> types;
};

// One pending row as the dispatcher sees it.
struct Message {
    std::int64_t seq = 0;
    std::string id;
    std::string kind;
    std::string topic;
    std::string destination;
    std::optional<std::string> user_id;
    std::optional<std::string> setting;
    std::optional<std::string> subject;
    std::string payload;
    std::optional<std::string> request_id;
    std::int64_t attempts = 0;
    std::int64_t max_attempts = 0;
};

// Delivery record of API.md §8.2.
struct Delivery {
    std::string id, template_name, recipient, subject, status, related_type, related_id;
    std::optional<std::string> user_id, last_error;
    std::int64_t attempts = 0;
    TimeMs created_at = 0;
    std::optional<TimeMs> last_attempt_at, next_attempt_at, sent_at;
};
json::bj::value ToJson(const Delivery& d);

struct DeliveryFilter {
    std::vector<std::string> statuses, templates;
    std::optional<std::string> user_id, related_id;
    std::optional<TimeMs> from, to;
    json::PageRequest page;
};

// Engine-specific storage of the outbox (sqlite now, mongo later).
class Store {
public:
    virtual ~Store() = default;
    // Called when new messages are written (the dispatcher wakes up instead of waiting for its next poll).
    void SetWakeUp(std::function<void()> wake) { wake_ = std::move(wake); }
    void Wake() {
        if (wake_) wake_();
    }
    virtual std::vector<Message> FetchDue(TimeMs now, int limit) = 0;
    // Taken right before a message is delivered: false when another dispatcher has it (several instances on one
    // store). One instance per store needs no claim.
    virtual bool Claim(const Message&, TimeMs) { return true; }
    virtual void MarkDone(const Message& m, const std::string& status, TimeMs now) = 0;  // sent|skipped|delivered
    virtual void MarkFailed(const Message& m, const std::string& status, const std::string& error, TimeMs now,
                            std::optional<TimeMs> next_attempt) = 0;  // queued (retry) | failed | parked
    virtual void Postpone(const Message& m, TimeMs next_attempt, const std::string& reason) = 0;  // no attempt used
    virtual void WakeDestination(const std::string& destination, TimeMs now) = 0;
    virtual std::int64_t Pending(const std::string& kind) = 0;
    virtual std::pair<std::vector<Delivery>, std::int64_t> ListDeliveries(const DeliveryFilter& f) = 0;
    virtual Result<Delivery> RetryDelivery(const std::string& id, TimeMs now, std::int64_t extra_attempts) = 0;

private:
    std::function<void()> wake_;
};

// One outbox row to write: an email, or an event for one of its subscribers (the same event id for all).
struct Planned {
    std::string id, kind, topic, destination;
    std::optional<std::string> user_id, setting, related_type, related_id, aggregate_id, subject;
    std::string payload, request_id;
    std::int64_t max_attempts = 0;  // emails; events retry until parked
    std::int64_t aggregate_version = 0;
    TimeMs created_at = 0;
};
std::vector<Planned> Plan(const Effects& effects, const std::string& source, const std::vector<Subscriber>& subscribers,
                          int email_attempts, TimeMs now);

// Builds the event JSON of API.md §9.1.
json::bj::object EventEnvelope(const EventMessage& e, const std::string& event_id, const std::string& source,
                               const std::string& request_id, TimeMs occurred_at);

}  // namespace shop::outbox
