// GET /ready as a pure function: what this instance knows about itself in, 200 or 503 out.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "travelctl/core/http/types.hpp"
#include "travelctl/core/store/records.hpp"

namespace travelctl::core::proxy {

/// What /ready reports about the supplier. It never fails readiness: a supplier outage must not
/// make a load balancer drop every instance (they still serve cached searches and bookings' reads).
struct SupplierReadiness {
  std::string base_url;  ///< where the supplier calls go, without credentials
  /// Worker threads whose circuit breaker is closed, open, half_open (one breaker per worker).
  std::array<std::size_t, 3> breakers{};
};

/// The circuit as one word: "open" when any worker's breaker is open, else "half_open" when any
/// is probing, else "closed".
std::string_view circuit_summary(const SupplierReadiness& s);

/// The facts /ready decides on, gathered per request.
struct ReadinessFacts {
  std::string store;                             ///< Store::describe()
  std::optional<store::StoreError> store_error;  ///< why Store::ping() failed, if it did
  SupplierReadiness supplier;
  bool draining = false;  ///< stopping (SIGTERM): take this instance out of rotation
};

/// `200 {"status":"ready","store","supplier":{...}}` when the store answered and the instance is
/// not draining, else `503 not_ready` (the error body; `details` has the reason — `draining` or
/// `store_unreachable` — the store and the supplier's state).
/// Both with `Cache-Control: no-store`.
http::Response readiness_response(const ReadinessFacts& facts, std::string_view request_id);

}  // namespace travelctl::core::proxy
