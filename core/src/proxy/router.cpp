// Routing: a small fixed table; every path knows its methods so that a wrong one gets 405 + Allow.
#include "travelctl/core/proxy/router.hpp"

namespace travelctl::core::proxy {
namespace {

struct Entry {
  std::string_view path;
  Route route;
  std::string_view allow;
};

constexpr Entry kRoutes[] = {
    {"/health", Route::health, "GET, HEAD"},
    {"/v1/itineraries", Route::search, "GET, HEAD"},
};

}  // namespace

RouteMatch match_route(http::Verb method, std::string_view path) {
  for (const Entry& e : kRoutes) {
    if (e.path != path) {
      continue;
    }
    RouteMatch m;
    if (method == http::Verb::get || method == http::Verb::head) {
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
