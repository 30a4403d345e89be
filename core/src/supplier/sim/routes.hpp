// The simulator's routes: from a parsed request to a response, synchronously (no I/O, no waits).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fault_switch.hpp"
#include "travelctl/core/http/types.hpp"
#include "travelctl/core/supplier/sim/catalogue.hpp"
#include "travelctl/core/supplier/sim/faults.hpp"
#include "travelctl/core/supplier/sim/latency.hpp"
#include "travelctl/core/supplier/sim/state.hpp"
#include "travelctl/core/supplier/sim/webhook_sender.hpp"

namespace travelctl::core::supplier::sim {

/// Everything the routes read or change; one per simulator, shared by every worker thread.
struct SimContext {
  Catalogue catalogue;
  BookingState state;
  std::string partner_key;
  std::array<std::atomic<uint64_t>, kEndpointCount> requests{};
  FaultSwitch faults{};
  std::array<std::atomic<uint64_t>, kFaultKindCount> injected{};  ///< faults by FaultKind
  WebhookCounters webhooks{};  ///< zero when no webhook URL is set
};

/// Query parameters in order, decoded.
struct Query {
  std::vector<std::pair<std::string, std::string>> params;
  /// The first value of `name`, or nullptr.
  const std::string* get(std::string_view name) const {
    for (const auto& [k, v] : params) {
      if (k == name) {
        return &v;
      }
    }
    return nullptr;
  }
};

/// A request's target parsed once, and what it names.
struct Target {
  std::string path;
  std::vector<std::string> parts;  ///< decoded path segments
  Query query;
  Endpoint endpoint = Endpoint::kOther;
  bool own = false;  ///< the simulator's own routes (/health, /_sim/...): no latency, no faults
};

/// Parses the request's target and counts the request for its endpoint.
Target classify(SimContext& ctx, const http::Request& req);

/// Serves one classified request. `now_ms` is the wall clock in milliseconds since the epoch.
http::Response route(SimContext& ctx, const http::Request& req, const Target& target,
                     int64_t now_ms);

/// Sets X-Request-Id: the request's own when it is valid, else a new one.
void echo_request_id(const http::Request& req, http::Response& res);

/// `{"error": {"code", "message"[, "fields"]}}` as the supplier writes it.
std::string sim_error_body(const SimError& e);

}  // namespace travelctl::core::supplier::sim
