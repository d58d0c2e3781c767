// Prometheus metrics of a service (API.md §3): request counts and latency by route template and status,
// plus gauges and counters other parts register (outbox, deliveries, dependencies, revocation lag).
#pragma once

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>

namespace shop {

class Metrics {
public:
    Metrics();
    void ObserveRequest(const std::string& method, const std::string& route, int status, double seconds);
    prometheus::Gauge& OutboxPending(const std::string& kind);
    prometheus::Counter& NotificationDeliveries(const std::string& status);
    prometheus::Counter& EventDeliveries(const std::string& result);
    prometheus::Gauge& DependencyUp(const std::string& name);
    prometheus::Gauge& RevocationLag();
    std::string Render() const;

private:
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
