// Unit tests of the routing table: exact paths, HEAD as GET, 405 with Allow, target splitting.
#include "travelctl/core/proxy/router.hpp"

#include <catch2/catch.hpp>

using namespace travelctl::core;
using Kind = proxy::RouteMatch::Kind;

TEST_CASE("Router: known paths with GET or HEAD are found", "[core]") {
  for (auto verb : {http::Verb::get, http::Verb::head}) {
    auto m = proxy::match_route(verb, "/health");
    CHECK(m.kind == Kind::found);
    CHECK(m.route == proxy::Route::health);
    m = proxy::match_route(verb, "/v1/itineraries");
    CHECK(m.kind == Kind::found);
    CHECK(m.route == proxy::Route::search);
  }
}

TEST_CASE("Router: a known path with another method is 405 with Allow", "[core]") {
  for (auto verb : {http::Verb::post, http::Verb::put, http::Verb::delete_, http::Verb::patch}) {
    const auto m = proxy::match_route(verb, "/v1/itineraries");
    CHECK(m.kind == Kind::method_not_allowed);
    CHECK(m.allow == "GET, HEAD");
  }
}

TEST_CASE("Router: anything else is not found", "[core]") {
  for (const char* path : {"/", "", "/health/", "/v1/itineraries/", "/V1/itineraries",
                           "/v1/itineraries/abc", "/v1", "//health", "/healthz"}) {
    CHECK(proxy::match_route(http::Verb::get, path).kind == Kind::not_found);
  }
}

TEST_CASE("Router: targets split into path and query", "[core]") {
  std::string_view path, query;
  proxy::split_target("/v1/itineraries?from=1&to=2", path, query);
  CHECK(path == "/v1/itineraries");
  CHECK(query == "from=1&to=2");
  proxy::split_target("/health", path, query);
  CHECK(path == "/health");
  CHECK(query.empty());
  proxy::split_target("/x?", path, query);
  CHECK(path == "/x");
  CHECK(query.empty());
  proxy::split_target("/x?a=1#frag", path, query);
  CHECK(query == "a=1");
}
