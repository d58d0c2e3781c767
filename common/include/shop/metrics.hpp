// Prometheus metrics of a service (API.md §3): request counts and latency by route template and status,
// plus gauges and counters other parts register (outbox, deliveries, dependencies, revocation lag).
#pragma once

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace shop::http {
enum class Method;
}

namespace shop {

class Metrics {
public:
    Metrics();
    void ObserveRequest(http::Method method, const std::string& route, int status, double seconds);
    prometheus::Gauge& OutboxPending(const std::string& kind);
    prometheus::Counter& NotificationDeliveries(const std::string& status);
    prometheus::Counter& EventDeliveries(const std::string& result);
    prometheus::Gauge& DependencyUp(const std::string& name);
    prometheus::Gauge& RevocationLag();
    std::string Render() const;

private:
    struct RequestSeries {
        prometheus::Counter* count;
        prometheus::Histogram* latency;
    };
    RequestSeries& Series(http::Method method, const std::string& route, int status);

    std::mutex series_mutex_;
    std::unordered_map<std::string, RequestSeries> series_;  // method|route|status -> children
    std::shared_ptr<prometheus::Registry> registry_;
    prometheus::Family<prometheus::Counter>& requests_;
    prometheus::Family<prometheus::Histogram>& latency_;
    prometheus::Family<prometheus::Gauge>& outbox_pending_;
    prometheus::Family<prometheus::Counter>& notifications_;
    prometheus::Family<prometheus::Counter>& events_;
    prometheus::Family<prometheus::Gauge>& dependency_up_;
    prometheus::Family<prometheus::Gauge>& revocation_lag_;
};

}  // namespace shop
