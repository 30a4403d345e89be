// The supplier simulator (spec/supplier-api.md): run by `travelctl supplier`, embedded by `serve`.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "travelctl/core/http/server.hpp"
#include "travelctl/core/supplier/sim/faults.hpp"
#include "travelctl/core/supplier/sim/webhook_sender.hpp"

namespace travelctl::core::supplier {

struct SimulatorOptions {
  uint64_t seed = 1;
  int trips_per_search = 40;                ///< the default gives a 15-30 KB search answer
  std::string partner_key = "partner-key";  ///< expected X-Partner-Key
  /// Latency per endpoint, e.g. "fixed:20ms", "uniform:5ms..50ms",
  /// "search=lognormal:p50=20ms,p99=200ms;default=fixed:1ms" (grammar in sim/latency.hpp).
  std::string latency = "fixed:0ms";
  /// Faults by rate per endpoint (empty: none), e.g.
  /// "search=5xx:0.1,timeout:0.05;reserve=reset:0.02;default=429(2s):0.01" (grammar in
  /// sim/faults.hpp); replaceable at run time with POST /_sim/faults.
  std::string faults;
  int64_t hold_ms = 15 * 60 * 1000;  ///< how long carts and unconfirmed reservations live
  /// Where booking webhooks are POSTed (empty: none), e.g.
  /// "http://127.0.0.1:8080/v1/supplier/webhooks"; http or https.
  std::string webhook_url;
  std::string webhook_secret;  ///< the HMAC key of X-Supplier-Signature (empty: kDevWebhookSecret)
  /// Backoff between attempts, "FIRST..MAX" doubling ("100ms..5s"; sim/webhook_retry.hpp).
  std::string webhook_retry = "500ms..30s";
  int webhook_attempts = 8;           ///< attempts per copy of an event before it is abandoned
  int64_t webhook_timeout_ms = 5000;  ///< for the whole of one attempt
  /// Duplicated and reordered events for testing receivers, e.g. "dup=0.2,reorder=0.2"
  /// (grammar in sim/webhook_chaos.hpp); empty: none.
  std::string webhook_chaos;
};

/// The webhook secret when none is given: for development only (documented, not a secret).
inline constexpr std::string_view kDevWebhookSecret = "travelctl-dev-webhook-secret";

/// Counters of what the simulator did since it started (also served as GET /_sim/stats).
struct SimulatorStats {
  uint64_t carts = 0;
  uint64_t reservations = 0;
  uint64_t confirmations = 0;
  uint64_t cancellations = 0;
  uint64_t expirations = 0;
  uint64_t search_requests = 0;
  std::array<uint64_t, sim::kFaultKindCount> faults{};  ///< faults injected, by sim::FaultKind
  sim::WebhookStats webhooks;                           ///< all zero without a webhook URL

  uint64_t injected(sim::FaultKind kind) const { return faults[static_cast<std::size_t>(kind)]; }
};

/// Owns the catalogue and the booking state shared by every worker thread of the server it serves.
class Simulator {
 public:
  /// Throws std::invalid_argument when an option is invalid (see validate()). With a webhook URL,
  /// starts the webhook sender's thread.
  explicit Simulator(SimulatorOptions options);
  /// Stops the webhook sender as stop_webhooks(1s) does.
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  /// What is wrong with the options (bad latency, fault or webhook spec, bad numbers), or nullopt.
  static std::optional<std::string> validate(const SimulatorOptions& options);

  /// The handler factory to give to http::Server (the simulator must outlive the server's use of
  /// it; the handlers keep the shared state alive). Its handlers take connections over for the
  /// faults that need it (timeout, reset, truncated, slow).
  http::ReplyHandlerFactory handler_factory();

  /// Replaces the fault spec in force (as POST /_sim/faults does); the parse error, or nullopt.
  std::optional<std::string> set_faults(std::string_view spec);

  SimulatorStats stats() const;
  /// The latency model in words, for a start-up line.
  std::string describe_latency() const;
  /// The fault spec in force, canonical ("none" when there is none).
  std::string describe_faults() const;
  /// Where webhooks go and how ("none" without a URL), for a start-up line.
  std::string describe_webhooks() const;

  /// Stops sending webhooks (at shutdown, after the server stopped): requests on the wire get up
  /// to `grace`; queued events and retries are dropped (stats().webhooks.undelivered()).
  void stop_webhooks(std::chrono::milliseconds grace);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace travelctl::core::supplier
