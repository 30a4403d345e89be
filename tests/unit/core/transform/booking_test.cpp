// Booking tokens, booking request validation, the markup of booking totals and refunds, and the
// rendering of supplier booking answers.
#include "travelctl/core/transform/booking.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

using namespace travelctl::core::transform;
using nlohmann::json;

namespace {

ClientPricing acme() {
  ClientPricing p;
  p.currency = "USD";
  p.currencies = {"USD", "EUR", "JPY"};
  p.percent_bps = 500;
  p.fixed = {{"USD", 50}, {"JPY", 100}};
  return p;
}

std::set<std::string> fields_of(const std::vector<FieldError>& errors) {
  std::set<std::string> out;
  for (const auto& e : errors) {
    out.insert(e.field);
  }
  return out;
}

const std::string kToken = encode_booking_token({"c_8d2f91", "acme", "USD", 2});

std::string body(const json& passengers, const json& contact = {{"email", "a@example.com"}}) {
  return json{{"booking_token", kToken}, {"passengers", passengers}, {"contact", contact}}.dump();
}

}  // namespace

TEST_CASE("Booking token: round-trips any cart and client id", "[core]") {
  for (const std::string& cart : {std::string("c_8d2f91"), std::string("c/with?odd#chars %"),
                                  std::string(300, 'x'), std::string("\xc3\xa9")}) {
    const BookingToken t{cart, "client.id-1", "JPY", 9};
    const std::string text = encode_booking_token(t);
    CHECK(text.find_first_not_of(
              "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
    const auto back = decode_booking_token(text);
    REQUIRE(back);
    CHECK(back->cart_id == cart);
    CHECK(back->client_id == "client.id-1");
    CHECK(back->currency == "JPY");
    CHECK(back->pax == 9);
  }
}

TEST_CASE("Booking token: anything edited, truncated or foreign is refused", "[core]") {
  CHECK_FALSE(decode_booking_token(""));
  CHECK_FALSE(decode_booking_token("not a token"));
  CHECK_FALSE(decode_booking_token(kToken.substr(0, kToken.size() - 1)));
  CHECK_FALSE(decode_booking_token(kToken + "A"));
  for (size_t i = 0; i < kToken.size(); ++i) {
    std::string t = kToken;
    t[i] = t[i] == 'A' ? 'B' : 'A';
    CHECK_FALSE(decode_booking_token(t));
  }
  // An itinerary id is sealed the same way but is not a booking token.
  CHECK_FALSE(decode_booking_token(encode_itinerary_id({"T1", "2026-12-01", 2})));
}

TEST_CASE("Booking request: a good body becomes the supplier's reserve body", "[core]") {
  const json passengers = json::array(
      {{{"first_name", "A"}, {"last_name", "B"}}, {{"first_name", "C"}, {"last_name", "D"}}});
  const auto r =
      parse_booking_request(body(passengers, {{"email", "a@example.com"}, {"phone", "+1"}}));
  REQUIRE(r);
  CHECK(r->token.cart_id == "c_8d2f91");
  CHECK(
      json::parse(r->reserve_body) ==
      json{{"passengers", passengers}, {"contact", {{"email", "a@example.com"}, {"phone", "+1"}}}});
}

TEST_CASE("Booking request: every bad field is named", "[core]") {
  const auto not_json = parse_booking_request("{");
  REQUIRE_FALSE(not_json);
  CHECK(fields_of(not_json.error()) == std::set<std::string>{"body"});
  CHECK_FALSE(parse_booking_request("[]"));

  const auto empty = parse_booking_request("{}");
  REQUIRE_FALSE(empty);
  CHECK(fields_of(empty.error()) ==
        std::set<std::string>{"booking_token", "passengers", "contact"});

  const auto bad = parse_booking_request(
      body(json::array({{{"first_name", 1}}, "x"}), {{"email", ""}, {"phone", 5}}));
  REQUIRE_FALSE(bad);
  CHECK(fields_of(bad.error()) == std::set<std::string>{"passengers[0].first_name", "passengers[1]",
                                                        "contact.email", "contact.phone"});

  const auto ten = parse_booking_request(body(json::array(
      {json::object(), json::object(), json::object(), json::object(), json::object(),
       json::object(), json::object(), json::object(), json::object(), json::object()})));
  REQUIRE_FALSE(ten);
  CHECK(fields_of(ten.error()) == std::set<std::string>{"passengers"});

  // The token was opened for 2 passengers.
  const auto one = parse_booking_request(body(json::array({{{"first_name", "A"}}})));
  REQUIRE_FALSE(one);
  CHECK(fields_of(one.error()) == std::set<std::string>{"passengers"});
}

TEST_CASE("Idempotency-Key: 1 to 255 printable ASCII characters", "[core]") {
  CHECK(is_valid_idempotency_key("k"));
  CHECK(is_valid_idempotency_key(std::string(255, 'k')));
  CHECK(is_valid_idempotency_key("a b~!"));
  CHECK_FALSE(is_valid_idempotency_key(""));
  CHECK_FALSE(is_valid_idempotency_key(std::string(256, 'k')));
  CHECK_FALSE(is_valid_idempotency_key("tab\there"));
  CHECK_FALSE(is_valid_idempotency_key("caf\xc3\xa9"));
}

TEST_CASE("Booking totals: markup per passenger, or on the total when it does not divide",
          "[core]") {
  // 4858 = 2 x 2429: each 2429 -> 2550 (+5 %) -> 2600 (+50), so 5200.
  CHECK(marked_up_total(4858, 2, 500, 50) == 5200u);
  CHECK(marked_up_total(0, 3, 500, 50) == 150u);
  CHECK(marked_up_total(2429, 1, 0, 0) == 2429u);
  // 4859 does not divide by 2: 4859 * 1.05 = 5101.95 -> 5102, plus 2 x 50.
  CHECK(marked_up_total(4859, 2, 500, 50) == 5202u);
  CHECK_FALSE(marked_up_total(UINT64_MAX / 2, 1, 10000, 0));
}

TEST_CASE("Booking answers: rendered with the Money rules", "[core]") {
  const auto reserved = render_booking(
      R"({"bid":5550001,"status":"reserved","price":{"amount_minor":4858,"currency":"USD"},)"
      R"("expires_at":"2026-12-01T01:35:00Z","extra":true})",
      2, acme());
  REQUIRE(reserved);
  CHECK(reserved->booking_id == "5550001");
  CHECK(json::parse(reserved->json) == json{{"booking_id", "5550001"},
                                            {"status", "reserved"},
                                            {"expires_at", "2026-12-01T01:35:00Z"},
                                            {"price", {{"amount", "52.00"}, {"currency", "USD"}}}});

  // pax 0: the answer's passenger count (3) decides the per-passenger split; JPY has no decimals.
  const auto got = render_booking(
      R"({"bid":7,"status":"confirmed","price":{"amount_minor":3000,"currency":"JPY"},)"
      R"("passengers":[{"first_name":"A"},{"first_name":"B"},{"first_name":"C"}],)"
      R"("ticket_url":"https://t/7.pdf","created_at":"2026-12-01T00:00:00Z"})",
      0, acme());
  REQUIRE(got);
  const json g = json::parse(got->json);
  CHECK(g["price"] == json{{"amount", "3450"}, {"currency", "JPY"}});  // 3 x (1050 + 100)
  CHECK(g["passengers"].size() == 3);
  CHECK(g["ticket_url"] == "https://t/7.pdf");

  // A refund gets the percentage only.
  const auto cancelled = render_booking(
      R"({"bid":"5550001","status":"cancelled","refund":{"amount_minor":2429,"currency":"USD"}})",
      0, acme());
  REQUIRE(cancelled);
  CHECK(json::parse(cancelled->json)["refund"] == json{{"amount", "25.50"}, {"currency", "USD"}});
}

TEST_CASE("Booking answers: unusable ones are errors, not guesses", "[core]") {
  for (const char* bad :
       {"", "nope", "[]", R"({"status":"reserved"})", R"({"bid":1})", R"({"bid":-1,"status":"x"})",
        R"({"bid":1,"status":"x","price":{"amount_minor":-5,"currency":"USD"}})",
        R"({"bid":1,"status":"x","price":{"amount_minor":5}})",
        R"({"bid":1,"status":"x","price":{"amount_minor":5.5,"currency":"USD"}})",
        R"({"bid":1,"status":"x","refund":{"amount_minor":5,"currency":"usd"}})"}) {
    INFO(bad);
    CHECK_FALSE(render_booking(bad, 1, acme()));
  }
}

TEST_CASE("Booking answers: the supplier's rejected fields are read from a 422", "[core]") {
  CHECK(
      supplier_rejected_fields(
          R"({"error":{"code":"validation_failed","fields":["passengers[0].x",7,"contact.email"]}})") ==
      std::vector<std::string>{"passengers[0].x", "contact.email"});
  CHECK(supplier_rejected_fields("").empty());
  CHECK(supplier_rejected_fields(R"({"error":"x"})").empty());
}
