// The replay schedule: the captured start times scaled by --speed (or none with --speed max),
// then spaced to respect --max-rate. Pure arithmetic, microseconds from the replay's start.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace travelctl::bench::replay {

struct Pacing {
  double speed = 1.0;  ///< 2 = twice as fast; ignored with as_fast_as_possible
  bool as_fast_as_possible = false;
  double max_rate = 0;  ///< sends per second at most; 0 = no cap
};

/// "2", "0.5", "1x", "max"; nullopt unless a positive finite number or "max".
std::optional<Pacing> parse_speed(std::string_view text);

/// Send offsets for requests that started at `started_us` (non-decreasing, any origin): the
/// first at 0, each later one at (start - first start) / speed, and never closer than 1/max_rate
/// to the previous send.
std::vector<int64_t> schedule(const std::vector<int64_t>& started_us, const Pacing& pacing);

}  // namespace travelctl::bench::replay
