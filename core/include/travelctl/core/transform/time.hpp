// Timestamps of the supplier API (RFC 3339 subset) and calendar dates, read exactly into UTC
// instants.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string_view>

namespace travelctl::core::transform {

/// A UTC instant: seconds since 1970-01-01T00:00:00Z (proleptic Gregorian) plus nanoseconds.
struct Instant {
  int64_t seconds = 0;
  uint32_t nanos = 0;  ///< 0 to 999'999'999
  auto operator<=>(const Instant&) const = default;
};

/// A calendar date.
struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;
};

/// True for a real date of the proleptic Gregorian calendar, years 1 to 9999 (leap years included).
bool is_calendar_date(int year, int month, int day);

/// Days from 1970-01-01 to the given (valid) date; negative before it.
int64_t days_from_civil(int year, int month, int day);

/// Reads exactly `YYYY-MM-DD` (a real calendar date).
std::optional<CivilDate> parse_date(std::string_view text);

/// Reads exactly `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`: uppercase `T` and `Z`, a
/// fraction of 1 to 9 digits, hours 00-23, minutes and seconds 00-59, offsets up to ±23:59.
std::optional<Instant> parse_timestamp(std::string_view text);

/// Whole minutes from `from` to `to`, floored toward negative infinity (exact to the nanosecond).
int64_t floor_minutes_between(Instant from, Instant to);

}  // namespace travelctl::core::transform
