// Durations on the command line: `250ms`, `30s`, `2m`, `1h`, or a bare number of seconds.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace travelctl::bench {

/// nullopt for anything else (negative, empty, unknown unit, overflow).
std::optional<std::chrono::microseconds> parse_duration(std::string_view text);

}  // namespace travelctl::bench
