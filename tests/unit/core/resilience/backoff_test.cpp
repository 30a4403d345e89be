// Jittered backoff bounds and Retry-After parsing.
#include "travelctl/core/resilience/backoff.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <set>

using namespace travelctl::core::resilience;
using std::chrono::milliseconds;

TEST_CASE("Backoff: each retry's delay is within [step / 2, step], the step doubling to the cap",
          "[core]") {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const milliseconds base(25), cap(1000);
  for (int retry = 1; retry <= 8; ++retry) {
    const int64_t step = std::min<int64_t>(1000, 25LL << (retry - 1));
    std::set<int64_t> seen;
    for (int i = 0; i < 2000; ++i) {
      const auto d = backoff_delay(retry, base, cap, unit(rng)).count();
      REQUIRE(d >= step / 2);
      REQUIRE(d <= step);
      seen.insert(d);
    }
    CHECK(seen.size() > 1);  // jittered, not fixed
  }
  CHECK(backoff_delay(1, base, cap, 0.0) == milliseconds(12));
  CHECK(backoff_delay(1, base, cap, 1.0) == milliseconds(25));
  CHECK(backoff_delay(100, base, cap, 1.0) == cap);
  CHECK(backoff_delay(3, milliseconds(0), cap, 0.5) == milliseconds(0));
}

TEST_CASE("Backoff: Retry-After delta-seconds are read, anything else is not", "[core]") {
  CHECK(parse_retry_after("2") == milliseconds(2000));
  CHECK(parse_retry_after(" 0 ") == milliseconds(0));
  CHECK(parse_retry_after("86400") == milliseconds(86'400'000));
  CHECK_FALSE(parse_retry_after(""));
  CHECK_FALSE(parse_retry_after("-1"));
  CHECK_FALSE(parse_retry_after("1.5"));
  CHECK_FALSE(parse_retry_after("86401"));
  CHECK_FALSE(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"));
  CHECK_FALSE(parse_retry_after("99999999999999999999"));
}
