// Parsing of human durations for CLI flags.
#include "travelctl/bench/duration.hpp"

#include <charconv>
#include <cstdint>

namespace travelctl::bench {

std::optional<std::chrono::microseconds> parse_duration(std::string_view text) {
  double number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc{} || end == text.data() || number < 0) {
    return std::nullopt;
  }
  const std::string_view unit(end, text.data() + text.size() - end);
  double scale = 0;
  if (unit.empty() || unit == "s") {
    scale = 1e6;
  } else if (unit == "ms") {
    scale = 1e3;
  } else if (unit == "us") {
    scale = 1;
  } else if (unit == "m") {
    scale = 60e6;
  } else if (unit == "h") {
    scale = 3600e6;
  } else {
    return std::nullopt;
  }
  const double micros = number * scale;
  if (micros > 1e15) {
    return std::nullopt;
  }
  return std::chrono::microseconds(static_cast<int64_t>(micros + 0.5));
}

}  // namespace travelctl::bench
