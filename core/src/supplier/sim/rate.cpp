// Rates in the simulator's specs (faults, webhook chaos): strict decimals from 0 to 1.
#include "travelctl/core/supplier/sim/rate.hpp"

#include <charconv>

namespace travelctl::core::supplier::sim {

std::optional<double> parse_sim_rate(std::string_view text) {
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view frac =
      dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  auto digits = [](std::string_view s) {
    for (char c : s) {
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  };
  if (whole.empty() || whole.size() > 3 || !digits(whole) || !digits(frac) || frac.size() > 9 ||
      (dot != std::string_view::npos && frac.empty())) {
    return std::nullopt;
  }
  double v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v > 1.0) {
    return std::nullopt;
  }
  return v;
}

std::string format_sim_rate(double rate) {
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, rate, std::chars_format::fixed);
  return ec == std::errc() ? std::string(buf, p) : std::string("?");
}

}  // namespace travelctl::core::supplier::sim
