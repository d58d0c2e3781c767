// Delivers outbox messages on one background thread: emails over SMTP, events by HTTP POST to each
// subscriber's /api/v1/internal/events. At-least-once: a message is marked only after the peer accepted it,
// so a crash in between resends it on restart.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "shop/client/http_client.hpp"
#include "shop/mail/smtp.hpp"
#include "shop/metrics.hpp"
#include "shop/outbox/outbox.hpp"

namespace shop::outbox {

struct Recipient {
    enum class Kind { kSend, kSkip, kPostpone };
    Kind kind = Kind::kSend;
    std::string address;
    std::string reason;
};
// Decides where an email goes at send time (current address, notification settings).
using RecipientResolver = std::function<Recipient(const Message&)>;

struct DispatcherOptions {
    std::vector<std::int64_t> email_retry_ms;  // delay after attempt 1, 2, ...; attempts = size + 1
    std::int64_t event_max_backoff_ms = 300'000;
    std::int64_t poll_ms = 200;
};

class Dispatcher {
public:
    Dispatcher(Store& store, mail::SmtpSettings smtp, const std::vector<Subscriber>& subscribers,
               const std::string& service_token, DispatcherOptions options, Metrics& metrics,
               RecipientResolver resolver = {});
    ~Dispatcher();
    void Start();
    void Stop();
    void Wake();
    bool smtp_ok() const { return smtp_ok_; }

private:
    void Loop();
    void DeliverEmail(const Message& m);
    void DeliverEvent(const Message& m);

    Store& store_;
    mail::SmtpSettings smtp_;
    std::map<std::string, std::unique_ptr<client::HttpClient>> subscribers_;
    DispatcherOptions options_;
    Metrics& metrics_;
    RecipientResolver resolver_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool woken_ = false;
    bool stopping_ = false;
    std::atomic<bool> smtp_ok_{true};
    std::map<std::string, bool> subscriber_failing_;  // dispatcher thread only
    std::thread thread_;
};

// Parses EMAIL_RETRY_SCHEDULE ("1m,5m,15m,1h,3h,6h,12h").
std::vector<std::int64_t> ParseSchedule(const std::vector<std::string>& items, Config& env, const std::string& name);

}  // namespace shop::outbox
