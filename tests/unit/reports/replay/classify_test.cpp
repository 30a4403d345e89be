// classify_exchange and normalize_route: the verdict per exchange and the route it counts under.
#include "travelctl/reports/replay/classify.hpp"

#include <catch2/catch.hpp>

#include "travelctl/reports/replay/route.hpp"

namespace rr = travelctl::reports::replay;

TEST_CASE("classify_exchange: same, status changed, body changed", "[reports]") {
  const rr::JsonDiffOptions none;
  auto c =
      rr::classify_exchange(200, std::string(R"({"a":1,"b":2})"), 200, R"({"b":2,"a":1})", none);
  CHECK(c.outcome == rr::Outcome::same);
  c = rr::classify_exchange(200, std::string(R"({"a":1})"), 200, R"({"a":2})", none);
  CHECK(c.outcome == rr::Outcome::body_changed);
  REQUIRE(c.diff.changes.size() == 1);
  CHECK(c.diff.changes[0].pointer == "/a");
  c = rr::classify_exchange(200, std::string(R"({"a":1})"), 404,
                            R"({"error":{"code":"not_found"}})", none);
  CHECK(c.outcome == rr::Outcome::status_changed);
  CHECK(c.note.find("200 -> 404") != std::string::npos);
  CHECK(c.note.find("not_found") != std::string::npos);
}

TEST_CASE("classify_exchange: bodies not kept or not JSON", "[reports]") {
  const rr::JsonDiffOptions none;
  CHECK(rr::classify_exchange(200, std::nullopt, 200, "anything", none).outcome ==
        rr::Outcome::same);
  CHECK(rr::classify_exchange(200, std::string("ok\n"), 200, "ok\n", none).outcome ==
        rr::Outcome::same);
  const auto c =
      rr::classify_exchange(200, std::string("<html>a</html>"), 200, "<html>b</html>!", none);
  CHECK(c.outcome == rr::Outcome::body_changed);
  CHECK(c.note.find("14 -> 15 bytes") != std::string::npos);
  CHECK(rr::classify_exchange(204, std::string(), 204, "", none).outcome == rr::Outcome::same);
}

TEST_CASE("normalize_route: ids become {id}, versions and names stay, query dropped", "[reports]") {
  CHECK(rr::normalize_route("/v1/bookings/b_123") == "/v1/bookings/{id}");
  CHECK(rr::normalize_route("/v1/bookings/b_123/confirm?x=1") == "/v1/bookings/{id}/confirm");
  CHECK(rr::normalize_route("/v1/itineraries?from=101&to=117") == "/v1/itineraries");
  CHECK(rr::normalize_route("/v1/itineraries/dHJpcF9hYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5eg") ==
        "/v1/itineraries/{id}");
  CHECK(rr::normalize_route("/v2/quote-batches/qb_9f") == "/v2/quote-batches/{id}");
  CHECK(rr::normalize_route("/health") == "/health");
  CHECK(rr::normalize_route("/v1/bookings/b_does_not_exist") == "/v1/bookings/{id}");
  CHECK(rr::normalize_route("/v1/quote-batches") == "/v1/quote-batches");
  CHECK(rr::normalize_route("/_sim/stats") == "/_sim/stats");
  CHECK(rr::normalize_route("/") == "/");
  CHECK(rr::normalize_route("") == "/");
}
