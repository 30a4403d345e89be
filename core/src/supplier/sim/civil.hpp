// Calendar arithmetic for the simulator: days <-> dates and ISO-8601 rendering of instants.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace travelctl::core::supplier::sim {

/// "2026-12-01T08:30:00+07:00": the instant as local time at the given offset.
std::string format_local(int64_t utc_seconds, int offset_minutes);

/// "2026-12-01T01:20:00Z".
std::string format_utc(int64_t utc_seconds);

/// Days since 1970-01-01 of a real `YYYY-MM-DD` date, else nullopt.
std::optional<int64_t> parse_day(std::string_view text);

/// `YYYYMMDD` of a day (as used in trip ids).
std::string compact_date(int64_t day);

}  // namespace travelctl::core::supplier::sim
