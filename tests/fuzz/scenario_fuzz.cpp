// Fuzz target: the scenario parser on arbitrary text must return a scenario or an error with a
// path and a reason, never crash or throw.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "travelctl/bench/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto s = travelctl::bench::parse_scenario(text, "fuzz.json");
  if (!s && (s.error().path.empty() || s.error().reason.empty())) {
    std::abort();
  }
  return 0;
}
