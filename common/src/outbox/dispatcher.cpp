#include "shop/outbox/dispatcher.hpp"

#include "shop/log.hpp"
#include "shop/time.hpp"

namespace shop::outbox {

std::vector<std::int64_t> ParseSchedule(const std::vector<std::string>& items, Config& env, const std::string& name) {
    std::vector<std::int64_t> out;
    for (const auto& item : items) {
        auto ms = ParseDurationMs(item);
        if (!ms) {
            env.Fail(name, "must be a comma-separated list of durations such as 1m,5m,15m");
            return {60'000};
        }
        out.push_back(*ms);
    }
    if (out.empty()) env.Fail(name, "must list at least one delay");
    return out;
}

Dispatcher::Dispatcher(Store& store, mail::SmtpSettings smtp, const std::vector<Subscriber>& subscribers,
                       const std::string& service_token, DispatcherOptions options, Metrics& metrics,
                       RecipientResolver resolver)
    : store_(store), smtp_(std::move(smtp)), options_(std::move(options)), metrics_(metrics),
      resolver_(std::move(resolver)) {
    for (const auto& s : subscribers)
        subscribers_[s.name] = std::make_unique<client::HttpClient>(
            s.name, s.url, service_token, client::ClientOptions{.timeout_ms = 5000, .failure_threshold = 1'000'000});
}

Dispatcher::~Dispatcher() { Stop(); }

void Dispatcher::Start() { thread_ = std::thread([this] { Loop(); }); }

void Dispatcher::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Dispatcher::Wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    cv_.notify_all();
}

void Dispatcher::Loop() {
    while (true) {
        {
            std::unique_lock lock(mutex_);
            cv_.wait_for(lock, std::chrono::milliseconds(options_.poll_ms), [&] { return stopping_ || woken_; });
            if (stopping_) return;
            woken_ = false;
        }
        try {
            while (true) {
                auto due = store_.FetchDue(NowMs(), 50);
                for (const auto& m : due) {
                    if (!store_.Claim(m, NowMs())) continue;
                    if (m.kind == "email") DeliverEmail(m);
                    else DeliverEvent(m);
                    std::lock_guard lock(mutex_);
                    if (stopping_) return;
                }
                if (due.size() < 50) break;
            }
            metrics_.OutboxPending("email").Set(static_cast<double>(store_.Pending("email")));
            metrics_.OutboxPending("event").Set(static_cast<double>(store_.Pending("event")));
        } catch (const std::exception& e) {
            log::Error("outbox dispatch failed", {{"error", e.what()}});
        }
    }
}

void Dispatcher::DeliverEmail(const Message& m) {
    TimeMs now = NowMs();
    Recipient to{Recipient::Kind::kSend, m.destination, ""};
    if (resolver_) to = resolver_(m);
    if (to.kind == Recipient::Kind::kSkip) {
        store_.MarkDone(m, "skipped", now);
        metrics_.NotificationDeliveries("skipped").Increment();
        log::Info("email skipped", {{"deliveryId", m.id}, {"template", m.topic}, {"reason", to.reason}});
        return;
    }
    if (to.kind == Recipient::Kind::kPostpone) {
        store_.Postpone(m, now + options_.email_retry_ms.front(), to.reason);
        return;
    }
    auto payload = json::ParseStrict(m.payload);
    if (!payload || !payload->is_object()) {
        store_.MarkFailed(m, "failed", "unreadable payload", now, std::nullopt);
        return;
    }
    const auto& p = payload->get_object();
    mail::OutgoingEmail email{to.address, std::string(p.at("subject").as_string()), std::string(p.at("text").as_string()),
                              std::string(p.at("html").as_string()), m.id};
    auto result = mail::Send(smtp_, email);
    smtp_ok_ = result.ok || result.permanent;
    if (result.ok) {
        store_.MarkDone(m, "sent", now);
        metrics_.NotificationDeliveries("sent").Increment();
        log::Info("email sent", {{"deliveryId", m.id}, {"template", m.topic}, {"requestId", m.request_id.value_or("")}});
        return;
    }
    std::int64_t attempt = m.attempts + 1;
    bool last = result.permanent || attempt >= m.max_attempts;
    std::optional<TimeMs> next;
    if (!last) {
        auto idx = static_cast<std::size_t>(attempt - 1);
        next = now + options_.email_retry_ms[std::min(idx, options_.email_retry_ms.size() - 1)];
    }
    store_.MarkFailed(m, last ? "failed" : "queued", result.error, now, next);
    metrics_.NotificationDeliveries(last ? "failed" : "retry").Increment();
    log::Warn("email not sent", {{"deliveryId", m.id}, {"template", m.topic}, {"attempt", attempt}, {"error", result.error}});
}

void Dispatcher::DeliverEvent(const Message& m) {
    TimeMs now = NowMs();
    auto it = subscribers_.find(m.destination);
    if (it == subscribers_.end()) {
        store_.MarkFailed(m, "parked", "unknown subscriber " + m.destination, now, std::nullopt);
        return;
    }
    auto r = it->second->Post("/api/v1/internal/events", m.payload, m.request_id.value_or(m.id));
    if (r.status >= 200 && r.status < 300) {
        store_.MarkDone(m, "delivered", now);
        metrics_.EventDeliveries("delivered").Increment();
        if (subscriber_failing_[m.destination]) {  // it is back: what waited in backoff is due now
            subscriber_failing_[m.destination] = false;
            store_.WakeDestination(m.destination, now);
        }
        return;
    }
    if (r.status == 400) {
        store_.MarkFailed(m, "parked", "rejected: " + r.body.substr(0, 500), now, std::nullopt);
        metrics_.EventDeliveries("parked").Increment();
        log::Error("event parked", {{"eventType", m.topic}, {"subscriber", m.destination}, {"response", r.body.substr(0, 500)}});
        return;
    }
    subscriber_failing_[m.destination] = true;
    std::int64_t backoff = 1000LL << std::min<std::int64_t>(m.attempts, 20);
    backoff = std::min(backoff, options_.event_max_backoff_ms);
    std::string error = r.status ? "HTTP " + std::to_string(r.status) : r.error;
    store_.MarkFailed(m, "queued", error, now, now + backoff);
    metrics_.EventDeliveries("retry").Increment();
}

}  // namespace shop::outbox
