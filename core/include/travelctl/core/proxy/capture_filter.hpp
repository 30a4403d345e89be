// Which exchanges `serve --capture` keeps: a set of routes and a sampling rate.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "travelctl/core/expected.hpp"
#include "travelctl/core/proxy/router.hpp"

namespace travelctl::core::proxy {

/// The routes kept by default: what clients send (search, itinerary, bookings).
inline constexpr std::string_view kDefaultCaptureRoutes = "search,itinerary,bookings";

struct CaptureFilter {
  std::array<bool, kRouteCount> routes{};
  bool unrouted = false;  ///< requests that matched no route (404, metric route "none")
  double sample = 1.0;    ///< 0 to 1, see capture::sampled

  /// True when the exchange of `route` (nullopt: no route matched) with this request id is kept.
  bool wants(std::optional<Route> route, std::string_view request_id) const;
};

/// Parses `--capture-routes`: comma-separated route names as in metrics (search, itinerary, book,
/// booking, booking_confirm, booking_cancel, supplier_webhook, health, ready, metrics, openapi,
/// root, none) and groups: `bookings` (book, booking, booking_confirm, booking_cancel), `api`
/// (search, itinerary and bookings), `webhooks` (supplier_webhook), `ops` (health, ready,
/// metrics, openapi, root), `all` (every route and none). The error names the unknown entry.
Expected<CaptureFilter, std::string> parse_capture_routes(std::string_view list);

}  // namespace travelctl::core::proxy
