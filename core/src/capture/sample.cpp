// Deterministic sampling by request id.
#include "travelctl/core/capture/sample.hpp"

#include <cstdint>

namespace travelctl::core::capture {

bool sampled(std::string_view request_id, double rate) {
  if (rate >= 1.0) {
    return true;
  }
  if (!(rate > 0.0)) {
    return false;
  }
  uint64_t h = 14695981039346656037ull;
  for (const char c : request_id) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  // FNV-1a's low bits mix poorly for short keys: a final avalanche (splitmix64's) evens them out.
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  return static_cast<double>(h >> 11) * 0x1.0p-53 < rate;
}

}  // namespace travelctl::core::capture
