// The supplier simulator (spec/supplier-api.md): run by `travelctl supplier`, embedded by `serve`.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "travelctl/core/http/server.hpp"

namespace travelctl::core::supplier {

struct SimulatorOptions {
  uint64_t seed = 1;
  int trips_per_search = 40;             ///< the default gives a 15-30 KB search answer
  std::string partner_key = "partner-key";  ///< expected X-Partner-Key
  std::string latency = "fixed:0ms";     ///< latency model spec, see the simulator's README section
  std::string faults;                    ///< fault injection spec (empty: none)
  std::string webhook_url;               ///< where booking webhooks go (empty: none)
  std::string webhook_secret;
};

/// Owns the catalogue and the booking state shared by every worker thread of the server it serves.
class Simulator {
 public:
  explicit Simulator(SimulatorOptions options);
  ~Simulator();
  /// The handler factory to give to http::Server.
  http::HandlerFactory handler_factory();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace travelctl::core::supplier
