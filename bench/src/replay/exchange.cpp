// Which recorded request headers replay sends again (see exchange.hpp).
#include "travelctl/bench/replay/exchange.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace travelctl::bench::replay {

bool replayable_header(std::string_view name) {
  static constexpr std::array<std::string_view, 11> kDropped = {
      "host", "content-length", "transfer-encoding", "connection",      "keep-alive", "upgrade",
      "te",   "trailer",        "proxy-connection",  "accept-encoding", "expect"};
  if (name.empty() || name.front() == ':') {
    return false;
  }
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(kDropped.begin(), kDropped.end(), lower) == kDropped.end();
}

}  // namespace travelctl::bench::replay
