// Tests of the simulator's catalogue and its JSON answers: determinism, size, spec shapes.
#include "travelctl/core/supplier/sim/catalogue.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "travelctl/core/supplier/sim/render.hpp"
#include "travelctl/core/transform/search.hpp"
#include "travelctl/core/transform/time.hpp"

using namespace travelctl::core::supplier::sim;
namespace transform = travelctl::core::transform;

namespace {

const int64_t kDay = transform::days_from_civil(2026, 12, 1);

std::string search_body(const Catalogue& c, int from, int to, int64_t day = kDay) {
  const SearchQuery q{from, to, day, 2};
  auto trips = c.search(q);
  REQUIRE(trips.has_value());
  return render_search(c.search_id(q), *trips);
}

const std::vector<std::pair<int, int>> kRoutes = {{101, 117}, {117, 101}, {101, 147}, {301, 601},
                                                  {150, 158}, {701, 402}, {165, 501}, {102, 118}};

}  // namespace

TEST_CASE("Catalogue: the same seed gives byte-identical answers", "[core]") {
  const Catalogue a(7, 40);
  const Catalogue b(7, 40);
  for (auto [from, to] : kRoutes) {
    CHECK(search_body(a, from, to) == search_body(b, from, to));
  }
}

TEST_CASE("Catalogue: another seed, route or date gives other trips", "[core]") {
  const Catalogue a(7, 40);
  const Catalogue b(8, 40);
  CHECK(search_body(a, 101, 117) != search_body(b, 101, 117));
  CHECK(search_body(a, 101, 117) != search_body(a, 101, 117, kDay + 1));
  CHECK(search_body(a, 101, 117) != search_body(a, 117, 101));
}

TEST_CASE("Catalogue: the default answer is 15-30 KB and a large setting passes 1 MB", "[core]") {
  const Catalogue c(1, 40);
  for (auto [from, to] : kRoutes) {
    const auto size = search_body(c, from, to).size();
    INFO(from << " -> " << to << ": " << size << " bytes");
    CHECK(size >= 15 * 1024);
    CHECK(size <= 30 * 1024);
  }
  CHECK(search_body(Catalogue(1, 2500), 101, 117).size() > 1024 * 1024);
}

TEST_CASE("Catalogue: every trip has the shape of supplier-api.md", "[core]") {
  const Catalogue c(3, 40);
  std::set<std::string> offsets;
  std::set<std::string> vehicles;
  int unbookable = 0;
  int low_seats = 0;
  int multi = 0;
  int trips_seen = 0;
  for (auto [from, to] : kRoutes) {
    const auto doc = nlohmann::json::parse(search_body(c, from, to));
    REQUIRE(doc["search_id"].is_string());
    REQUIRE(doc["fx"]["base"] == "THB");
    REQUIRE(doc["fx"]["rates"]["USD"] == "0.028571");
    const auto& trips = doc["trips"];
    REQUIRE(trips.size() == 40);
    std::set<std::string> ids;
    int64_t last_departure = INT64_MIN;
    for (const auto& t : trips) {
      ++trips_seen;
      INFO(t.dump());
      CHECK(ids.insert(t["id"].get<std::string>()).second);
      const auto& segs = t["segments"];
      REQUIRE(segs.size() >= 1);
      REQUIRE(segs.size() <= 4);
      multi += segs.size() > 1;
      CHECK(segs.front()["from_id"] == from);
      CHECK(segs.back()["to_id"] == to);
      transform::Instant prev_arrival{INT64_MIN, 0};
      for (size_t i = 0; i < segs.size(); ++i) {
        const auto& s = segs[i];
        CHECK(doc["stations"].contains(std::to_string(s["from_id"].get<int>())));
        CHECK(doc["stations"].contains(std::to_string(s["to_id"].get<int>())));
        CHECK(doc["operators"].contains(std::to_string(s["operator_id"].get<int>())));
        CHECK(doc["classes"].contains(std::to_string(s["class_id"].get<int>())));
        if (i > 0) {
          CHECK(s["from_id"] == segs[i - 1]["to_id"]);
        }
        const auto dep = transform::parse_timestamp(s["departs_at"].get<std::string>());
        const auto arr = transform::parse_timestamp(s["arrives_at"].get<std::string>());
        REQUIRE(dep);
        REQUIRE(arr);
        CHECK(*dep < *arr);
        CHECK(prev_arrival < *dep);
        prev_arrival = *arr;
        offsets.insert(s["departs_at"].get<std::string>().substr(19));
        vehicles.insert(s["vehicle"].get<std::string>());
        CHECK(s["amenities"].is_array());
      }
      const auto first = transform::parse_timestamp(segs[0]["departs_at"].get<std::string>());
      CHECK(first->seconds >= last_departure);  // in departure order
      last_departure = first->seconds;
      CHECK(t["price"]["currency"] == "THB");
      CHECK(t["price"]["amount_minor"].get<int64_t>() > 0);
      CHECK(t["seats_left"].get<int>() >= 0);
      unbookable += !t["bookable"].get<bool>();
      low_seats += t["seats_left"].get<int>() < 4;
      CHECK(t["rating"].is_number());
    }
  }
  CHECK(offsets.count("+07:00") == 1);
  CHECK(offsets.size() >= 2);  // Malaysia, Singapore (+08:00) and Myanmar (+06:30) are on routes
  CHECK(vehicles == std::set<std::string>{"bus", "ferry", "train", "van"});
  CHECK(unbookable > 0);
  CHECK(unbookable < trips_seen / 4);
  CHECK(low_seats > 0);
  CHECK(multi > 0);
}

