// The proxy's routing table as a pure function: method and path in, route or 404/405 out.
#pragma once

#include <cstddef>
#include <string_view>

#include "travelctl/core/http/types.hpp"

namespace travelctl::core::proxy {

enum class Route {
  health,
  search,             ///< GET /v1/itineraries
  itinerary,          ///< GET /v1/itineraries/{id}
  book,               ///< POST /v1/bookings
  booking,            ///< GET /v1/bookings/{id}
  booking_confirm,    ///< POST /v1/bookings/{id}/confirm
  booking_cancel,     ///< POST /v1/bookings/{id}/cancel
  metrics,            ///< GET /metrics
  count_,             ///< not a route: how many there are (keep last)
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

/// Splits an origin-form target into its path and its raw query (without the `?`).
void split_target(std::string_view target, std::string_view& path, std::string_view& query);

}  // namespace travelctl::core::proxy
