// Replay pacing arithmetic (see pacing.hpp).
#include "travelctl/bench/replay/pacing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

namespace travelctl::bench::replay {

std::optional<Pacing> parse_speed(std::string_view text) {
  Pacing p;
  if (text == "max") {
    p.as_fast_as_possible = true;
    return p;
  }
  if (!text.empty() && (text.back() == 'x' || text.back() == 'X')) {
    text.remove_suffix(1);
  }
  // strtod on a terminated copy, the whole text consumed.
  const std::string s(text);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v) || v <= 0) {
    return std::nullopt;
  }
  p.speed = v;
  return p;
}

std::vector<int64_t> schedule(const std::vector<int64_t>& started_us, const Pacing& pacing) {
  std::vector<int64_t> out(started_us.size(), 0);
  if (started_us.empty()) {
    return out;
  }
  const int64_t first = started_us.front();
  const double gap = pacing.max_rate > 0 ? 1e6 / pacing.max_rate : 0;
  double previous = 0;
  for (std::size_t i = 0; i < started_us.size(); ++i) {
    double at =
        pacing.as_fast_as_possible ? 0 : static_cast<double>(started_us[i] - first) / pacing.speed;
    if (i > 0) {
      at = std::max(at, previous + gap);
    }
    previous = at;
    out[i] = static_cast<int64_t>(std::llround(at));
  }
  return out;
}

}  // namespace travelctl::bench::replay
