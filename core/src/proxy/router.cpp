// Routing: a small fixed table of path patterns; every path knows its methods so that a wrong one
// gets 405 + Allow.
#include "travelctl/core/proxy/router.hpp"

#include <iterator>

namespace travelctl::core::proxy {
namespace {

struct Entry {
  std::string_view prefix;  ///< the whole path, or what comes before `{id}`
  std::string_view suffix;  ///< what comes after `{id}` (patterns with an id only)
  bool has_id;
  http::Verb method;  ///< GET routes also answer HEAD
  Route route;
  std::string_view allow;
};

constexpr Entry kRoutes[] = {
    {"/health", "", false, http::Verb::get, Route::health, "GET, HEAD"},
    {"/ready", "", false, http::Verb::get, Route::ready, "GET, HEAD"},
    {"/openapi.json", "", false, http::Verb::get, Route::openapi, "GET, HEAD"},
    {"/v1/itineraries", "", false, http::Verb::get, Route::search, "GET, HEAD"},
    {"/v1/itineraries/", "", true, http::Verb::get, Route::itinerary, "GET, HEAD"},
    {"/v1/bookings", "", false, http::Verb::post, Route::book, "POST"},
    {"/v1/bookings/", "", true, http::Verb::get, Route::booking, "GET, HEAD"},
    {"/v1/bookings/", "/confirm", true, http::Verb::post, Route::booking_confirm, "POST"},
    {"/v1/bookings/", "/cancel", true, http::Verb::post, Route::booking_cancel, "POST"},
    {"/metrics", "", false, http::Verb::get, Route::metrics, "GET, HEAD"},
    {"/", "", false, http::Verb::get, Route::root, "GET, HEAD"},
    {"/v1/supplier/webhooks", "", false, http::Verb::post, Route::supplier_webhook, "POST"},
};

constexpr std::string_view kRouteNames[] = {
    "health",  "ready",           "openapi",        "search",  "itinerary", "book",
    "booking", "booking_confirm", "booking_cancel", "metrics", "root",      "supplier_webhook",
};
static_assert(std::size(kRouteNames) == kRouteCount, "a name for every route");

// The id of `path` under `e`, or nullopt-like false when the path does not fit the pattern.
bool fits(const Entry& e, std::string_view path, std::string_view& id) {
  if (!e.has_id) {
    return path == e.prefix;
  }
  if (!path.starts_with(e.prefix) || !path.ends_with(e.suffix) ||
      path.size() <= e.prefix.size() + e.suffix.size()) {
    return false;
  }
  id = path.substr(e.prefix.size(), path.size() - e.prefix.size() - e.suffix.size());
  return id.find('/') == std::string_view::npos;
}

}  // namespace

std::string_view route_name(Route route) {
  const auto i = static_cast<std::size_t>(route);
  return i < kRouteCount ? kRouteNames[i] : "none";
}

RouteMatch match_route(http::Verb method, std::string_view path) {
  for (const Entry& e : kRoutes) {
    std::string_view id;
    if (!fits(e, path, id)) {
      continue;
    }
    RouteMatch m;
    m.id = id;
    const bool as_get = e.method == http::Verb::get && method == http::Verb::head;
    if (method == e.method || as_get) {
      m.kind = RouteMatch::Kind::found;
      m.route = e.route;
    } else {
      m.kind = RouteMatch::Kind::method_not_allowed;
      m.allow = e.allow;
    }
    return m;
  }
  return RouteMatch{};
}

std::vector<RoutePattern> route_patterns() {
  std::vector<RoutePattern> out;
  for (const Entry& e : kRoutes) {
    std::string path(e.prefix);
    if (e.has_id) {
      path.append("{id}").append(e.suffix);
    }
    out.push_back({std::move(path), e.allow, e.route});
  }
  return out;
}

void split_target(std::string_view target, std::string_view& path, std::string_view& query) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) {
    path = target;
    query = {};
  } else {
    path = target.substr(0, q);
    query = target.substr(q + 1);
  }
  // A fragment never belongs on the wire; drop it if a client sent one anyway.
  if (const auto h = query.find('#'); h != std::string_view::npos) {
    query = query.substr(0, h);
  }
}

}  // namespace travelctl::core::proxy
