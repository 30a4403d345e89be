// The supplier simulator (spec/supplier-api.md): run by `travelctl supplier`, embedded by `serve`.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "travelctl/core/http/server.hpp"
#include "travelctl/core/supplier/sim/faults.hpp"

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
  std::array<uint64_t, sim::kFaultKindCount> faults{};  ///< faults injected, by sim::FaultKind

  uint64_t injected(sim::FaultKind kind) const { return faults[static_cast<std::size_t>(kind)]; }
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

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace travelctl::core::supplier
