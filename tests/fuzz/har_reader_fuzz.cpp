// Fuzz target: the HAR reader (and the format detection) on arbitrary bytes must return exchanges
// and problems or a reason, never crash or throw.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "travelctl/bench/replay/readers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto har = travelctl::bench::replay::read_har(text);
  if (!har && har.error().empty()) {
    std::abort();
  }
  if (har) {
    for (const auto& p : har->problems) {
      if (p.reason.empty()) {
        std::abort();
      }
    }
  }
  const auto any = travelctl::bench::replay::read_replay_input(text);
  if (!any && any.error().empty()) {
    std::abort();
  }
  return 0;
}
