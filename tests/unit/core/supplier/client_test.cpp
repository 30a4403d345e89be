// The supplier client's endpoint classification (metrics labels) of every supplier-api.md target.
#include "travelctl/core/supplier/client.hpp"

#include <catch2/catch.hpp>

using namespace travelctl::core;
using supplier::Endpoint;

TEST_CASE("Supplier endpoints: every target of the API is named, anything else is other",
          "[core]") {
  using http::Verb;
  CHECK(supplier::classify_target(Verb::get, "/v1/search?from=1&to=2") == Endpoint::search);
  CHECK(supplier::classify_target(Verb::get, "/v1/trips/T1%2Fx?date=2026-12-01") == Endpoint::trip);
  CHECK(supplier::classify_target(Verb::post, "/v1/carts") == Endpoint::cart);
  CHECK(supplier::classify_target(Verb::get, "/v1/carts/c_1/schema") == Endpoint::schema);
  CHECK(supplier::classify_target(Verb::post, "/v1/carts/c_1/reserve") == Endpoint::reserve);
  CHECK(supplier::classify_target(Verb::post, "/v1/bookings/55/confirm") == Endpoint::confirm);
  CHECK(supplier::classify_target(Verb::get, "/v1/bookings/55") == Endpoint::booking);
  CHECK(supplier::classify_target(Verb::post, "/v1/bookings/55/cancel") == Endpoint::cancel);
  for (const char* other :
       {"/", "/v1/trips/", "/v1/carts/c_1/x/schema", "/v1/bookings/55/refund", "/v1/search/x"}) {
    CHECK(supplier::classify_target(Verb::get, other) == Endpoint::other);
    CHECK(supplier::classify_target(Verb::post, other) == Endpoint::other);
  }
  CHECK(supplier::classify_target(Verb::post, "/v1/search") == Endpoint::other);
  CHECK(supplier::endpoint_name(Endpoint::reserve) == "reserve");
  CHECK(supplier::endpoint_name(Endpoint::other) == "other");
}
