// Money rules of client-api.md: rate parsing, half-up rounding, conversion, markup, formatting.
#include "travelctl/core/transform/money.hpp"

#include <catch2/catch.hpp>

using namespace travelctl::core::transform::money;

TEST_CASE("Money: exponent is 0 for JPY and 2 otherwise", "[core]") {
  CHECK(exponent("JPY") == 0);
  CHECK(exponent("USD") == 2);
  CHECK(exponent("THB") == 2);
  CHECK(exponent("jpy") == 2);  // codes are case-sensitive
}

TEST_CASE("Money: rates with 0 to 6 decimals are read as millionths", "[core]") {
  CHECK(parse_rate("1") == 1000000u);
  CHECK(parse_rate("0") == 0u);
  CHECK(parse_rate("4.2") == 4200000u);
  CHECK(parse_rate("4.21") == 4210000u);
  CHECK(parse_rate("4.2105") == 4210500u);
  CHECK(parse_rate("0.02847") == 28470u);
  CHECK(parse_rate("0.028571") == 28571u);
  CHECK(parse_rate("007.5") == 7500000u);  // leading zeros are digits
  CHECK(parse_rate("1.") == 1000000u);     // a dot with no fraction: as the reference peer
  CHECK(parse_rate("18446744073709.551615") == UINT64_MAX);
}

TEST_CASE("Money: malformed rates are refused", "[core]") {
  for (const char* bad :
       {"", "0.0285714", "-1", "+1", "1.2.3", "1..2", ".5", "abc", "1e3", "1,5", " 1", "1 ", "0x10",
        "18446744073709.551616", "99999999999999999999", "NaN", "1.-2"}) {
    INFO("rate '" << bad << "'");
    CHECK_FALSE(parse_rate(bad).has_value());
  }
}

TEST_CASE("Money: half_up rounds exact halves up", "[core]") {
  CHECK(half_up(0, 7) == 0);
  CHECK(half_up(5, 10) == 1);  // exactly .5
  CHECK(half_up(4, 10) == 0);
  CHECK(half_up(15, 10) == 2);  // 1.5
  CHECK(half_up(14, 10) == 1);
  CHECK(half_up(25, 10) == 3);  // 2.5 goes up, not to even
  CHECK(half_up(1, 3) == 0);
  CHECK(half_up(2, 3) == 1);
  CHECK(half_up(3, 2) == 2);               // 1.5 with an odd divisor
  const U128 big = ~static_cast<U128>(0);  // 2n + d would overflow here
  CHECK(half_up(big, 2) == big / 2 + 1);
  CHECK(half_up(big, big) == 1);
}

TEST_CASE("Money: conversion follows the normative formula", "[core]") {
  // 85000 THB minor (850.00 THB) * 0.028571 = 24.28535 USD -> 2429 cents.
  CHECK(convert(85000, 2, 2, 28571) == 2429u);
  // JPY: 85000 * 4.2105 / 100 = 3578.925 -> 3579 yen.
  CHECK(convert(85000, 2, 0, 4210500) == 3579u);
  CHECK(convert(0, 2, 2, 28571) == 0u);
  CHECK(convert(12345, 2, 2, 0) == 0u);
  // Exact half: 50 THB minor * 1 = 0.50 THB -> to JPY exponent 0: 0.5 -> 1.
  CHECK(convert(50, 2, 0, 1000000) == 1u);
  CHECK(convert(49, 2, 0, 1000000) == 0u);
  // 1 THB minor at 0.028571: 0.00028571 USD -> 0 cents; 18 minor -> 0.514 cents -> 1.
  CHECK(convert(1, 2, 2, 28571) == 0u);
  CHECK(convert(18, 2, 2, 28571) == 1u);
  CHECK(convert(17, 2, 2, 28571) == 0u);  // 0.485707 cents
}

TEST_CASE("Money: conversion overflow is reported, never wrapped", "[core]") {
  CHECK(convert(INT64_MAX, 2, 2, UINT64_MAX) == std::nullopt);
  CHECK(convert(UINT64_MAX, 2, 0, UINT64_MAX) == std::nullopt);  // a*r*10^exp past 2^128
  CHECK(convert(kMaxMinor, 2, 2, 1000000) == kMaxMinor);         // identity at the limit
  CHECK(convert(kMaxMinor, 0, 2, 1000000) == std::nullopt);      // x100 past the limit
  CHECK(convert(1, 2, 9, 1000000) == std::nullopt);              // no such exponent
}

TEST_CASE("Money: markup adds basis points then the fixed fee", "[core]") {
  CHECK(apply_markup(2429, 500, 50) == 2600u);  // 2550.45 -> 2550, + 50
  CHECK(apply_markup(2429, 0, 0) == 2429u);
  CHECK(apply_markup(0, 500, 70) == 70u);
  CHECK(apply_markup(10, 5000, 0) == 15u);  // exactly 15
  CHECK(apply_markup(1, 5000, 0) == 2u);    // 1.5 -> 2
  CHECK(apply_markup(3, 1, 0) == 3u);       // 3.0003
  CHECK(apply_markup(kMaxMinor, 0, 0) == kMaxMinor);
  CHECK(apply_markup(kMaxMinor, 0, 1) == std::nullopt);
  CHECK(apply_markup(kMaxMinor, 1, 0) == std::nullopt);
  CHECK(apply_markup(UINT64_MAX, UINT64_MAX, UINT64_MAX) == std::nullopt);
}

TEST_CASE("Money: multiply reports overflow", "[core]") {
  CHECK(multiply(2600, 9) == 23400u);
  CHECK(multiply(kMaxMinor, 1) == kMaxMinor);
  CHECK(multiply(kMaxMinor / 2 + 1, 2) == std::nullopt);
  CHECK(multiply(UINT64_MAX, UINT64_MAX) == std::nullopt);
}

TEST_CASE("Money: amounts are written with exactly exp fraction digits", "[core]") {
  CHECK(format_minor(2429, 2) == "24.29");
  CHECK(format_minor(5, 2) == "0.05");
  CHECK(format_minor(50, 2) == "0.50");
  CHECK(format_minor(0, 2) == "0.00");
  CHECK(format_minor(100, 2) == "1.00");
  CHECK(format_minor(3579, 0) == "3579");
  CHECK(format_minor(0, 0) == "0");
  CHECK(format_minor(kMaxMinor, 2) == "92233720368547758.07");
  CHECK(format_minor(UINT64_MAX, 0) == "18446744073709551615");
  std::string out = "x";
  append_minor(out, 7, 2);
  CHECK(out == "x0.07");
}
