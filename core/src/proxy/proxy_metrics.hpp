// Internal: the proxy's metrics — one shard per worker thread, written only by that thread, summed
// when /metrics is scraped, so the request path takes no shared lock.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "travelctl/core/observe/prometheus.hpp"
#include "travelctl/core/proxy/router.hpp"
#include "travelctl/core/store/records.hpp"
#include "travelctl/core/supplier/client.hpp"

namespace travelctl::core::proxy {

/// The statuses counted by name; any other lands in "other" (bounded label values).
inline constexpr std::array<unsigned, 21> kCountedStatuses = {200, 201, 202, 204, 304, 400, 401,
                                                              404, 405, 408, 409, 413, 415, 422,
                                                              429, 431, 500, 502, 503, 504, 505};
inline constexpr std::size_t kStatusSlots = kCountedStatuses.size() + 1;

/// Supplier call outcomes: the status class when it answered, else why it did not.
enum class CallOutcome {
  s2xx,
  s4xx,
  s5xx,
  other_status,
  refused,
  reset,
  timeout,
  too_large,
  bad_response,
  other_error
};
inline constexpr std::size_t kCallOutcomes = 10;

/// What became of an inbound supplier webhook.
enum class InboundResult { accepted, duplicate, unauthorized, invalid };
inline constexpr std::size_t kInboundResults = 4;

/// What the search cache did for a search.
enum class CacheResult { hit, miss, stale, coalesced };
inline constexpr std::size_t kCacheResults = 4;
/// `hit`, `miss`, `stale` or `coalesced` (metric label and access log value).
std::string_view cache_result_name(CacheResult r);

struct DeliveryStats;  // deliverer.hpp
}  // namespace travelctl::core::proxy
namespace travelctl::core::capture {
class Recorder;
}
namespace travelctl::core::proxy {

/// One worker's counters (not copyable: atomics; lives in a deque that never moves it).
struct MetricsShard : supplier::CallObserver {
  explicit MetricsShard(std::size_t clients)
      : client_requests(clients), client_rate_limited(clients) {}

  std::array<std::array<std::atomic<uint64_t>, kStatusSlots>, kRouteCount> requests{};
  std::array<observe::LatencyHistogram, kRouteCount> latency{};
  std::array<std::array<std::atomic<uint64_t>, kCallOutcomes>, supplier::kEndpointCount>
      supplier_calls{};
  std::array<observe::LatencyHistogram, supplier::kEndpointCount> supplier_latency{};
  std::vector<std::atomic<uint64_t>> client_requests;      ///< by configured client index
  std::vector<std::atomic<uint64_t>> client_rate_limited;  ///< 429s by client index
  std::atomic<uint64_t> unusable_trips{0};
  std::array<std::atomic<uint64_t>, 5> idempotency{};  ///< by store::BeginOutcome

  /// One answered request of `route` (nullopt: matched no route; counted as route "none").
  void on_request(std::optional<Route> route, unsigned status, std::chrono::nanoseconds elapsed,
                  std::optional<std::size_t> client);
  void on_supplier_call(supplier::Endpoint endpoint, const supplier::SupplierReply& reply,
                        std::chrono::nanoseconds elapsed) override;
  void on_idempotency(store::BeginOutcome outcome) {
    idempotency[static_cast<std::size_t>(outcome)].fetch_add(1, std::memory_order_relaxed);
  }
  void on_unusable_trips(std::size_t n) { unusable_trips.fetch_add(n, std::memory_order_relaxed); }
  /// A request of configured client `client` refused with 429 (over its rate limit).
  void on_rate_limited(std::size_t client) {
    client_rate_limited[client].fetch_add(1, std::memory_order_relaxed);
  }
  void on_cache(CacheResult r) {
    cache[static_cast<std::size_t>(r)].fetch_add(1, std::memory_order_relaxed);
  }
  std::array<std::atomic<uint64_t>, kCacheResults> cache{};
  void on_inbound_webhook(InboundResult r) {
    inbound_webhooks[static_cast<std::size_t>(r)].fetch_add(1, std::memory_order_relaxed);
  }
  std::array<std::atomic<uint64_t>, kInboundResults> inbound_webhooks{};

  std::array<std::atomic<uint64_t>, kStatusSlots> unrouted{};  ///< by status, route "none"

  // Supplier resilience (this worker's client): retries, budget, hedges, refusals, breaker, pool.
  void on_retry(supplier::Endpoint endpoint, supplier::RetryReason reason) override;
  void on_retry_budget_exhausted(supplier::Endpoint endpoint) override;
  void on_hedge(bool used) override;
  void on_rejected(supplier::Endpoint endpoint, supplier::Rejection why) override;
  void on_breaker(resilience::BreakerState state) override;
  std::array<std::atomic<uint64_t>, supplier::kRetryReasons> retries{};
  std::atomic<uint64_t> retry_budget_exhausted{0};
  std::array<std::atomic<uint64_t>, 2> hedges{};  ///< sent, used
  std::array<std::atomic<uint64_t>, supplier::kRejections> rejected{};
  std::atomic<uint8_t> breaker_state{0};  ///< a resilience::BreakerState
  std::array<std::atomic<uint64_t>, resilience::kBreakerStates> breaker_transitions{};
  http::PoolGauges pool;  ///< written by this worker's supplier pool
};

/// Every worker's shard, plus what /metrics renders from them.
class MetricsRegistry {
 public:
  explicit MetricsRegistry(std::vector<std::string> client_ids);
  /// A new shard for a worker thread (called once per worker at start-up).
  MetricsShard& add_shard();
  /// The per-client series slot of client `id`: its own again after a reload, a new one for a
  /// new id while fewer than the cap (the start-up clients plus kReloadHeadroom) exist, else none
  /// (the client is then only in the totals: reloads cannot grow the series without bound).
  std::optional<std::size_t> client_slot(const std::string& id);
  /// A configuration reload that was applied (`ok`) or refused.
  void count_reload(bool ok) { (ok ? reloads_ok_ : reloads_failed_).fetch_add(1); }
  static constexpr std::size_t kReloadHeadroom = 256;
  /// The Prometheus text of all shards summed, with process metrics.
  std::string render() const;
  /// The deliverer's figures join the scrape (set once at start-up, before serving).
  void set_delivery_stats(const DeliveryStats* stats) { deliveries_ = stats; }
  /// `serve --capture`'s figures join the scrape (null: no capture; set before serving).
  void set_capture(const capture::Recorder* capture) { capture_ = capture; }
  /// How many workers' circuit breakers are in each state (closed, open, half_open).
  std::array<std::size_t, resilience::kBreakerStates> breaker_states() const;

 private:
  std::vector<std::string> client_ids_;  // by slot; grows on reloads (under mu_)
  std::size_t client_capacity_;          // slots every shard has room for
  double start_time_seconds_;
  std::atomic<uint64_t> reloads_ok_{0}, reloads_failed_{0};
  mutable std::mutex mu_;  // guards the deque's structure and client_ids_ (not the counters)
  std::deque<MetricsShard> shards_;
  const DeliveryStats* deliveries_ = nullptr;
  const capture::Recorder* capture_ = nullptr;
};

}  // namespace travelctl::core::proxy
