// End to end against the simulator: search -> itinerary -> book -> confirm -> get -> cancel,
// tenant isolation, idempotency under 50 concurrent requests, and state kept across a restart.
#include <signal.h>

#include <catch2/catch.hpp>
#include <ctime>
#include <set>
#include <thread>

#include "booking_support.hpp"
#include "support/temp_dir.hpp"

namespace {

using nlohmann::json;
using namespace travelctl::test;

// The first itinerary of a search for `pax` (the test needs one; the catalogue always has some).
std::string first_itinerary(uint16_t port, const std::string& key, int pax = 1) {
  const HttpReply r = call(
      port, "GET",
      "/v1/itineraries?from=101&to=117&pax=" + std::to_string(pax) + "&date=" + date_in_days(20),
      key);
  INFO(r.body);
  REQUIRE(r.status == 200);
  const json body = json::parse(r.body);
  REQUIRE(!body["itineraries"].empty());
  return body["itineraries"][0]["id"].get<std::string>();
}

json open_itinerary(uint16_t port, const std::string& id, const std::string& key) {
  const HttpReply r = call(port, "GET", "/v1/itineraries/" + id, key);
  INFO(r.body);
  REQUIRE(r.status == 200);
  return json::parse(r.body);
}

void check_error(const HttpReply& r, int status, const std::string& code) {
  INFO("status " << r.status << " body " << r.body << " error " << r.error);
  REQUIRE(r.status == status);
  CHECK(json::parse(r.body)["error"]["code"] == code);
}

}  // namespace

TEST_CASE("serve bookings: the whole flow against the simulator", "[integration]") {
  SupplierProcess supplier;
  REQUIRE(supplier.port() != 0);
  auto serve = ServeProcess::with_config(
      two_client_config("http://127.0.0.1:" + std::to_string(supplier.port())));
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();

  const std::string id = first_itinerary(port, kAcmeKey, 2);
  const json it = open_itinerary(port, id, kAcmeKey);
  CHECK(it["id"] == id);
  CHECK(it["segments"].is_array());
  CHECK(it["price"]["currency"] == "USD");
  CHECK(it["booking_token"].is_string());
  CHECK(it["expires_at"].is_string());
  CHECK(it["passenger_fields"].size() == 4);
  CHECK(it["cancellation_policy"].is_array());
  CHECK(it["price_changed"].is_boolean());
  // Two passengers: the amount is twice the marked-up per-passenger price.
  const std::string per = it["price"]["per_passenger"];
  const std::string amount = it["price"]["amount"];
  CHECK(std::llround(std::stod(amount) * 100) == 2 * std::llround(std::stod(per) * 100));

  const HttpReply booked = call(port, "POST", "/v1/bookings", kAcmeKey,
                                booking_body(it["booking_token"], 2), {{"Idempotency-Key", "k-1"}});
  INFO(booked.body);
  REQUIRE(booked.status == 201);
  const json b = json::parse(booked.body);
  const std::string bid = b["booking_id"];
  CHECK(b["status"] == "reserved");
  CHECK(b["price"]["currency"] == "USD");
  CHECK(b["expires_at"].is_string());

  SECTION("confirm, read, cancel") {
    HttpReply r = call(port, "POST", "/v1/bookings/" + bid + "/confirm", kAcmeKey);
    REQUIRE(r.status == 200);
    CHECK(json::parse(r.body)["status"] == "confirmed");
    CHECK(json::parse(r.body)["ticket_url"].is_string());
    check_error(call(port, "POST", "/v1/bookings/" + bid + "/confirm", kAcmeKey), 409, "conflict");

    r = call(port, "GET", "/v1/bookings/" + bid, kAcmeKey);
    REQUIRE(r.status == 200);
    const json got = json::parse(r.body);
    CHECK(got["status"] == "confirmed");
    CHECK(got["passengers"].size() == 2);
    CHECK(got["price"] == b["price"]);  // the same markup rule on the same supplier total

    r = call(port, "POST", "/v1/bookings/" + bid + "/cancel", kAcmeKey);
    REQUIRE(r.status == 200);
    const json cancelled = json::parse(r.body);
    CHECK(cancelled["status"] == "cancelled");
    CHECK(cancelled["refund"]["currency"] == "USD");
  }
  SECTION("another client sees nothing: every route is 404") {
    check_error(call(port, "GET", "/v1/bookings/" + bid, kGlobexKey), 404, "not_found");
    check_error(call(port, "POST", "/v1/bookings/" + bid + "/confirm", kGlobexKey), 404,
                "not_found");
    check_error(call(port, "POST", "/v1/bookings/" + bid + "/cancel", kGlobexKey), 404,
                "not_found");
    // Nor can it book with acme's token, or guess neighbouring ids.
    check_error(
        call(port, "POST", "/v1/bookings", kGlobexKey, booking_body(it["booking_token"], 2)), 404,
        "not_found");
    const long long n = std::stoll(bid);
    for (long long guess : {n - 1, n + 1, n + 2}) {
      check_error(call(port, "GET", "/v1/bookings/" + std::to_string(guess), kGlobexKey), 404,
                  "not_found");
    }
    // The booking is untouched: acme still reads it as reserved.
    const HttpReply r = call(port, "GET", "/v1/bookings/" + bid, kAcmeKey);
    REQUIRE(r.status == 200);
    CHECK(json::parse(r.body)["status"] == "reserved");
  }
  SECTION("a replay with the same key is the first answer byte for byte; another body conflicts") {
    const HttpReply again =
        call(port, "POST", "/v1/bookings", kAcmeKey, booking_body(it["booking_token"], 2),
             {{"Idempotency-Key", "k-1"}});
    CHECK(again.status == 201);
    CHECK(again.body == booked.body);
    CHECK(again.header("idempotent-replayed") == "true");
    CHECK(supplier.stats()["reservations"] == 1);
    json other = json::parse(booking_body(it["booking_token"], 2));
    other["contact"]["email"] = "someone.else@example.com";
    check_error(
        call(port, "POST", "/v1/bookings", kAcmeKey, other.dump(), {{"Idempotency-Key", "k-1"}}),
        409, "idempotency_conflict");
  }
  SECTION("bad ids and bodies") {
    check_error(call(port, "GET", "/v1/itineraries/" + id.substr(0, id.size() - 2), kAcmeKey), 404,
                "not_found");
    std::string tampered = id;
    tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
    check_error(call(port, "GET", "/v1/itineraries/" + tampered, kAcmeKey), 404, "not_found");
    check_error(call(port, "GET", "/v1/bookings/not-a-number", kAcmeKey), 404, "not_found");
    check_error(call(port, "GET", "/v1/itineraries/" + id + "?currency=JPY", kAcmeKey), 400,
                "invalid_request");
    const HttpReply bad = call(port, "POST", "/v1/bookings", kAcmeKey,
                               R"({"booking_token":"x","passengers":[{"first_name":1}]})");
    check_error(bad, 400, "invalid_request");
    std::set<std::string> fields;
    const json details = json::parse(bad.body)["error"]["details"];
    for (const auto& d : details) {
      fields.insert(d["field"].get<std::string>());
    }
    CHECK(fields == std::set<std::string>{"booking_token", "passengers[0].first_name", "contact"});
    check_error(call(port, "POST", "/v1/bookings", kAcmeKey, "not json"), 400, "invalid_request");
    HttpRequest text;
    text.method = "POST";
    text.target = "/v1/bookings";
    text.headers = {{"X-Api-Key", kAcmeKey}, {"Content-Type", "text/plain"}};
    text.body = booking_body(it["booking_token"], 2);
    check_error(http_request("127.0.0.1", port, text), 415, "unsupported_media_type");
    text.headers = {{"X-Api-Key", kAcmeKey}, {"Content-Type", "application/json"}};
    text.body = std::string(2 << 20, ' ');
    check_error(http_request("127.0.0.1", port, text), 413, "payload_too_large");
    // A passenger without a required field: the supplier's 422 with its field list.
    json missing = json::parse(booking_body(it["booking_token"], 2));
    missing["passengers"][1].erase("date_of_birth");
    const HttpReply rejected = call(port, "POST", "/v1/bookings", kAcmeKey, missing.dump());
    check_error(rejected, 422, "validation_failed");
    CHECK(json::parse(rejected.body)["error"]["details"][0]["field"] ==
          "passengers[1].date_of_birth");
  }
}

