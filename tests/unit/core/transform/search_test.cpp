// Search transform behaviour beyond the golden vectors: errors that fail the search, overflow,
// duplicate keys, output key order, reuse of one parsed answer by many clients and threads.
#include "travelctl/core/transform/search.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <cstdio>
#include <thread>

using namespace travelctl::core::transform;
using nlohmann::json;

namespace {

const ClientPricing& acme() {
  static const ClientPricing c{"USD", {"USD", "EUR", "JPY"}, 500, {{"USD", 50}}};
  return c;
}

SearchQuery query(const std::string& extra = "") {
  auto q = parse_search_query("from=101&to=117&date=2026-12-01" + extra, acme());
  REQUIRE(q.has_value());
  return *q;
}

json trip(const std::string& id, int64_t amount = 85000,
          const std::string& dep = "2026-12-01T08:30:00+07:00") {
  return {{"id", id},
          {"segments",
           {{{"from_id", 101},
             {"to_id", 117},
             {"departs_at", dep},
             {"arrives_at", "2026-12-01T15:45:00+07:00"},
             {"operator_id", 7},
             {"class_id", 2},
             {"vehicle", "bus"},
             {"amenities", {"wifi"}}}}},
          {"price", {{"amount_minor", amount}, {"currency", "THB"}}},
          {"seats_left", 12},
          {"bookable", true}};
}

json document(json trips, json rates = {{"USD", "0.028571"}, {"JPY", "4.2105"}}) {
  return {{"search_id", "s_1"},
          {"trips", std::move(trips)},
          {"stations", {{"101", {{"name", "Bangkok"}}}, {"117", {{"name", "Chiang Mai"}}}}},
          {"operators", {{"7", {{"name", "Nakhonchai Air"}}}}},
          {"classes", {{"2", {{"name", "VIP 24"}}}}},
          {"fx", {{"base", "THB"}, {"rates", std::move(rates)}}}};
}

// "T<i>" (snprintf: GCC 12 warns falsely on string concatenation here).
std::string trip_id(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "T%d", i);
  return buf;
}

std::shared_ptr<const SupplierSearch> parse_ok(const std::string& body) {
  auto s = parse_supplier_search(body);
  INFO((s.has_value() ? "" : s.error()));
  REQUIRE(s.has_value());
  return *s;
}

struct Rendered {
  json body;
  RenderStats stats;
};

Rendered render_ok(const SupplierSearch& s, const SearchQuery& q, const ClientPricing& c = acme()) {
  std::string out;
  auto stats = render_search(s, q, c, out);
  INFO((stats.has_value() ? "" : stats.error()));
  REQUIRE(stats.has_value());
  return {json::parse(out), *stats};
}

std::string render_error(const std::string& body, const SearchQuery& q) {
  auto s = parse_ok(body);
  std::string out;
  auto stats = render_search(*s, q, acme(), out);
  REQUIRE_FALSE(stats.has_value());
  return stats.error();
}

}  // namespace

TEST_CASE("Search transform: a body that is not a search answer is an error", "[core]") {
  const json good = document(json::array({trip("T1")}));
  std::vector<std::string> bad = {
      "",     "not json", "{",         "[]",
      "null", "42",       "\"trips\"", R"({"trips": [], "fx": {"base": "THB"}} trailing)"};
  for (const char* missing : {"trips", "fx", "search_id"}) {
    json d = good;
    d.erase(missing);
    bad.push_back(d.dump());
  }
  json d = good;
  d["trips"] = json::object();
  bad.push_back(d.dump());
  d = good;
  d["fx"] = "THB";
  bad.push_back(d.dump());
  d = good;
  d["fx"].erase("base");
  bad.push_back(d.dump());
  d = good;
  d["search_id"] = 5;
  bad.push_back(d.dump());
  std::string invalid_utf8 = good.dump();
  invalid_utf8[invalid_utf8.find("Bangkok")] = '\xff';
  bad.push_back(invalid_utf8);
  for (const auto& body : bad) {
    INFO("body " << body);
    const auto s = parse_supplier_search(body);
    CHECK_FALSE(s.has_value());
    if (!s.has_value()) {
      CHECK_FALSE(s.error().empty());
    }
  }
  CHECK(parse_supplier_search(good.dump()).has_value());
}

