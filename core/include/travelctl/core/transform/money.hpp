// Money arithmetic of client-api.md "Money": rates in millionths, half-up rounding, conversion,
// markup and decimal formatting, all in exact 128-bit integer arithmetic with overflow detection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace travelctl::core::transform::money {

using U128 = unsigned __int128;

/// The largest amount of minor units any money function returns (fits a signed 64-bit integer).
inline constexpr uint64_t kMaxMinor = static_cast<uint64_t>(INT64_MAX);

/// Minor-unit exponent of an ISO-4217 code: 0 for JPY, 2 for every other currency.
int exponent(std::string_view currency);

/// Reads a supplier rate string ("0.028571") as an integer number of millionths (28571): one or
/// more digits, optionally a dot and 0 to 6 digits. Anything else, or a value past 2^64, is
/// nullopt.
std::optional<uint64_t> parse_rate(std::string_view text);

/// half_up(n, d) = floor((2n + d) / (2d)) for d > 0, computed without the 2n overflow.
inline U128 half_up(U128 n, U128 d) {
  const U128 q = n / d;
  const U128 r = n % d;
  return r >= d - r ? q + 1 : q;
}

/// Converts `amount_minor` (minor units of a currency of exponent `from_exp`) with `rate`
/// millionths to a currency of exponent `to_exp`. nullopt when the result exceeds kMaxMinor.
std::optional<uint64_t> convert(uint64_t amount_minor, int from_exp, int to_exp, uint64_t rate);

/// The client's price for `minor`: half_up(minor * (10000 + bps), 10000) + fixed. nullopt on
/// overflow past kMaxMinor.
std::optional<uint64_t> apply_markup(uint64_t minor, uint64_t percent_bps, uint64_t fixed);

/// `a * b`, or nullopt past kMaxMinor.
std::optional<uint64_t> multiply(uint64_t a, uint64_t b);

/// Appends `minor` as a decimal string with exactly `exp` fraction digits (2429, 2 -> "24.29").
void append_minor(std::string& out, uint64_t minor, int exp);

/// format_minor(5, 2) == "0.05"; format_minor(3579, 0) == "3579".
std::string format_minor(uint64_t minor, int exp);

}  // namespace travelctl::core::transform::money
