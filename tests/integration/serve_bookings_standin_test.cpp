// End to end against an independent stand-in supplier that answers exactly the examples of
// spec/supplier-api.md: exact money on the itinerary and bookings, and every error mapping of the
// itinerary and booking routes (including unknown outcomes that must never reserve twice).
#include <catch2/catch.hpp>
#include <mutex>

#include "booking_support.hpp"
#include "support/scripted_server.hpp"

namespace {

using nlohmann::json;
using namespace travelctl::test;

const char* kDicts =
    R"("stations":{"101":{"name":"Bangkok Mo Chit","city_id":1},"117":{"name":"Chiang Mai Arcade"}},)"
    R"("operators":{"7":{"name":"Nakhonchai Air","rating":4.6}},"classes":{"2":{"name":"VIP 24"}},)"
    R"("fx":{"base":"THB","rates":{"THB":"1","USD":"0.028571","EUR":"0.026310"}})";

std::string trip_json(bool bookable) {
  return std::string(R"({"id":"T10293847","segments":[{"from_id":101,"to_id":117,)") +
         R"("departs_at":"2026-12-01T08:30:00+07:00","arrives_at":"2026-12-01T15:45:00+07:00",)" +
         R"("operator_id":7,"class_id":2,"vehicle":"bus","amenities":["wifi","ac","toilet"]}],)" +
         R"("price":{"amount_minor":85000,"currency":"THB"},"seats_left":12,"bookable":)" +
         (bookable ? "true" : "false") +
         R"(,"cancellation_policy":[{"hours_before":48,"refund_percent":90},)" +
         R"({"hours_before":24,"refund_percent":50}],"baggage":"1 bag, 20 kg"})";
}

// The spec's supplier, with per-endpoint overrides (keyed "METHOD path-without-query").
struct StandIn {
  std::mutex mu;
  std::map<std::string, ScriptedReply> overrides;
  int reserves = 0;
  ScriptedServer server{[this](const RecordedRequest& r) { return answer(r); }};

  void set(const std::string& key, ScriptedReply reply) {
    std::lock_guard lock(mu);
    overrides[key] = std::move(reply);
  }
  void clear() {
    std::lock_guard lock(mu);
    overrides.clear();
  }
  int reserve_count() {
    std::lock_guard lock(mu);
    return reserves;
  }

