// GET /ready as a pure function: what this instance knows about itself in, 200 or 503 out.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "travelctl/core/http/types.hpp"
#include "travelctl/core/store/records.hpp"

namespace travelctl::core::proxy {

/// What /ready reports about the supplier. It never fails readiness: a supplier outage must not
/// make a load balancer drop every instance (they still serve cached searches and bookings' reads).
/// The circuit breaker's state (and recent errors) belong here once the breaker exists.
struct SupplierReadiness {
  std::string base_url;  ///< where the supplier calls go, without credentials
};

/// The facts /ready decides on, gathered per request.
struct ReadinessFacts {
  std::string store;                             ///< Store::describe()
  std::optional<store::StoreError> store_error;  ///< why Store::ping() failed, if it did
  SupplierReadiness supplier;
};

/// `200 {"status":"ready","store","supplier":{...}}` when the store answered, else
/// `503 not_ready` (the error body; `details` has the reason, the store and the supplier's state).
/// Both with `Cache-Control: no-store`.
http::Response readiness_response(const ReadinessFacts& facts, std::string_view request_id);

}  // namespace travelctl::core::proxy
