// The itinerary details transform: trip answers, availability, carts, schemas and the body.
#include "travelctl/core/transform/itinerary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace travelctl::core::transform;
using nlohmann::json;

namespace {

std::string trip_answer(const std::string& trip_extra,
                        const std::string& rates = R"("USD":"0.028571")") {
  return R"({"trip":{"id":"T1","segments":[{"from_id":101,"to_id":117,)"
         R"("departs_at":"2026-12-01T08:30:00+07:00","arrives_at":"2026-12-01T15:45:00+07:00",)"
         R"("operator_id":7,"class_id":2,"vehicle":"bus"}],)"
         R"("price":{"amount_minor":85000,"currency":"THB"})" +
         trip_extra +
         R"(},"stations":{"101":{"name":"Bangkok"},"117":{"name":"Chiang Mai"}},)"
         R"("operators":{"7":{"name":"Op"}},"classes":{"2":{"name":"VIP"}},)"
         R"("fx":{"base":"THB","rates":{)" +
         rates + "}}}";
}

const std::string kGood =
    trip_answer(R"(,"seats_left":3,"bookable":true,"cancellation_policy":[{"hours_before":48}])");

ClientPricing client() {
  ClientPricing p;
  p.currency = "USD";
  p.currencies = {"USD"};
  p.percent_bps = 500;
  p.fixed = {{"USD", 50}};
  return p;
}

}  // namespace

TEST_CASE("Itinerary: a trip answer is read by the search rules", "[core]") {
  auto trip = parse_supplier_trip(kGood);
  REQUIRE(trip);
  CHECK(trip_availability(**trip, 3) == TripAvailability::available);
  CHECK(trip_availability(**trip, 4) == TripAvailability::sold_out);

  auto closed = parse_supplier_trip(trip_answer(R"(,"seats_left":3,"bookable":false)"));
  REQUIRE(closed);
  CHECK(trip_availability(**closed, 1) == TripAvailability::sold_out);
  // A broken reference (operator 8 does not exist) makes the trip unusable, as in a search.
  std::string dangling = kGood;
  dangling.replace(dangling.find("\"operator_id\":7"), 15, "\"operator_id\":8");
  auto broken = parse_supplier_trip(dangling);
  REQUIRE(broken);
  CHECK(trip_availability(**broken, 1) == TripAvailability::unusable);
  auto no_seats = parse_supplier_trip(trip_answer(R"(,"bookable":true)"));
  REQUIRE(no_seats);
  CHECK(trip_availability(**no_seats, 1) == TripAvailability::unusable);

  CHECK_FALSE(parse_supplier_trip("not json"));
  CHECK_FALSE(parse_supplier_trip("[]"));
  CHECK_FALSE(parse_supplier_trip(R"({"trip":[],"fx":{"base":"THB"}})"));
  CHECK_FALSE(parse_supplier_trip(R"({"trip":{}})"));
}

TEST_CASE("Itinerary: carts and schemas", "[core]") {
  auto cart = parse_supplier_cart(
      R"({"cart_id":"c_1","expires_at":"2026-12-01T01:20:00Z","price":{"amount_minor":2429,"currency":"USD"}})");
  REQUIRE(cart);
  CHECK(cart->cart_id == "c_1");
  CHECK(cart->price_minor == 2429);
  CHECK(cart->currency == "USD");
  for (const char* bad :
       {"", "{}", R"({"cart_id":"","expires_at":"x","price":{"amount_minor":1,"currency":"USD"}})",
        R"({"cart_id":"c","expires_at":"x","price":{"amount_minor":-1,"currency":"USD"}})",
        R"({"cart_id":"c","expires_at":"x","price":{"amount_minor":1}})",
        R"({"cart_id":"c","price":{"amount_minor":1,"currency":"USD"}})"}) {
    INFO(bad);
    CHECK_FALSE(parse_supplier_cart(bad));
  }
  auto fields = parse_supplier_schema(R"({"fields": [ {"name": "first_name"} ], "x": 1})");
  REQUIRE(fields);
  CHECK(*fields == R"([{"name":"first_name"}])");
  CHECK_FALSE(parse_supplier_schema(R"({"fields":{}})"));
}

TEST_CASE("Itinerary: the body has the search fields, the cart's marked-up price and the rest",
          "[core]") {
  auto trip = parse_supplier_trip(kGood);
  REQUIRE(trip);
  Cart cart{"c_1", "2026-12-01T01:20:00Z", 2429, "USD"};
  ItineraryParts parts;
  parts.ref = {"T1", "2026-12-01", 2};
  parts.itinerary_id = "ID";
  parts.currency = "USD";
  parts.cart = &cart;
  parts.passenger_fields_json = R"([{"name":"first_name"}])";
  parts.booking_token = "TOKEN";
  std::string out;
  auto changed = render_itinerary(**trip, parts, client(), out);
  REQUIRE(changed);
  CHECK_FALSE(*changed);  // 85000 THB at 0.028571 is 2429 USD cents: the cart agrees
  const json it = json::parse(out);
  CHECK(it["id"] == "ID");
  CHECK(it["duration_minutes"] == 435);
  CHECK(it["stops"] == 0);
  CHECK(it["segments"][0]["amenities"] == json::array());
  CHECK(it["price"] == json{{"amount", "52.00"}, {"per_passenger", "26.00"}, {"currency", "USD"}});
  CHECK(it["seats_available"] == 3);
  CHECK(it["booking_token"] == "TOKEN");
  CHECK(it["expires_at"] == "2026-12-01T01:20:00Z");
  CHECK(it["passenger_fields"] == json::parse(R"([{"name":"first_name"}])"));
  CHECK(it["cancellation_policy"] == json::parse(R"([{"hours_before":48}])"));
  CHECK(it["price_changed"] == false);

  cart.price_minor = 2430;
  out.clear();
  auto moved = render_itinerary(**trip, parts, client(), out);
  REQUIRE(moved);
  CHECK(*moved);
  CHECK(json::parse(out)["price_changed"] == true);

  cart.currency = "EUR";
  out.clear();
  CHECK_FALSE(render_itinerary(**trip, parts, client(), out));  // not the currency asked for
  cart.currency = "USD";
  auto no_rate =
      parse_supplier_trip(trip_answer(R"(,"seats_left":3,"bookable":true)", R"("EUR":"1")"));
  REQUIRE(no_rate);
  CHECK_FALSE(render_itinerary(**no_rate, parts, client(), out));
}

TEST_CASE("Itinerary query: only the currency, checked against the client's", "[core]") {
  ClientPricing p = client();
  p.currencies = {"USD", "EUR"};
  CHECK(parse_itinerary_query("", p).value() == "USD");
  CHECK(parse_itinerary_query("currency=EUR&x=1", p).value() == "EUR");
  CHECK(parse_itinerary_query("currency=EUR&currency=GBP", p).value() == "EUR");
  CHECK_FALSE(parse_itinerary_query("currency=eur", p));
  CHECK_FALSE(parse_itinerary_query("currency=", p));
  CHECK_FALSE(parse_itinerary_query("currency=%zz", p));
}
