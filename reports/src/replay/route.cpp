// Route normalisation for replay reports (see route.hpp).
#include "travelctl/reports/replay/route.hpp"

#include <algorithm>
#include <cctype>

namespace travelctl::reports::replay {

namespace {

bool is_version(std::string_view s) {
  return s.size() >= 2 && (s[0] == 'v' || s[0] == 'V') &&
         std::all_of(s.begin() + 1, s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// A short lowercase prefix and an underscore, as b_123 or qb_x: how this API names its ids.
bool is_prefixed(std::string_view s) {
  const auto underscore = s.find('_');
  return underscore != std::string_view::npos && underscore >= 1 && underscore <= 4 &&
         underscore + 1 < s.size() &&
         std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(underscore),
                     [](unsigned char c) { return std::islower(c); });
}

bool is_id(std::string_view s) {
  if (s.size() > 32 || is_prefixed(s)) {
    return true;
  }
  const bool digit =
      std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
  return digit && !is_version(s);
}

}  // namespace

std::string normalize_route(std::string_view target) {
  target = target.substr(0, target.find_first_of("?#"));
  std::string out;
  std::size_t i = 0;
  while (i < target.size()) {
    if (target[i] == '/') {
      out.push_back('/');
      ++i;
      continue;
    }
    const std::size_t end = std::min(target.find('/', i), target.size());
    const std::string_view segment = target.substr(i, end - i);
    out += is_id(segment) ? std::string_view("{id}") : segment;
    i = end;
  }
  return out.empty() ? "/" : out;
}

}  // namespace travelctl::reports::replay