  ScriptedReply answer(const RecordedRequest& r) {
    const std::string path = r.target.substr(0, r.target.find('?'));
    std::lock_guard lock(mu);
    if (r.header("x-partner-key") != "partner") {
      return ScriptedReply::json(401, R"({"error":{"code":"unauthorized","message":"key"}})");
    }
    if (path == "/v1/carts/c_8d2f91/reserve") {
      ++reserves;
    }
    if (auto it = overrides.find(r.method + " " + path); it != overrides.end()) {
      return it->second;
    }
    if (r.method == "GET" && path == "/v1/search") {
      return ScriptedReply::json(
          200, R"({"search_id":"s_5f1c2a","trips":[)" + trip_json(true) + "]," + kDicts + "}");
    }
    if (r.method == "GET" && path == "/v1/trips/T10293847") {
      return ScriptedReply::json(200, R"({"trip":)" + trip_json(true) + "," + kDicts + "}");
    }
    if (r.method == "POST" && path == "/v1/carts") {
      return ScriptedReply::json(201,
                                 R"({"cart_id":"c_8d2f91","expires_at":"2026-12-01T01:20:00Z",)"
                                 R"("price":{"amount_minor":2429,"currency":"USD"}})");
    }
    if (r.method == "GET" && path == "/v1/carts/c_8d2f91/schema") {
      return ScriptedReply::json(
          200, R"({"fields":[{"name":"first_name","type":"string","required":true},)"
               R"({"name":"last_name","type":"string","required":true},)"
               R"({"name":"passport_number","type":"string","required":false},)"
               R"({"name":"date_of_birth","type":"date","required":true}]})");
    }
    if (r.method == "POST" && path == "/v1/carts/c_8d2f91/reserve") {
      return ScriptedReply::json(201, R"({"bid":5550001,"status":"reserved",)"
                                      R"("price":{"amount_minor":4858,"currency":"USD"},)"
                                      R"("expires_at":"2026-12-01T01:35:00Z"})");
    }
    if (r.method == "POST" && path == "/v1/bookings/5550001/confirm") {
      return ScriptedReply::json(200,
                                 R"({"bid":5550001,"status":"confirmed",)"
                                 R"("ticket_url":"https://tickets.supplier.example/5550001.pdf"})");
    }
    if (r.method == "GET" && path == "/v1/bookings/5550001") {
      return ScriptedReply::json(
          200,
          R"({"bid":5550001,"status":"confirmed","price":{"amount_minor":4858,"currency":"USD"},)"
          R"("passengers":[{"first_name":"A"},{"first_name":"B"}],)"
          R"("created_at":"2026-12-01T01:05:00Z","ticket_url":"https://t.example/5550001.pdf"})");
    }
    if (r.method == "POST" && path == "/v1/bookings/5550001/cancel") {
      return ScriptedReply::json(200, R"({"bid":5550001,"status":"cancelled",)"
                                      R"("refund":{"amount_minor":2429,"currency":"USD"}})");
    }
    return ScriptedReply::json(404, R"({"error":{"code":"not_found","message":"no route"}})");
  }
};

ScriptedReply status_reply(unsigned status,
                           const std::string& body = R"({"error":{"code":"x","message":"y"}})") {
  return ScriptedReply::json(status, body);
}

ScriptedReply hang() {
  ScriptedReply r;
  r.kind = ScriptedReply::Kind::hang;
  r.delay = std::chrono::milliseconds(3000);
  return r;
}

void check_error(const HttpReply& r, int status, const std::string& code) {
  INFO("status " << r.status << " body " << r.body << " error " << r.error);
  REQUIRE(r.status == status);
  CHECK(json::parse(r.body)["error"]["code"] == code);
}

const std::string kItinerary = "/v1/itineraries?from=101&to=117&date=2026-12-01&pax=2";

}  // namespace

TEST_CASE("serve bookings: against a stand-in supplier that follows the spec to the letter",
          "[integration]") {
  StandIn supplier;
  json config =
      json::parse(two_client_config("http://127.0.0.1:" + std::to_string(supplier.server.port())));
  config["supplier"]["timeout_ms"] = 600;
  auto serve = ServeProcess::with_config(config.dump());
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();

  const HttpReply search = call(port, "GET", kItinerary, kAcmeKey);
  REQUIRE(search.status == 200);
  const std::string id = json::parse(search.body)["itineraries"][0]["id"];
  const std::string target = "/v1/itineraries/" + id;

  SECTION("exact money and fields on the itinerary and every booking call") {
    const HttpReply r = call(port, "GET", target, kAcmeKey);
    INFO(r.body);
    REQUIRE(r.status == 200);
    const json it = json::parse(r.body);
    // 85000 THB -> 2429 USD cents (cart price, unchanged) -> +5 % = 2550 -> +50 = 2600 per seat.
    CHECK(it["price"] ==
          json{{"amount", "52.00"}, {"per_passenger", "26.00"}, {"currency", "USD"}});
    CHECK(it["price_changed"] == false);
    CHECK(it["expires_at"] == "2026-12-01T01:20:00Z");
    CHECK(it["cancellation_policy"][1] == json{{"hours_before", 24}, {"refund_percent", 50}});
    CHECK(it["passenger_fields"][3]["name"] == "date_of_birth");
    CHECK(it["duration_minutes"] == 435);
    CHECK(it["segments"][0]["operator"] == "Nakhonchai Air");
    // The three supplier calls in order, with the client's currency and pax.
    const auto reqs = supplier.server.requests();
    REQUIRE(reqs.size() >= 4);
    CHECK(reqs[1].target == "/v1/trips/T10293847?date=2026-12-01&seats=2");
    CHECK(
        json::parse(reqs[2].body) ==
        json{{"trip_id", "T10293847"}, {"date", "2026-12-01"}, {"seats", 2}, {"currency", "USD"}});
    CHECK(reqs[3].target == "/v1/carts/c_8d2f91/schema");

    const std::string token = it["booking_token"];
    HttpReply b = call(port, "POST", "/v1/bookings", kAcmeKey, booking_body(token, 2));
    REQUIRE(b.status == 201);
    CHECK(json::parse(b.body) == json{{"booking_id", "5550001"},
                                      {"status", "reserved"},
                                      {"expires_at", "2026-12-01T01:35:00Z"},
                                      {"price", {{"amount", "52.00"}, {"currency", "USD"}}}});
    b = call(port, "POST", "/v1/bookings/5550001/confirm", kAcmeKey);
    CHECK(json::parse(b.body)["ticket_url"] == "https://tickets.supplier.example/5550001.pdf");
    b = call(port, "GET", "/v1/bookings/5550001", kAcmeKey);
    CHECK(json::parse(b.body)["price"] == json{{"amount", "52.00"}, {"currency", "USD"}});
    b = call(port, "POST", "/v1/bookings/5550001/cancel", kAcmeKey);
    // A refund gets the percentage only: 2429 * 1.05 = 2550.45 -> 25.50.
    CHECK(json::parse(b.body)["refund"] == json{{"amount", "25.50"}, {"currency", "USD"}});
  }
  SECTION("a moved cart price is flagged and used") {
    supplier.set(
        "POST /v1/carts",
        ScriptedReply::json(201, R"({"cart_id":"c_8d2f91","expires_at":"2026-12-01T01:20:00Z",)"
                                 R"("price":{"amount_minor":2500,"currency":"USD"}})"));
    const json it = json::parse(call(port, "GET", target, kAcmeKey).body);
    CHECK(it["price_changed"] == true);
    CHECK(it["price"]["per_passenger"] == "26.75");  // 2500 * 1.05 + 50
  }
  SECTION("itinerary: each of the three calls failing maps, and no partial answer") {
    supplier.set("GET /v1/trips/T10293847", status_reply(404));
    check_error(call(port, "GET", target, kAcmeKey), 404, "not_found");
    supplier.set("GET /v1/trips/T10293847", status_reply(500));
    check_error(call(port, "GET", target, kAcmeKey), 502, "supplier_error");
    supplier.set("GET /v1/trips/T10293847", ScriptedReply::json(200, "<html>oops</html>"));
    check_error(call(port, "GET", target, kAcmeKey), 502, "supplier_error");
    supplier.set("GET /v1/trips/T10293847",
                 ScriptedReply::json(200, R"({"trip":)" + trip_json(false) + "," + kDicts + "}"));
    check_error(call(port, "GET", target, kAcmeKey), 409, "conflict");
    supplier.clear();
    CHECK(call(port, "GET", kItinerary, kAcmeKey).header("x-cache") == "HIT");
    supplier.set("POST /v1/carts", status_reply(409));
    check_error(call(port, "GET", target, kAcmeKey), 409, "conflict");
    // The seats are gone: the cached search that offered them is forgotten, the next one asks.
    CHECK(call(port, "GET", kItinerary, kAcmeKey).header("x-cache") == "MISS");
    ScriptedReply limited = status_reply(429);
    limited.headers = {{"Retry-After", "7"}};
    supplier.set("POST /v1/carts", limited);
    const HttpReply r = call(port, "GET", target, kAcmeKey);
    check_error(r, 503, "supplier_unavailable");
    CHECK(r.header("retry-after") == "7");
    supplier.clear();
    supplier.set("GET /v1/carts/c_8d2f91/schema", hang());
    check_error(call(port, "GET", target, kAcmeKey), 504, "supplier_timeout");
    supplier.set("GET /v1/carts/c_8d2f91/schema", status_reply(404));
    check_error(call(port, "GET", target, kAcmeKey), 404, "not_found");
  }
  SECTION("bookings: definite failures release the key, unknown outcomes never reserve twice") {
    const std::string token =
        json::parse(call(port, "GET", target, kAcmeKey).body)["booking_token"];
    const std::string body = booking_body(token, 2);
    supplier.set("POST /v1/carts/c_8d2f91/reserve",
                 status_reply(422, R"({"error":{"code":"validation_failed","message":"m",)"
                                   R"("fields":["passengers[0].date_of_birth"]}})"));
    HttpReply r = call(port, "POST", "/v1/bookings", kAcmeKey, body, {{"Idempotency-Key", "a"}});
    check_error(r, 422, "validation_failed");
    CHECK(json::parse(r.body)["error"]["details"][0]["field"] == "passengers[0].date_of_birth");
    supplier.set("POST /v1/carts/c_8d2f91/reserve", status_reply(500));
    check_error(call(port, "POST", "/v1/bookings", kAcmeKey, body, {{"Idempotency-Key", "a"}}), 502,
                "supplier_error");
    supplier.set("POST /v1/carts/c_8d2f91/reserve", status_reply(409));
    check_error(call(port, "POST", "/v1/bookings", kAcmeKey, body, {{"Idempotency-Key", "a"}}), 409,
                "conflict");
    supplier.clear();  // the key was never poisoned: the same key now books
    r = call(port, "POST", "/v1/bookings", kAcmeKey, body, {{"Idempotency-Key", "a"}});
    CHECK(r.status == 201);
    CHECK(supplier.reserve_count() == 4);

    supplier.set("POST /v1/carts/c_8d2f91/reserve", hang());
    check_error(call(port, "POST", "/v1/bookings", kAcmeKey, body, {{"Idempotency-Key", "b"}}), 504,
                "supplier_timeout");
    supplier.clear();  // the supplier is fine again, but the first attempt may have reserved
    check_error(call(port, "POST", "/v1/bookings", kAcmeKey, body, {{"Idempotency-Key", "b"}}), 409,
                "idempotency_outcome_unknown");
    CHECK(supplier.reserve_count() == 5);

    ScriptedReply reset;
    reset.kind = ScriptedReply::Kind::reset;
    supplier.set("POST /v1/carts/c_8d2f91/reserve", reset);
    check_error(call(port, "POST", "/v1/bookings", kAcmeKey, body, {{"Idempotency-Key", "c"}}), 502,
                "supplier_error");
    supplier.clear();
    check_error(call(port, "POST", "/v1/bookings", kAcmeKey, body, {{"Idempotency-Key", "c"}}), 409,
                "idempotency_outcome_unknown");
    CHECK(supplier.reserve_count() == 6);
  }
  SECTION("confirm and cancel: wrong state is 409, silence is an unknown outcome") {
    const std::string token =
        json::parse(call(port, "GET", target, kAcmeKey).body)["booking_token"];
    REQUIRE(call(port, "POST", "/v1/bookings", kAcmeKey, booking_body(token, 2)).status == 201);
    supplier.set("POST /v1/bookings/5550001/confirm", status_reply(409));
    check_error(call(port, "POST", "/v1/bookings/5550001/confirm", kAcmeKey), 409, "conflict");
    supplier.set("POST /v1/bookings/5550001/cancel", hang());
    const HttpReply r = call(port, "POST", "/v1/bookings/5550001/cancel", kAcmeKey);
    check_error(r, 504, "supplier_timeout");
    CHECK(json::parse(r.body)["error"]["message"].get<std::string>().find(
              "GET /v1/bookings/5550001") != std::string::npos);
    supplier.set("GET /v1/bookings/5550001", status_reply(503));
    check_error(call(port, "GET", "/v1/bookings/5550001", kAcmeKey), 502, "supplier_error");
    // A confirm or cancel is sent once: the stand-in saw each exactly once.
    int confirms = 0;
    int cancels = 0;
    for (const auto& q : supplier.server.requests()) {
      confirms += q.target == "/v1/bookings/5550001/confirm";
      cancels += q.target == "/v1/bookings/5550001/cancel";
    }
    CHECK(confirms == 1);
    CHECK(cancels == 1);
  }
}
