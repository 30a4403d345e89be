// The simulator's routes: from a parsed request to a response, synchronously (no I/O, no waits).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "travelctl/core/http/types.hpp"
#include "travelctl/core/supplier/sim/catalogue.hpp"
#include "travelctl/core/supplier/sim/latency.hpp"
#include "travelctl/core/supplier/sim/state.hpp"

namespace travelctl::core::supplier::sim {

/// Everything the routes read or change; one per simulator, shared by every worker thread.
struct SimContext {
  Catalogue catalogue;
  BookingState state;
  std::string partner_key;
  std::array<std::atomic<uint64_t>, kEndpointCount> requests{};
};

/// The outcome of routing: the response and which endpoint it was (for latency and faults);
/// `delayed` is false for the simulator's own routes (/health, /_sim/...).
struct Routed {
  http::Response response;
  Endpoint endpoint = Endpoint::kOther;
  bool delayed = true;
};

/// Serves one request. `now_ms` is the wall clock in milliseconds since the epoch.
Routed route(SimContext& ctx, const http::Request& req, int64_t now_ms);

/// `{"error": {"code", "message"[, "fields"]}}` as the supplier writes it.
std::string sim_error_body(const SimError& e);

}  // namespace travelctl::core::supplier::sim
