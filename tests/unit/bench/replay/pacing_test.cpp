// The replay schedule: speed scaling, --speed max, --max-rate spacing, parsing of --speed.
#include "travelctl/bench/replay/pacing.hpp"

#include <catch2/catch.hpp>

namespace rp = travelctl::bench::replay;

TEST_CASE("schedule: offsets from the first start, divided by the speed", "[bench]") {
  const std::vector<int64_t> started = {5'000'000, 5'000'000, 6'000'000, 15'000'000};
  rp::Pacing p;
  CHECK(rp::schedule(started, p) == std::vector<int64_t>{0, 0, 1'000'000, 10'000'000});
  p.speed = 2;
  CHECK(rp::schedule(started, p) == std::vector<int64_t>{0, 0, 500'000, 5'000'000});
  p.speed = 0.5;
  CHECK(rp::schedule(started, p) == std::vector<int64_t>{0, 0, 2'000'000, 20'000'000});
  p.as_fast_as_possible = true;
  CHECK(rp::schedule(started, p) == std::vector<int64_t>{0, 0, 0, 0});
  CHECK(rp::schedule({}, p).empty());
}

TEST_CASE("schedule: --max-rate spaces sends and pushes later ones back", "[bench]") {
  const std::vector<int64_t> started = {0, 0, 0, 100'000, 2'000'000};
  rp::Pacing p;
  p.max_rate = 10;  // 100 ms apart at least
  CHECK(rp::schedule(started, p) == std::vector<int64_t>{0, 100'000, 200'000, 300'000, 2'000'000});
  p.as_fast_as_possible = true;
  CHECK(rp::schedule(started, p) == std::vector<int64_t>{0, 100'000, 200'000, 300'000, 400'000});
}

TEST_CASE("parse_speed: numbers, 2x, max, nothing else", "[bench]") {
  CHECK(rp::parse_speed("2")->speed == 2);
  CHECK(rp::parse_speed("0.25")->speed == 0.25);
  CHECK(rp::parse_speed("3x")->speed == 3);
  CHECK(rp::parse_speed("max")->as_fast_as_possible);
  for (const char* bad : {"", "0", "-1", "fast", "2xx", "inf", "nan", "1e999"}) {
    CAPTURE(bad);
    CHECK_FALSE(rp::parse_speed(bad));
  }
}