TEST_CASE("serve bookings: 50 identical concurrent bookings reserve once", "[integration]") {
  SupplierProcess supplier({"--latency", "reserve=fixed:150ms;default=fixed:0ms"});
  REQUIRE(supplier.port() != 0);
  auto serve = ServeProcess::with_config(
      two_client_config("http://127.0.0.1:" + std::to_string(supplier.port())));
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();
  const json it = open_itinerary(port, first_itinerary(port, kAcmeKey), kAcmeKey);
  const std::string body = booking_body(it["booking_token"]);

  constexpr int kClients = 50;
  std::vector<HttpReply> replies(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      replies[i] =
          call(port, "POST", "/v1/bookings", kAcmeKey, body, {{"Idempotency-Key", "same"}});
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  for (const auto& r : replies) {
    INFO(r.status << " " << r.body << " " << r.error);
    CHECK(r.status == 201);
    CHECK(r.body == replies[0].body);
  }
  CHECK(supplier.stats()["reservations"] == 1);
}

TEST_CASE("serve bookings: ownership survives a restart (and kill -9) of serve", "[integration]") {
  SupplierProcess supplier;
  REQUIRE(supplier.port() != 0);
  TempDir dir;
  const std::map<std::string, std::string> env = {{"TRAVELCTL_STORE_PATH", dir.file("state.db")}};
  const std::vector<std::string> args = {
      "--config",
      write_temp_file(two_client_config("http://127.0.0.1:" + std::to_string(supplier.port()))),
      "--listen",
      "127.0.0.1:0",
      "--threads",
      "1"};
  std::string bid;
  std::string token;
  {
    ServeProcess serve(args, env);
    REQUIRE(serve.ready());
    const json it = open_itinerary(serve.port(), first_itinerary(serve.port(), kAcmeKey), kAcmeKey);
    token = it["booking_token"];
    const HttpReply r = call(serve.port(), "POST", "/v1/bookings", kAcmeKey, booking_body(token),
                             {{"Idempotency-Key", "restart-key"}});
    REQUIRE(r.status == 201);
    bid = json::parse(r.body)["booking_id"];
    serve.child().send_signal(SIGKILL);  // no graceful stop: only what was committed counts
    serve.child().wait_exit(std::chrono::seconds(5));
  }
  ServeProcess serve(args, env);
  REQUIRE(serve.ready());
  check_error(call(serve.port(), "GET", "/v1/bookings/" + bid, kGlobexKey), 404, "not_found");
  const HttpReply confirmed =
      call(serve.port(), "POST", "/v1/bookings/" + bid + "/confirm", kAcmeKey);
  INFO(confirmed.body);
  CHECK(confirmed.status == 200);
  // The idempotency record came back too: the same key replays, nothing is reserved again.
  const HttpReply again = call(serve.port(), "POST", "/v1/bookings", kAcmeKey, booking_body(token),
                               {{"Idempotency-Key", "restart-key"}});
  CHECK(again.status == 201);
  CHECK(json::parse(again.body)["booking_id"] == bid);
  CHECK(supplier.stats()["reservations"] == 1);
}
