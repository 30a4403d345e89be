// Tests of cart currency conversion against the Money rule of client-api.md, worked by hand.
#include "travelctl/core/supplier/sim/fx.hpp"

#include <catch2/catch.hpp>

#include "travelctl/core/transform/money.hpp"

using namespace travelctl::core::supplier::sim;

TEST_CASE("Fx: cart prices follow the Money rule", "[core]") {
  // 1570.00 THB * 0.028571 = 44.85647 USD -> 4486 cents.
  CHECK(convert_from_thb(157000, "USD") == 4486u);
  // 850.00 THB * 0.028571 = 24.28535 -> 2429 (the spec's example).
  CHECK(convert_from_thb(85000, "USD") == 2429u);
  // 1570.00 THB * 4.2105 = 6610.485 JPY -> 6610 (exponent 0).
  CHECK(convert_from_thb(157000, "JPY") == 6610u);
  // 1.50 THB * 0.026310 = 0.039465 EUR -> 4 cents (half up of 3.9465).
  CHECK(convert_from_thb(150, "EUR") == 4u);
  CHECK(convert_from_thb(157000, "THB") == 157000u);
  CHECK_FALSE(convert_from_thb(100, "XYZ").has_value());
  CHECK_FALSE(convert_from_thb(100, "usd").has_value());
}

TEST_CASE("Fx: large amounts use 128-bit arithmetic", "[core]") {
  // a * r * 100 exceeds 2^64 here: 9e15 * 4210500 * 1 = 3.8e22.
  const uint64_t a = 9'000'000'000'000'000ULL;
  const unsigned __int128 n = static_cast<unsigned __int128>(a) * 4210500u;
  const unsigned __int128 d = static_cast<unsigned __int128>(100'000'000);
  const auto expected = static_cast<uint64_t>((2 * n + d) / (2 * d));
  CHECK(convert_from_thb(a, "JPY") == expected);
}

TEST_CASE("Fx: every rate sent in the fx block is a valid Money rate", "[core]") {
  for (const FxRate& r : fx_rates()) {
    INFO(r.currency);
    CHECK(travelctl::core::transform::money::parse_rate(r.rate).has_value());
    CHECK(convert_from_thb(100000, r.currency).has_value());
  }
}
