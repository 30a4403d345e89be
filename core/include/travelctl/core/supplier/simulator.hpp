// The supplier simulator (spec/supplier-api.md): run by `travelctl supplier`, embedded by `serve`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "travelctl/core/http/server.hpp"

namespace travelctl::core::supplier {

struct SimulatorOptions {
  uint64_t seed = 1;
  int trips_per_search = 40;                ///< the default gives a 15-30 KB search answer
  std::string partner_key = "partner-key";  ///< expected X-Partner-Key
  /// Latency per endpoint, e.g. "fixed:20ms", "uniform:5ms..50ms",
  /// "search=lognormal:p50=20ms,p99=200ms;default=fixed:1ms" (grammar in sim/latency.hpp).
  std::string latency = "fixed:0ms";
  std::string faults;                ///< fault injection spec (empty: none); not yet implemented
  int64_t hold_ms = 15 * 60 * 1000;  ///< how long carts and unconfirmed reservations live
  std::string webhook_url;           ///< where booking webhooks go (empty: none); not yet sent
  std::string webhook_secret;
};

/// Counters of what the simulator did since it started (also served as GET /_sim/stats).
struct SimulatorStats {
  uint64_t carts = 0;
  uint64_t reservations = 0;
  uint64_t confirmations = 0;
  uint64_t cancellations = 0;
  uint64_t expirations = 0;
  uint64_t search_requests = 0;
};

/// Owns the catalogue and the booking state shared by every worker thread of the server it serves.
class Simulator {
 public:
  /// Throws std::invalid_argument when an option is invalid (see validate()).
  explicit Simulator(SimulatorOptions options);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  /// What is wrong with the options (bad latency or fault spec, bad numbers), or nullopt.
  static std::optional<std::string> validate(const SimulatorOptions& options);

  /// The handler factory to give to http::Server (the simulator must outlive the server's use of
  /// it; the handlers keep the shared state alive).
  http::HandlerFactory handler_factory();

  SimulatorStats stats() const;
  /// The latency model in words, for a start-up line.
  std::string describe_latency() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace travelctl::core::supplier
