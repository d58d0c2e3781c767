#include "shop/metrics.hpp"

#include <prometheus/text_serializer.h>

#include "shop/http/types.hpp"

namespace shop {

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      requests_(prometheus::BuildCounter().Name("http_requests_total").Help("HTTP requests").Register(*registry_)),
      latency_(prometheus::BuildHistogram()
                   .Name("http_request_duration_seconds")
                   .Help("HTTP request latency")
                   .Register(*registry_)),
      outbox_pending_(
          prometheus::BuildGauge().Name("outbox_pending").Help("Outbox messages not yet delivered").Register(*registry_)),
      notifications_(prometheus::BuildCounter()
                         .Name("notification_deliveries_total")
                         .Help("Email delivery attempts by outcome")
                         .Register(*registry_)),
      events_(prometheus::BuildCounter()
                  .Name("event_deliveries_total")
                  .Help("Integration event deliveries by outcome")
                  .Register(*registry_)),
      dependency_up_(prometheus::BuildGauge().Name("dependency_up").Help("1 when a dependency answers").Register(*registry_)),
      revocation_lag_(prometheus::BuildGauge()
                          .Name("revocation_feed_lag_seconds")
                          .Help("Seconds since the revocation feed was last read")
                          .Register(*registry_)) {}

// prometheus-cpp's Family::Add builds and hashes a label map per call; the children are looked up once per
// series here instead (a request costs one short-key hash lookup).
Metrics::RequestSeries& Metrics::Series(http::Method method, const std::string& route, int status) {
    std::string key = std::to_string(static_cast<int>(method)) + "|" + std::to_string(status) + "|" + route;
    std::lock_guard lock(series_mutex_);
    auto it = series_.find(key);
    if (it != series_.end()) return it->second;
    static const prometheus::Histogram::BucketBoundaries kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                                  0.05,   0.1,   0.25,   0.5,   1,    2.5};
    std::string m = http::MethodName(method);
    RequestSeries s{&requests_.Add({{"method", m}, {"route", route}, {"status", std::to_string(status)}}),
                    &latency_.Add({{"method", m}, {"route", route}}, kBuckets)};
    return series_.emplace(std::move(key), s).first->second;
}

void Metrics::ObserveRequest(http::Method method, const std::string& route, int status, double seconds) {
    RequestSeries& s = Series(method, route, status);
    s.count->Increment();
    s.latency->Observe(seconds);
}

prometheus::Gauge& Metrics::OutboxPending(const std::string& kind) { return outbox_pending_.Add({{"kind", kind}}); }
prometheus::Counter& Metrics::NotificationDeliveries(const std::string& status) {
    return notifications_.Add({{"status", status}});
}
prometheus::Counter& Metrics::EventDeliveries(const std::string& result) { return events_.Add({{"result", result}}); }
prometheus::Gauge& Metrics::DependencyUp(const std::string& name) { return dependency_up_.Add({{"dependency", name}}); }
prometheus::Gauge& Metrics::RevocationLag() { return revocation_lag_.Add({}); }

std::string Metrics::Render() const { return prometheus::TextSerializer().Serialize(registry_->Collect()); }

}  // namespace shop
