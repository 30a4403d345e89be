// Fuzz target: any supplier Retry-After value is a delay of at most a day or nothing, and the
// value passed on to clients is header-safe; never a crash.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "travelctl/core/proxy/supplier_errors.hpp"
#include "travelctl/core/resilience/backoff.hpp"

using namespace travelctl::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view value(reinterpret_cast<const char*>(data), size);
  if (const auto d = resilience::parse_retry_after(value)) {
    if (d->count() < 0 || d->count() > 86'400'000) {
      std::abort();
    }
  }
  const std::string_view passed = proxy::retry_after_value(value);
  if (passed.empty()) {
    std::abort();
  }
  for (const char c : passed) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      std::abort();
    }
  }
  return 0;
}