TEST_CASE("Catalogue: the proxy's transform keeps every usable simulated trip", "[core]") {
  const Catalogue c(5, 40);
  for (auto [from, to] : kRoutes) {
    const std::string body = search_body(c, from, to);
    auto parsed = transform::parse_supplier_search(body);
    REQUIRE(parsed.has_value());
    transform::ClientPricing client{"USD", {"USD"}, 0, {}};
    transform::SearchQuery q{static_cast<uint64_t>(from),
                             static_cast<uint64_t>(to),
                             "2026-12-01",
                             1,
                             "USD",
                             transform::SortKey::departure,
                             200};
    std::string out;
    auto stats = transform::render_search(**parsed, q, client, out);
    REQUIRE(stats.has_value());
    CHECK(stats->dropped_unusable == 0);
  }
}

TEST_CASE("Catalogue: trip ids find their trip again, on their date only", "[core]") {
  const Catalogue c(11, 40);
  auto trips = c.search({150, 158, kDay, 1});
  REQUIRE(trips.has_value());
  for (const Trip& t : *trips) {
    auto found = c.find_trip(t.id, kDay);
    REQUIRE(found.has_value());
    CHECK(render_trip(*found) == render_trip(t));
    CHECK_FALSE(c.find_trip(t.id, kDay + 1).has_value());
  }
  for (const char* bad :
       {"", "T", "T150-158-20261201", "T150-158-20261201-40", "T150-158-20261201-",
        "T150-158-20261201-01", "T150-150-20261201-1", "T999-158-20261201-1", "X150-158-20261201-1",
        "T150-158-20261201-1-", "T150-158-2026121-1", "T-150-158-20261201-1",
        "T150-158-20261201-99999999999999999999"}) {
    INFO(bad);
    CHECK_FALSE(c.find_trip(bad, kDay).has_value());
  }
}

TEST_CASE("Catalogue: some trips change price between search and cart", "[core]") {
  const Catalogue c(2, 400);
  auto trips = c.search({101, 117, kDay, 1});
  REQUIRE(trips.has_value());
  int moved = 0;
  for (const Trip& t : *trips) {
    moved += t.cart_price_minor != t.price_minor;
    CHECK(t.cart_price_minor % 100 == 0);
  }
  CHECK(moved > 400 / 16);  // about one in eight
  CHECK(moved < 400 / 4);
}

TEST_CASE("Catalogue: bad searches are 400 and unknown stations 404", "[core]") {
  const Catalogue c(1, 40);
  CHECK(c.search({101, 101, kDay, 1}).error().status == 400);
  CHECK(c.search({101, 999, kDay, 1}).error().status == 404);
  CHECK(c.search({999, 101, kDay, 1}).error().status == 404);
}
