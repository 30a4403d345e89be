// Itinerary ids: round trip with any trip id bytes, URL safety, rejection of edited or cut ids.
#include "travelctl/core/transform/itinerary_id.hpp"

#include <catch2/catch.hpp>

#include "travelctl/core/transform/search.hpp"

using namespace travelctl::core::transform;

namespace {
void check_round_trip(const std::string& trip, const std::string& date, int pax) {
  INFO("trip id '" << trip << "' " << date << " pax " << pax);
  const std::string id = encode_itinerary_id({trip, date, pax});
  for (char c : id) {
    const bool url_safe = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    CHECK(url_safe);
  }
  const auto ref = decode_itinerary_id(id);
  REQUIRE(ref.has_value());
  CHECK(ref->trip_id == trip);
  CHECK(ref->date == date);
  CHECK(ref->pax == pax);
}
}  // namespace

TEST_CASE("Itinerary id: round-trips odd trip ids, dates and pax", "[core]") {
  check_round_trip("T10293847", "2026-12-01", 1);
  check_round_trip("a/b/../c?d=e&f#g", "2026-12-01", 2);
  check_round_trip("T:2026-12-01:3", "2028-02-29", 9);
  check_round_trip("Сиемреап ✈ 🚌", "0001-01-01", 5);
  check_round_trip(std::string("nul\0byte", 8), "9999-12-31", 4);
  check_round_trip("%2F+ =", "2026-01-31", 1);
  check_round_trip("x", "2026-12-01", 1);
  check_round_trip("xy", "2026-12-01", 1);
  check_round_trip("xyz", "2026-12-01", 1);
  check_round_trip(std::string(1000, '\xff'), "2026-12-01", 7);  // past the stack buffer
}

TEST_CASE("Itinerary id: the same inputs give the same id, different inputs differ", "[core]") {
  const auto a = encode_itinerary_id({"T1", "2026-12-01", 2});
  CHECK(a == encode_itinerary_id({"T1", "2026-12-01", 2}));
  CHECK(a != encode_itinerary_id({"T1", "2026-12-01", 3}));
  CHECK(a != encode_itinerary_id({"T1", "2026-12-02", 2}));
  CHECK(a != encode_itinerary_id({"T2", "2026-12-01", 2}));
  std::string appended = "prefix:";
  append_itinerary_id(appended, "T1", "2026-12-01", 2);
  CHECK(appended == "prefix:" + a);
  std::string via_encoder;
  ItineraryIdEncoder("2026-12-01", 2).append(via_encoder, "T1");
  CHECK(via_encoder == a);
}

TEST_CASE("Itinerary id: every single-character edit is rejected", "[core]") {
  const std::string id = encode_itinerary_id({"T10293847", "2026-12-01", 2});
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  size_t edits = 0;
  for (size_t i = 0; i < id.size(); ++i) {
    for (char c : std::string_view(kAlphabet)) {
      if (c == id[i]) {
        continue;
      }
      std::string edited = id;
      edited[i] = c;
      INFO("edited id " << edited);
      CHECK_FALSE(decode_itinerary_id(edited).has_value());
      ++edits;
    }
  }
  CHECK(edits == id.size() * 63);
}

TEST_CASE("Itinerary id: truncated, extended and foreign ids are rejected", "[core]") {
  const std::string id = encode_itinerary_id({"T10293847", "2026-12-01", 2});
  for (size_t n = 0; n < id.size(); ++n) {
    INFO("prefix of " << n);
    CHECK_FALSE(decode_itinerary_id(id.substr(0, n)).has_value());
  }
  for (const char* suffix : {"A", "AA", "AAA", "AAAA", "=", "%3D"}) {
    CHECK_FALSE(decode_itinerary_id(id + suffix).has_value());
  }
  CHECK_FALSE(decode_itinerary_id(id.substr(1)).has_value());
  for (const char* foreign : {"", "VDEwMjkzODQ3OjIwMjYtMTItMDE6Mg", "not an id", "abc+/",
                              "AAAAAAAAAAAAAAAAAAAAAAAA", "////"}) {
    CHECK_FALSE(decode_itinerary_id(foreign).has_value());
  }
}

TEST_CASE("Itinerary id: ids for impossible queries never decode", "[core]") {
  CHECK_FALSE(decode_itinerary_id(encode_itinerary_id({"T1", "2026-02-30", 2})).has_value());
  CHECK_FALSE(decode_itinerary_id(encode_itinerary_id({"T1", "2026-12-01", 0})).has_value());
  CHECK_FALSE(decode_itinerary_id(encode_itinerary_id({"T1", "2026-12-01", 10})).has_value());
  CHECK_FALSE(decode_itinerary_id(encode_itinerary_id({"", "2026-12-01", 1})).has_value());
}
