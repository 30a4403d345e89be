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
  for (const char* path :
       {"", "/health/", "/v1/itineraries/", "/V1/itineraries", "/v1/itineraries/a/b", "/v1",
        "//health", "/healthz", "/v1/bookings/", "/v1/bookings/1/", "/v1/bookings/1/refund",
        "/v1/bookings//confirm", "/v1/bookings/1/confirm/x"}) {
    CHECK(proxy::match_route(http::Verb::get, path).kind == Kind::not_found);
  }
}

TEST_CASE("Router: routes with an id carry it", "[core]") {
  auto m = proxy::match_route(http::Verb::get, "/v1/itineraries/AQIH6gw-_");
  CHECK(m.kind == Kind::found);
  CHECK(m.route == proxy::Route::itinerary);
  CHECK(m.id == "AQIH6gw-_");
  m = proxy::match_route(http::Verb::head, "/v1/bookings/5550001");
  CHECK(m.route == proxy::Route::booking);
  CHECK(m.id == "5550001");
  m = proxy::match_route(http::Verb::post, "/v1/bookings/5550001/confirm");
  CHECK(m.route == proxy::Route::booking_confirm);
  CHECK(m.id == "5550001");
  m = proxy::match_route(http::Verb::post, "/v1/bookings/7/cancel");
  CHECK(m.route == proxy::Route::booking_cancel);
  CHECK(m.id == "7");
  m = proxy::match_route(http::Verb::post, "/v1/bookings");
  CHECK(m.kind == Kind::found);
  CHECK(m.route == proxy::Route::book);
}

TEST_CASE("Router: booking routes refuse other methods with their Allow", "[core]") {
  auto m = proxy::match_route(http::Verb::get, "/v1/bookings");
  CHECK(m.kind == Kind::method_not_allowed);
  CHECK(m.allow == "POST");
  m = proxy::match_route(http::Verb::get, "/v1/bookings/1/confirm");
  CHECK(m.kind == Kind::method_not_allowed);
  CHECK(m.allow == "POST");
  m = proxy::match_route(http::Verb::post, "/v1/bookings/1");
  CHECK(m.kind == Kind::method_not_allowed);
  CHECK(m.allow == "GET, HEAD");
  m = proxy::match_route(http::Verb::delete_, "/v1/itineraries/abc");
  CHECK(m.kind == Kind::method_not_allowed);
  CHECK(m.allow == "GET, HEAD");
}

TEST_CASE("Router: the operational routes need no id", "[core]") {
  CHECK(proxy::match_route(http::Verb::get, "/").route == proxy::Route::root);
  CHECK(proxy::match_route(http::Verb::get, "/metrics").route == proxy::Route::metrics);
  CHECK(proxy::match_route(http::Verb::post, "/metrics").kind == Kind::method_not_allowed);
  CHECK(proxy::route_name(proxy::Route::booking_confirm) == "booking_confirm");
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
