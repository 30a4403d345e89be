// RFC 3339 subset of the supplier API: exact UTC instants, calendar validity, floored durations.
#include "travelctl/core/transform/time.hpp"

#include <catch2/catch.hpp>

using namespace travelctl::core::transform;

namespace {
Instant at(const char* s) {
  const auto t = parse_timestamp(s);
  INFO("timestamp " << s);
  REQUIRE(t.has_value());
  return *t;
}
}  // namespace

TEST_CASE("Time: UTC instants of Z and offset timestamps", "[core]") {
  CHECK(at("1970-01-01T00:00:00Z") == Instant{0, 0});
  CHECK(at("1970-01-01T07:00:00+07:00") == Instant{0, 0});
  CHECK(at("1970-01-01T05:30:00+05:30") == Instant{0, 0});
  CHECK(at("1969-12-31T21:00:00-03:00") == Instant{0, 0});
  CHECK(at("1970-01-01T00:00:00-00:00") == Instant{0, 0});
  // 2026-12-01T08:30:00+07:00 = 2026-12-01T01:30:00Z = 1796088600 (date -d, checked by hand:
  // 20788 days from the epoch * 86400 + 5400).
  CHECK(days_from_civil(2026, 12, 1) == 20788);
  CHECK(at("2026-12-01T08:30:00+07:00") == Instant{1796088600, 0});
  CHECK(at("1969-12-31T23:59:59Z") == Instant{-1, 0});
  CHECK(at("0001-01-01T00:00:00Z").seconds == -62135596800);
  CHECK(at("9999-12-31T23:59:59Z").seconds == 253402300799);
}

TEST_CASE("Time: offsets move the day, month and year", "[core]") {
  // Local times on different calendar days that are the same instant.
  CHECK(at("2026-12-02T00:05:00+08:00") == at("2026-12-01T16:05:00Z"));
  CHECK(at("2026-12-31T23:30:00-03:00") == at("2027-01-01T02:30:00Z"));
  CHECK(at("2027-01-01T04:00:00+05:30") == at("2026-12-31T22:30:00Z"));
  CHECK(at("2026-03-01T00:00:00+00:01") == at("2026-02-28T23:59:00Z"));
  CHECK(at("2028-03-01T01:00:00+02:00") == at("2028-02-29T23:00:00Z"));  // leap year
}

TEST_CASE("Time: fractions are kept to the nanosecond", "[core]") {
  CHECK(at("2026-12-01T00:00:00.5Z") == Instant{1796083200, 500000000});
  CHECK(at("2026-12-01T00:00:00.000000001Z").nanos == 1u);
  CHECK(at("2026-12-01T00:00:00.123456789+07:00").nanos == 123456789u);
  CHECK(at("2026-12-01T00:00:00.0Z").nanos == 0u);
}

TEST_CASE("Time: durations floor to whole minutes, toward minus infinity", "[core]") {
  const auto minutes = [](const char* a, const char* b) {
    return floor_minutes_between(at(a), at(b));
  };
  CHECK(minutes("2026-12-01T08:30:00+07:00", "2026-12-01T15:45:00+07:00") == 435);
  CHECK(minutes("2026-12-02T00:05:00+08:00", "2026-12-01T23:35:00+07:00") == 30);
  CHECK(minutes("2026-12-01T00:00:00Z", "2026-12-01T00:00:59.999999999Z") == 0);
  CHECK(minutes("2026-12-01T00:00:00.5Z", "2026-12-01T00:01:00.4Z") == 0);  // 59.9 s
  CHECK(minutes("2026-12-01T00:00:00.4Z", "2026-12-01T00:01:00.4Z") == 1);
  CHECK(minutes("2026-12-01T00:01:00Z", "2026-12-01T00:00:00Z") == -1);
  CHECK(minutes("2026-12-01T00:01:00Z", "2026-12-01T00:00:30Z") == -1);    // -0.5 -> -1
  CHECK(minutes("2026-12-01T00:00:00.1Z", "2026-12-01T00:00:00Z") == -1);  // -0.1 s -> -1
  CHECK(minutes("2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z") == 0);
  CHECK(minutes("2026-12-01T10:00:00+05:30", "2026-12-01T10:00:00-03:00") == 510);
}

TEST_CASE("Time: leap days and real calendar dates", "[core]") {
  CHECK(is_calendar_date(2024, 2, 29));
  CHECK(is_calendar_date(2000, 2, 29));
  CHECK_FALSE(is_calendar_date(1900, 2, 29));
  CHECK_FALSE(is_calendar_date(2026, 2, 29));
  CHECK_FALSE(is_calendar_date(2026, 4, 31));
  CHECK(is_calendar_date(2026, 12, 31));
  CHECK_FALSE(is_calendar_date(2026, 13, 1));
  CHECK_FALSE(is_calendar_date(2026, 0, 1));
  CHECK_FALSE(is_calendar_date(0, 1, 1));
  CHECK(parse_date("2024-02-29").has_value());
  CHECK_FALSE(parse_date("2023-02-29").has_value());
  CHECK_FALSE(parse_date("2026-1-01").has_value());
  CHECK_FALSE(parse_date("2026-01-01 ").has_value());
  CHECK_FALSE(parse_date("2026/01/01").has_value());
  CHECK_FALSE(parse_date("").has_value());
  CHECK(at("2024-02-29T12:00:00Z") == at("2024-03-01T00:00:00+12:00"));
}

TEST_CASE("Time: malformed timestamps are refused", "[core]") {
  for (const char* bad : {"",
                          "2026-12-01",
                          "2026-12-01T08:30+07:00",
                          "2026-12-01T08:30:00",
                          "2026-12-01 08:30:00Z",
                          "2026-12-01t08:30:00Z",
                          "2026-12-01T08:30:00z",
                          "2026-12-01T24:00:00Z",
                          "2026-12-01T23:60:00Z",
                          "2026-12-01T23:59:60Z",
                          "2026-02-30T00:00:00Z",
                          "2026-12-01T08:30:00+24:00",
                          "2026-12-01T08:30:00+07:60",
                          "2026-12-01T08:30:00+0700",
                          "2026-12-01T08:30:00+07",
                          "2026-12-01T08:30:00.Z",
                          "2026-12-01T08:30:00.1234567890Z",
                          "2026-12-01T08:30:00Z ",
                          " 2026-12-01T08:30:00Z",
                          "2026-12-01T08:30:00ZZ",
                          "2026-12-01T08:30:00+07:00:00",
                          "+2026-12-01T08:30:00Z",
                          "2026-12-01T8:30:00Z",
                          "0000-01-01T00:00:00Z",
                          "2026-12-01T08:3a:00Z",
                          "2026-12-01T08:30:00.1a+07:00"}) {
    INFO("timestamp '" << bad << "'");
    CHECK_FALSE(parse_timestamp(bad).has_value());
  }
}
