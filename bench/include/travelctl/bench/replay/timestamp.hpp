// RFC 3339 timestamps of capture and HAR files, to microseconds since the Unix epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace travelctl::bench::replay {

/// `2026-11-22T10:00:00.123456Z` or with an offset (`+07:00`); fraction optional (any length,
/// kept to microseconds). nullopt for anything else, including impossible dates.
std::optional<int64_t> parse_timestamp_us(std::string_view text);

/// Microseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
std::string format_timestamp_us(int64_t us);

}  // namespace travelctl::bench::replay