TEST_CASE("Search transform: the requested rate must exist and be well formed", "[core]") {
  const json trips = json::array({trip("T1")});
  CHECK(render_error(document(trips, {{"JPY", "4.2105"}}).dump(), query()) ==
        "supplier fx has no rate for USD");
  for (const json& rate : {json("0.0285710"), json("-0.028571"), json("0.02.8"), json(""),
                           json("abc"), json(0.028571), json(nullptr), json::array()}) {
    INFO("rate " << rate.dump());
    CHECK(render_error(document(trips, {{"USD", rate}}).dump(), query()) ==
          "supplier fx rate for USD is malformed");
  }
  json no_rates = document(trips);
  no_rates["fx"].erase("rates");
  CHECK(render_error(no_rates.dump(), query()) == "supplier fx has no rate for USD");
  // Only the requested currency is looked at: a bad USD rate does not fail a JPY search.
  auto s = parse_ok(document(trips, {{"USD", "bad"}, {"JPY", "4.2105"}}).dump());
  CHECK(render_ok(*s, query("&currency=JPY")).body["count"] == 1);
}

TEST_CASE("Search transform: the search fails even with no trips when the rate is bad", "[core]") {
  CHECK(render_error(document(json::array(), {{"USD", "x"}}).dump(), query()) ==
        "supplier fx rate for USD is malformed");
}

TEST_CASE("Search transform: absurd rates and amounts drop the trip, never wrap", "[core]") {
  // 9e18 THB minor at 18446744073709.551615 is far past 64 bits of cents: unusable, counted.
  json trips = json::array({trip("T-huge", INT64_MAX), trip("T-ok", 0)});
  auto s = parse_ok(document(trips, {{"USD", "18446744073709.551615"}}).dump());
  const auto r = render_ok(*s, query("&pax=9"));
  CHECK(r.stats.dropped_unusable == 1);
  REQUIRE(r.body["count"] == 1);
  CHECK(r.body["itineraries"][0]["price"]["per_passenger"] == "0.50");  // 0 converted + 50 fee
  // The largest amount that fits: rate 1 with no markup keeps it exact.
  auto exact = parse_ok(document(json::array({trip("T-max", INT64_MAX)}), {{"USD", "1"}}).dump());
  const ClientPricing plain{"USD", {"USD"}, 0, {}};
  const auto e = render_ok(*exact, query(), plain);
  CHECK(e.body["itineraries"][0]["price"]["amount"] == "92233720368547758.07");
  // With pax 2 the total no longer fits.
  CHECK(render_ok(*exact, query("&pax=2"), plain).stats.dropped_unusable == 1);
}

TEST_CASE("Search transform: a negative markup is refused", "[core]") {
  auto s = parse_ok(document(json::array({trip("T1")})).dump());
  std::string out;
  const ClientPricing negative{"USD", {"USD"}, -1, {}};
  CHECK_FALSE(render_search(*s, query(), negative, out).has_value());
  const ClientPricing negative_fee{"USD", {"USD"}, 0, {{"USD", -5}}};
  CHECK_FALSE(render_search(*s, query(), negative_fee, out).has_value());
}

TEST_CASE("Search transform: the first of duplicate keys wins", "[core]") {
  const std::string body = R"({"search_id":"s","trips":[{"id":"first","id":"second",
    "segments":[{"from_id":101,"to_id":117,"from_id":999,"departs_at":"2026-12-01T08:30:00Z",
    "arrives_at":"2026-12-01T09:30:00Z","operator_id":7,"class_id":2,"vehicle":"bus"}],
    "price":{"amount_minor":100,"currency":"THB","amount_minor":-5},"seats_left":1,
    "bookable":true,"bookable":false}],
    "stations":{"101":{"name":"A"},"117":{"name":"B"},"101":{"name":"C"}},
    "operators":{"7":{"name":"O"}},"classes":{"2":{"name":"K"}},
    "fx":{"base":"THB","rates":{"USD":"1","USD":"x"}}})";
  auto s = parse_ok(body);
  const auto r = render_ok(*s, query());
  REQUIRE(r.body["count"] == 1);
  const json& it = r.body["itineraries"][0];
  CHECK(decode_itinerary_id(it["id"].get<std::string>())->trip_id == "first");
  CHECK(it["segments"][0]["from"] == json({{"id", 101}, {"name", "A"}}));
  CHECK(it["price"]["per_passenger"] == "1.55");  // 100 * 1.05 + 50
}

