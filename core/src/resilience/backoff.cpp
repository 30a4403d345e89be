// Jittered exponential backoff and Retry-After parsing (delta-seconds).
#include "travelctl/core/resilience/backoff.hpp"

#include <algorithm>
#include <charconv>

namespace travelctl::core::resilience {

std::chrono::milliseconds backoff_delay(int retry, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap, double unit) {
  if (base.count() <= 0) {
    return std::chrono::milliseconds(0);
  }
  const int doublings = std::clamp(retry - 1, 0, 30);  // 2^30 × any sane base is past any cap
  const int64_t step =
      std::min<int64_t>(std::max(cap.count(), base.count()), base.count() << doublings);
  const double u = std::clamp(unit, 0.0, 1.0);
  const int64_t half = step / 2;
  return std::chrono::milliseconds(half +
                                   static_cast<int64_t>(u * static_cast<double>(step - half)));
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
    value.remove_prefix(1);
  }
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) {
    value.remove_suffix(1);
  }
  if (value.empty() || value.size() > 6) {
    return std::nullopt;
  }
  int64_t seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc() || end != value.data() + value.size() || seconds < 0 || seconds > 86'400) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(seconds * 1000);
}

}  // namespace travelctl::core::resilience
