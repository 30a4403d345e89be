// The capture's route list and sampling decision.
#include "travelctl/core/proxy/capture_filter.hpp"

#include "travelctl/core/capture/sample.hpp"

namespace travelctl::core::proxy {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') {
    s.remove_prefix(1);
  }
  while (!s.empty() && s.back() == ' ') {
    s.remove_suffix(1);
  }
  return s;
}

template <class Routes>
void set(CaptureFilter& f, const Routes& routes) {
  for (const Route r : routes) {
    f.routes[static_cast<std::size_t>(r)] = true;
  }
}

// One entry of the list; false when it names nothing.
bool add(CaptureFilter& f, std::string_view name) {
  constexpr std::array<Route, 4> kBookings = {Route::book, Route::booking, Route::booking_confirm,
                                              Route::booking_cancel};
  if (name == "all") {
    f.routes.fill(true);
    f.unrouted = true;
  } else if (name == "none") {
    f.unrouted = true;
  } else if (name == "bookings") {
    set(f, kBookings);
  } else if (name == "api") {
    set(f, kBookings);
    set(f, std::array{Route::search, Route::itinerary});
  } else if (name == "webhooks") {
    set(f, std::array{Route::supplier_webhook});
  } else if (name == "ops") {
    set(f, std::array{Route::health, Route::ready, Route::metrics, Route::openapi, Route::root});
  } else {
    for (std::size_t r = 0; r < kRouteCount; ++r) {
      if (route_name(static_cast<Route>(r)) == name) {
        f.routes[r] = true;
        return true;
      }
    }
    return false;
  }
  return true;
}

}  // namespace

bool CaptureFilter::wants(std::optional<Route> route, std::string_view request_id) const {
  const bool kept = route ? routes[static_cast<std::size_t>(*route)] : unrouted;
  return kept && capture::sampled(request_id, sample);
}

Expected<CaptureFilter, std::string> parse_capture_routes(std::string_view list) {
  CaptureFilter f;
  bool any = false;
  while (true) {
    const auto comma = list.find(',');
    const std::string_view name = trim(list.substr(0, comma));
    if (!name.empty()) {
      if (!add(f, name)) {
        return unexpected("unknown route \"" + std::string(name) +
                          "\" (routes: search, itinerary, book, booking, booking_confirm, "
                          "booking_cancel, supplier_webhook, health, ready, metrics, openapi, "
                          "root, none; groups: bookings, api, webhooks, ops, all)");
      }
      any = true;
    }
    if (comma == std::string_view::npos) {
      break;
    }
    list.remove_prefix(comma + 1);
  }
  if (!any) {
    return unexpected(std::string("no route named (an empty list would capture nothing)"));
  }
  return f;
}

}  // namespace travelctl::core::proxy