TEST_CASE("Search transform: dictionary keys must spell the id exactly", "[core]") {
  json d = document(json::array({trip("T1")}));
  d["stations"] = {{"0101", {{"name", "Bangkok"}}}, {"117", {{"name", "Chiang Mai"}}}};
  auto s = parse_ok(d.dump());
  const auto r = render_ok(*s, query());
  CHECK(r.body["count"] == 0);
  CHECK(r.stats.dropped_unusable == 1);
  // Negative and large ids work when they are spelled canonically.
  json t = trip("T2");
  t["segments"][0]["from_id"] = -5;
  t["segments"][0]["to_id"] = INT64_MAX;
  d = document(json::array({t}));
  d["stations"] = {{"-5", {{"name", "Minus"}}}, {std::to_string(INT64_MAX), {{"name", "Max"}}}};
  const auto r2 = render_ok(*parse_ok(d.dump()), query());
  REQUIRE(r2.body["count"] == 1);
  CHECK(r2.body["itineraries"][0]["segments"][0]["to"]["id"] == INT64_MAX);
}

TEST_CASE("Search transform: a dictionary missing from one answer is not taken from the last",
          "[core]") {
  // Each thread reuses its parser state: the answer before must leave nothing behind.
  const auto full = render_ok(*parse_ok(document(json::array({trip("T1")})).dump()), query());
  REQUIRE(full.body["count"] == 1);
  for (const char* dict : {"stations", "operators", "classes"}) {
    json d = document(json::array({trip("T1")}));
    d.erase(dict);
    const auto r = render_ok(*parse_ok(d.dump()), query());
    INFO(dict);
    CHECK(r.body["count"] == 0);  // every reference dangles: the trip is unusable
    CHECK(r.stats.dropped_unusable == 1);
    d[dict] = "not an object";
    CHECK(render_ok(*parse_ok(d.dump()), query()).body["count"] == 0);
    parse_ok(document(json::array({trip("T1")})).dump());  // a full answer in between
  }
}

TEST_CASE("Search transform: short and long strings are escaped wherever the byte falls",
          "[core]") {
  // Vehicles, amenities and names of every length up to 19 bytes, with a byte that needs escaping
  // at each position (or none): what the client reads back is what the supplier sent.
  for (const std::string& special :
       {std::string(), std::string("\""), std::string("\\"), std::string("\t"),
        std::string(1, '\x01'), std::string("\xc3\xa9")}) {
    for (size_t len = 1; len < 20; ++len) {
      for (size_t at = 0; at < len; ++at) {
        std::string text(len, 'x');
        if (!special.empty()) {
          text.replace(at, 1, special);
        }
        json t = trip("T1");
        t["segments"][0]["vehicle"] = text;
        t["segments"][0]["amenities"] = {text, "ok"};
        json d = document(json::array({t}));
        d["operators"]["7"]["name"] = text;
        const auto r = render_ok(*parse_ok(d.dump()), query());
        REQUIRE(r.body["count"] == 1);
        const json& seg = r.body["itineraries"][0]["segments"][0];
        INFO("length " << len << " at " << at);
        CHECK(seg["vehicle"] == text);
        CHECK(seg["amenities"] == json({text, "ok"}));
        CHECK(seg["operator"] == text);
      }
    }
  }
}

