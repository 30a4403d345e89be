// The proxy's routing table as a pure function: method and path in, route or 404/405 out.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "travelctl/core/http/types.hpp"

namespace travelctl::core::proxy {

enum class Route {
  health,            ///< GET /health
  ready,             ///< GET /ready
  openapi,           ///< GET /openapi.json
  search,            ///< GET /v1/itineraries
  itinerary,         ///< GET /v1/itineraries/{id}
  book,              ///< POST /v1/bookings
  booking,           ///< GET /v1/bookings/{id}
  booking_confirm,   ///< POST /v1/bookings/{id}/confirm
  booking_cancel,    ///< POST /v1/bookings/{id}/cancel
  metrics,           ///< GET /metrics
  root,              ///< GET /: what this service is and where its documents are
  supplier_webhook,  ///< POST /v1/supplier/webhooks (signed by the supplier, no API key)
  count_,            ///< not a route: how many there are (keep last)
};
inline constexpr std::size_t kRouteCount = static_cast<std::size_t>(Route::count_);

/// The route's name in metrics and logs ("search", "booking_confirm", ...).
std::string_view route_name(Route route);

struct RouteMatch {
  enum class Kind { found, not_found, method_not_allowed };
  Kind kind = Kind::not_found;
  Route route = Route::health;  ///< valid when found
  std::string_view allow;       ///< the `Allow` header value when method_not_allowed
  std::string_view id;          ///< the `{id}` segment of the path, raw, when the route has one
};

/// Matches `path` (without the query) exactly, `{id}` being one non-empty segment; HEAD is accepted
/// wherever GET is.
RouteMatch match_route(http::Verb method, std::string_view path);

/// One path of the routing table in OpenAPI form (`/v1/bookings/{id}/confirm`).
struct RoutePattern {
  std::string path;
  std::string_view allow;  ///< the methods it accepts, as in `Allow` (`GET, HEAD`)
  Route route;
};

/// Every path the router knows, in table order: what the OpenAPI document must describe.
std::vector<RoutePattern> route_patterns();

/// Splits an origin-form target into its path and its raw query (without the `?`).
void split_target(std::string_view target, std::string_view& path, std::string_view& query);

}  // namespace travelctl::core::proxy
