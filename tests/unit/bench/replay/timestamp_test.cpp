// RFC 3339 timestamps of capture and HAR files.
#include "travelctl/bench/replay/timestamp.hpp"

#include <catch2/catch.hpp>

using travelctl::bench::replay::format_timestamp_us;
using travelctl::bench::replay::parse_timestamp_us;

TEST_CASE("parse_timestamp_us: UTC, offsets, fractions", "[bench]") {
  CHECK(parse_timestamp_us("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_timestamp_us("1970-01-01T00:00:01.5Z") == 1'500'000);
  CHECK(parse_timestamp_us("2026-11-22T10:00:00.123456Z") == 1795341600123456LL);
  CHECK(parse_timestamp_us("2026-11-22T17:00:00.123456789+07:00") == 1795341600123456LL);
  CHECK(parse_timestamp_us("2026-11-22T05:30:00-04:30") == 1795341600000000LL);
  CHECK(parse_timestamp_us("2024-02-29T00:00:00Z"));
  CHECK(format_timestamp_us(1795341600123456LL) == "2026-11-22T10:00:00.123456Z");
}

TEST_CASE("parse_timestamp_us: anything else is refused", "[bench]") {
  for (const char* bad : {"", "2026-11-22", "2026-11-22T10:00:00", "2026-13-01T00:00:00Z",
                          "2025-02-29T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T10:00:00.Z",
                          "2026-11-22T10:00:00+7:00", "2026-11-22T10:00:00Zjunk", "yesterday"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_timestamp_us(bad));
  }
}
