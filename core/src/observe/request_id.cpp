// Request ids: validation of incoming ids and cheap generation of new ones without locks.
#include "travelctl/core/observe/request_id.hpp"

#include <cstdint>
#include <random>

namespace travelctl::core::observe {

bool is_valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) {
    return false;
  }
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '~' || c == ':' || c == '-';
    if (!ok) {
      return false;
    }
  }
  return true;
}

std::string new_request_id() {
  // A random 64-bit prefix per thread plus a counter: unique without a shared lock.
  thread_local const uint64_t prefix = std::random_device{}() * 0x9E3779B97F4A7C15ULL ^
                                       (static_cast<uint64_t>(std::random_device{}()) << 32);
  thread_local uint64_t counter = 0;
  constexpr char kHex[] = "0123456789abcdef";
  std::string id(24, '0');
  uint64_t p = prefix;
  for (int i = 15; i >= 0; --i, p >>= 4) {
    id[i] = kHex[p & 0xF];
  }
  uint64_t c = ++counter;
  for (int i = 23; i >= 16; --i, c >>= 4) {
    id[i] = kHex[c & 0xF];
  }
  return id;
}

std::string request_id_for(std::string_view incoming) {
  return is_valid_request_id(incoming) ? std::string(incoming) : new_request_id();
}

}  // namespace travelctl::core::observe
