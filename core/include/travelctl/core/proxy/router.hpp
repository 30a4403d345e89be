// The proxy's routing table as a pure function: method and path in, route or 404/405 out.
#pragma once

#include <string_view>

#include "travelctl/core/http/types.hpp"

namespace travelctl::core::proxy {

enum class Route { health, search };

struct RouteMatch {
  enum class Kind { found, not_found, method_not_allowed };
  Kind kind = Kind::not_found;
  Route route = Route::health;  ///< valid when found
  std::string_view allow;       ///< the `Allow` header value when method_not_allowed
};

/// Matches `path` (without the query) exactly; HEAD is accepted wherever GET is.
RouteMatch match_route(http::Verb method, std::string_view path);

/// Splits an origin-form target into its path and its raw query (without the `?`).
void split_target(std::string_view target, std::string_view& path, std::string_view& query);

}  // namespace travelctl::core::proxy
