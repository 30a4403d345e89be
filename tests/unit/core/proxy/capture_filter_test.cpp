#include "travelctl/core/proxy/capture_filter.hpp"

#include <catch2/catch.hpp>

using namespace travelctl::core::proxy;

TEST_CASE("Capture filter: the default keeps what clients send, not ops routes", "[core]") {
  auto f = parse_capture_routes(kDefaultCaptureRoutes);
  REQUIRE(f);
  for (Route r : {Route::search, Route::itinerary, Route::book, Route::booking,
                  Route::booking_confirm, Route::booking_cancel}) {
    CHECK(f->wants(r, "rid"));
  }
  for (Route r : {Route::health, Route::ready, Route::metrics, Route::openapi, Route::root,
                  Route::supplier_webhook}) {
    CHECK_FALSE(f->wants(r, "rid"));
  }
  CHECK_FALSE(f->wants(std::nullopt, "rid"));
}

TEST_CASE("Capture filter: names, groups, spaces and errors", "[core]") {
  auto f = parse_capture_routes(" search , booking_confirm,none");
  REQUIRE(f);
  CHECK(f->wants(Route::search, "r"));
  CHECK(f->wants(Route::booking_confirm, "r"));
  CHECK_FALSE(f->wants(Route::book, "r"));
  CHECK(f->wants(std::nullopt, "r"));
  auto all = parse_capture_routes("all");
  REQUIRE(all);
  CHECK(all->wants(Route::metrics, "r"));
  CHECK(all->wants(std::nullopt, "r"));
  auto ops = parse_capture_routes("ops,webhooks");
  REQUIRE(ops);
  CHECK(ops->wants(Route::health, "r"));
  CHECK(ops->wants(Route::supplier_webhook, "r"));
  CHECK_FALSE(ops->wants(Route::search, "r"));
  auto bad = parse_capture_routes("search,itineraries");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().find("\"itineraries\"") != std::string::npos);
  CHECK_FALSE(parse_capture_routes(""));
  CHECK_FALSE(parse_capture_routes(" , "));
}

TEST_CASE("Capture filter: sampling applies on top of the routes", "[core]") {
  auto f = parse_capture_routes("search");
  REQUIRE(f);
  f->sample = 0.0;
  CHECK_FALSE(f->wants(Route::search, "r"));
  f->sample = 0.5;
  int kept = 0;
  for (int i = 0; i < 1000; ++i) {
    kept += f->wants(Route::search, std::to_string(i)) ? 1 : 0;
    CHECK_FALSE(f->wants(Route::metrics, std::to_string(i)));
  }
  CHECK(kept > 400);
  CHECK(kept < 600);
}
