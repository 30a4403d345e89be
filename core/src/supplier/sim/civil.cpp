// Calendar arithmetic for the simulator (proleptic Gregorian, days since the epoch).
#include "civil.hpp"

#include <cstdio>

#include "travelctl/core/transform/time.hpp"

namespace travelctl::core::supplier::sim {
namespace {

struct Ymd {
  int64_t y;
  unsigned m;
  unsigned d;
};

// Inverse of days_from_civil (the well-known era-based algorithm).
Ymd civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {m <= 2 ? y + 1 : y, m, d};
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string format_at(int64_t local_seconds, const char* suffix) {
  const int64_t day = floor_div(local_seconds, 86400);
  const int64_t sod = local_seconds - day * 86400;
  const Ymd ymd = civil_from_days(day);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d%s", static_cast<long long>(ymd.y),
                ymd.m, ymd.d, static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60),
                static_cast<int>(sod % 60), suffix);
  return buf;
}

}  // namespace

std::string format_local(int64_t utc_seconds, int offset_minutes) {
  const int a = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', a / 60,
                a % 60);
  return format_at(utc_seconds + int64_t{offset_minutes} * 60, suffix);
}

std::string format_utc(int64_t utc_seconds) { return format_at(utc_seconds, "Z"); }

std::optional<int64_t> parse_day(std::string_view text) {
  const auto date = transform::parse_date(text);
  if (!date) {
    return std::nullopt;
  }
  return transform::days_from_civil(date->year, date->month, date->day);
}

std::string compact_date(int64_t day) {
  const Ymd ymd = civil_from_days(day);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04lld%02u%02u", static_cast<long long>(ymd.y), ymd.m, ymd.d);
  return buf;
}

}  // namespace travelctl::core::supplier::sim
