// The webhook deliverer: takes due entries from the store's outbox and POSTs them, signed the
// Standard Webhooks way, to each owning client's endpoint; at least once, per booking in order.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "travelctl/core/observe/prometheus.hpp"
#include "travelctl/core/proxy/webhooks.hpp"

namespace travelctl::core::store {
class Store;
}

namespace travelctl::core::proxy {

/// Where one client's webhooks go.
struct WebhookTarget {
  std::string client_id;
  std::string url;     ///< empty: the client takes no webhooks (its events are kept as dead)
  std::string secret;  ///< `whsec_<base64 key>`
};

struct DelivererOptions {
  webhooks::RetryPolicy retry;
  std::chrono::milliseconds timeout{10'000};  ///< one delivery attempt, connect to answer
  int max_in_flight = 32;                     ///< deliveries at once, all clients
  int max_in_flight_per_client = 4;           ///< so one slow endpoint cannot take them all
  /// An event whose booking no client owns this long after it arrived is kept as dead.
  std::chrono::milliseconds unrouted_timeout{std::chrono::hours(24)};
  std::chrono::milliseconds poll{1'000};  ///< longest sleep between looks at the outbox
  bool release_claims_at_start = true;    ///< one instance: leases of a crashed run end now
  bool verify_tls = true;
};

/// What the deliverer did, for /metrics (written by the deliverer's thread, read by any).
struct DeliveryStats {
  std::atomic<uint64_t> delivered{0};
  std::atomic<uint64_t> failed_attempts{0};  ///< retried later
  std::atomic<uint64_t> dead{0};             ///< gave up (schedule exhausted, 410, no endpoint)
  std::atomic<int64_t> in_flight{0};
  observe::LatencyHistogram latency;  ///< from arrival of the event to its delivery
  // Outbox depth as last read from the store.
  std::atomic<int64_t> pending{0};
  std::atomic<int64_t> unrouted{0};
  std::atomic<int64_t> dead_total{0};
  std::atomic<int64_t> oldest_pending_age_s{0};
};

/// Runs on a thread of its own with its own io_context (the store resumes it there).
class Deliverer {
 public:
  Deliverer(store::Store& store, std::vector<WebhookTarget> targets, DelivererOptions options);
  ~Deliverer();
  Deliverer(const Deliverer&) = delete;
  Deliverer& operator=(const Deliverer&) = delete;

  void start();
  /// Stops taking entries, lets deliveries in flight finish for up to `wait`, then cancels the
  /// rest (nothing is lost: the outbox is durable; a cancelled entry goes out again once its lease
  /// ends, or at the next start: at least once); joins the thread. Returns how many were
  /// cancelled. Safe to call twice.
  int stop(std::chrono::milliseconds wait = std::chrono::milliseconds(1000));
  /// Replaces the clients' endpoints (a configuration reload); deliveries already under way keep
  /// the endpoint they started with.
  void set_targets(std::vector<WebhookTarget> targets);
  const DeliveryStats& stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace travelctl::core::proxy