TEST_CASE("Search transform: keys come in the order of client-api.md's example", "[core]") {
  auto s = parse_ok(document(json::array({trip("T1")})).dump());
  std::string out;
  REQUIRE(render_search(*s, query(), acme(), out).has_value());
  const std::vector<std::string> order = {"{\"itineraries\":[{\"id\":\"",
                                          "\"departs_at\":",
                                          "\"arrives_at\":",
                                          "\"duration_minutes\":435",
                                          "\"stops\":0",
                                          "\"segments\":[{\"from\":{\"id\":101,\"name\":",
                                          "\"to\":{\"id\":117",
                                          "\"departs_at\":",
                                          "\"arrives_at\":",
                                          "\"operator\":",
                                          "\"class\":",
                                          "\"vehicle\":\"bus\"",
                                          "\"amenities\":[\"wifi\"]}]",
                                          "\"price\":{\"amount\":\"26.00\"",
                                          "\"per_passenger\":\"26.00\"",
                                          "\"currency\":\"USD\"}",
                                          "\"seats_available\":12}]",
                                          "\"count\":1",
                                          "\"currency\":\"USD\"",
                                          "\"search_id\":\"s_1\"}"};
  size_t at = 0;
  for (const auto& piece : order) {
    INFO("looking for " << piece << " after " << at << " in " << out);
    const size_t found = out.find(piece, at);
    REQUIRE(found != std::string::npos);
    at = found + piece.size();
  }
  CHECK(at == out.size());
}

TEST_CASE("Search transform: one parsed answer serves any client and query", "[core]") {
  json trips = json::array();
  for (int i = 0; i < 30; ++i) {
    json t = trip(trip_id(100 + i), 1000 * (30 - i));
    t["seats_left"] = i % 10;
    trips.push_back(t);
  }
  auto s = parse_ok(document(trips).dump());
  const auto usd = render_ok(*s, query());
  const auto jpy = render_ok(*s, query("&currency=JPY&pax=5&sort=price&limit=3"));
  const auto usd_again = render_ok(*s, query());
  CHECK(usd.body == usd_again.body);
  CHECK(usd.body["count"] == 27);  // seats 0 skipped for pax 1
  REQUIRE(jpy.body["count"] == 3);
  CHECK(jpy.body["currency"] == "JPY");
  CHECK(jpy.body["itineraries"][0]["price"]["currency"] == "JPY");
  CHECK(jpy.body["itineraries"][0]["seats_available"] >= 5);
  const ClientPricing other{"USD", {"USD"}, 0, {}};
  CHECK(render_ok(*s, query(), other).body["itineraries"][0]["price"] !=
        usd.body["itineraries"][0]["price"]);
  CHECK(render_ok(*s, query("&limit=1")).body["count"] == 1);
  CHECK(render_ok(*parse_ok(document(json::array()).dump()), query()).body ==
        json({{"itineraries", json::array()},
              {"count", 0},
              {"currency", "USD"},
              {"search_id", "s_1"}}));
}

TEST_CASE("Search transform: concurrent renders of one cached answer agree", "[core]") {
  json trips = json::array();
  for (int i = 0; i < 50; ++i) {
    trips.push_back(trip(trip_id(i), 500 * i));
  }
  auto s = parse_ok(document(trips).dump());
  std::string expected;
  REQUIRE(render_search(*s, query("&sort=price"), acme(), expected).has_value());
  std::vector<std::string> results(4);
  std::vector<std::thread> threads;
  for (auto& r : results) {
    threads.emplace_back([&s, &r] {
      for (int k = 0; k < 200; ++k) {
        r.clear();
        auto q = parse_search_query("from=101&to=117&date=2026-12-01&sort=price", acme());
        (void)render_search(*s, *q, acme(), r);
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  for (const auto& r : results) {
    CHECK(r == expected);
  }
}

TEST_CASE("Search transform: a body that would expand without bound is refused", "[core]") {
  // One 64 KB station name referenced by 2000 segments: 128 MB if inlined every time.
  json d = document(json::array());
  d["stations"]["101"]["name"] = std::string(65536, 'x');
  json t = trip("T-big");
  json segs = json::array();
  for (int i = 0; i < 2000; ++i) {
    segs.push_back(t["segments"][0]);
  }
  t["segments"] = segs;
  d["trips"].push_back(t);
  const auto s = parse_supplier_search(d.dump());
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error() == "supplier search body expands past the render limit");
}
