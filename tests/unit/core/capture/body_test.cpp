#include "travelctl/core/capture/body.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "travelctl/core/json/writer.hpp"

using travelctl::core::capture::BodyFormatter;
using travelctl::core::capture::BodySide;
using travelctl::core::capture::is_person_key;
using travelctl::core::capture::is_personal_key;

namespace {

std::string format(std::string_view body, BodySide side = BodySide::request) {
  BodyFormatter f;
  std::string out;
  travelctl::core::json::Writer w(out);
  f.append(w, body, side);
  return out;
}

// Real-looking personal data as a client would send it (client-api.md, POST /v1/bookings).
const char* kBooking = R"({
  "booking_token": "bt_9QmT3x",
  "passengers": [
    {"first_name": "Siriporn", "last_name": "Wongsakul", "date_of_birth": "1987-04-12",
     "passport_number": "AA1234567", "nationality": "TH"},
    {"first_name": "Johannes", "last_name": "Van der Berg", "date_of_birth": "1979-11-30",
     "passport_number": "NXC82F4L1", "documents": [{"type": "passport", "number": "NXC82F4L1"}]}
  ],
  "contact": {"email": "siriporn.w@gmail.com", "phone": "+66 81 234 5678", "name": "Siriporn W."}
})";

const std::vector<std::string> kPii = {
    "Siriporn",   "Wongsakul", "1987-04-12",           "AA1234567",      "Johannes", "Van der Berg",
    "1979-11-30", "NXC82F4L1", "siriporn.w@gmail.com", "+66 81 234 5678"};

}  // namespace

TEST_CASE("Capture body: personal keys are matched without case or separators", "[core]") {
  for (const char* k : {"first_name", "last_name", "date_of_birth", "passport_number", "email",
                        "phone", "firstName", "Last-Name", "DOB", "documentNumber", "surname"}) {
    CHECK(is_personal_key(k));
  }
  for (const char* k : {"name", "id", "from", "operator", "class", "passenger_fields", "field",
                        "booking_token", "currency", "a_very_long_key_that_is_nothing_at_all"}) {
    CHECK_FALSE(is_personal_key(k));
  }
  CHECK(is_person_key("passengers"));
  CHECK(is_person_key("contact"));
  CHECK(is_person_key("Travellers"));
  CHECK_FALSE(is_person_key("passenger_fields"));
  CHECK_FALSE(is_person_key("segments"));
}

TEST_CASE("Capture body: a booking's passengers and contact are masked, the rest kept", "[core]") {
  const std::string out = format(kBooking);
  for (const auto& pii : kPii) {
    INFO(pii);
    CHECK(out.find(pii) == std::string::npos);
  }
  const auto v = nlohmann::json::parse(out);
  CHECK(v["booking_token"] == "bt_9QmT3x");
  REQUIRE(v["passengers"].size() == 2);
  CHECK(v["passengers"][0]["first_name"] == "***");
  CHECK(v["passengers"][0]["last_name"] == "***");
  CHECK(v["passengers"][0]["date_of_birth"] == "***");
  CHECK(v["passengers"][0]["passport_number"] == "***");
  CHECK(v["passengers"][0]["nationality"] == "***");             // everything about a passenger
  CHECK(v["passengers"][1]["documents"][0]["number"] == "***");  // nested arrays inside a person
  CHECK(v["contact"] == nlohmann::json{{"email", "***"}, {"phone", "***"}, {"name", "***"}});
  CHECK(out.find('\n') == std::string::npos);
}

TEST_CASE("Capture body: personal keys are masked anywhere, numbers and nesting included",
          "[core]") {
  const std::string out = format(
      R"({"orders": [[{"lead": {"email": "k.tanaka@example.jp", "phoneNumber": 818012345678,)"
      R"( "flags": [true, null]}}]], "note": "ok"})",
      BodySide::response);
  CHECK(out.find("k.tanaka") == std::string::npos);
  CHECK(out.find("818012345678") == std::string::npos);
  const auto v = nlohmann::json::parse(out);
  CHECK(v["orders"][0][0]["lead"]["email"] == "***");
  CHECK(v["orders"][0][0]["lead"]["phoneNumber"] == "***");
  CHECK(v["orders"][0][0]["lead"]["flags"] == nlohmann::json::array({true, nullptr}));
  CHECK(v["note"] == "ok");
}

TEST_CASE("Capture body: station, operator and schema names are not personal data", "[core]") {
  const std::string itinerary =
      R"({"segments": [{"from": {"id": 101, "name": "Bangkok Mo Chit"}, "operator": "Nakhonchai Air",)"
      R"( "class": "VIP 24"}], "passenger_fields": [{"name": "first_name", "type": "string",)"
      R"( "required": true}, {"name": "passport_number", "type": "string", "required": false}]})";
  const std::string out = format(itinerary, BodySide::response);
  CHECK(out == itinerary);  // nothing to mask: kept byte for byte
  const std::string error =
      R"({"error": {"code": "validation_failed", "details": [{"field": "passengers[0].date_of_birth"}]}})";
  CHECK(format(error, BodySide::response) == error);
}

TEST_CASE("Capture body: a booking answer's passengers are masked", "[core]") {
  const std::string out = format(
      R"({"booking_id": "5550001", "status": "confirmed", "passengers": [{"first_name": "Nguyen",)"
      R"( "last_name": "Thi Minh Anh", "date_of_birth": "1995-02-03"}], "price": {"amount": "52.00"}})",
      BodySide::response);
  const auto v = nlohmann::json::parse(out);
  CHECK(v["booking_id"] == "5550001");
  CHECK(v["price"]["amount"] == "52.00");
  CHECK(v["passengers"][0] ==
        nlohmann::json{{"first_name", "***"}, {"last_name", "***"}, {"date_of_birth", "***"}});
  CHECK(out.find("Thi Minh Anh") == std::string::npos);
}

TEST_CASE("Capture body: empty, text and multi-line bodies", "[core]") {
  CHECK(format("") == "null");
  CHECK(format(" \r\n") == "null");
  // Text that is not JSON cannot be checked for personal data: withheld on the request side.
  CHECK(format("first_name=Siriporn&passport=AA1234567") == R"("***")");
  CHECK(format(R"({"first_name": "Siriporn")") == R"("***")");  // truncated JSON
  CHECK(format("plain text\n", BodySide::response) == R"("plain text\n")");
  // JSON over several lines stays JSON, on one line.
  const std::string out = format("{\n  \"a\": [1,\r\n 2.50]\n}\n", BodySide::response);
  CHECK(out.find('\n') == std::string::npos);
  CHECK(out.find('\r') == std::string::npos);
  CHECK(nlohmann::json::parse(out) == nlohmann::json{{"a", {1, 2.5}}});
}

TEST_CASE("Capture body: rewritten JSON keeps numbers, escapes and key order", "[core]") {
  const std::string out =
      format(R"({"z": -7, "big": 18446744073709551615, "f": 0.1, "e": 1e300, "s": "t\u00e9\"x\n",)"
             R"( "email": "a@b.c", "a": [false]})",
             BodySide::response);
  const auto v = nlohmann::json::parse(out);
  CHECK(v["z"] == -7);
  CHECK(v["big"].get<uint64_t>() == 18446744073709551615ull);
  CHECK(v["f"].get<double>() == 0.1);
  CHECK(v["e"].get<double>() == 1e300);
  CHECK(v["s"] == "t\xc3\xa9\"x\n");
  CHECK(v["email"] == "***");
  CHECK(out.find(R"({"z":-7,"big")") == 0);  // order as sent
}
