// traceparent validation (W3C Trace Context, level 1): malformed values are not forwarded; a
// forwarded one names this proxy's span as the parent.
#include "travelctl/core/observe/trace_context.hpp"

#include <cstdint>
#include <cstring>
#include <random>

namespace travelctl::core::observe {
namespace {

bool lower_hex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

bool all_zero(std::string_view s) { return s.find_first_not_of('0') == std::string_view::npos; }

// splitmix64 per thread, seeded from the OS: ids need to be unique, not secret, and must not
// take a lock shared by the worker threads.
uint64_t next_random() {
  thread_local uint64_t state =
      (static_cast<uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// 16 lowercase hex digits of a non-zero random value (all zeros is invalid in every field).
void write_random_hex(char* out) {
  uint64_t v = 0;
  while (v == 0) {
    v = next_random();
  }
  constexpr char kHex[] = "0123456789abcdef";
  for (int i = 15; i >= 0; --i, v >>= 4) {
    out[i] = kHex[v & 0xF];
  }
}

}  // namespace

bool is_valid_traceparent(std::string_view v) {
  // 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01
  if (v.size() < 55 || v[2] != '-' || v[35] != '-' || v[52] != '-') {
    return false;
  }
  const auto version = v.substr(0, 2), trace = v.substr(3, 32), parent = v.substr(36, 16),
             flags = v.substr(53, 2);
  if (!lower_hex(version) || version == "ff" || !lower_hex(trace) || !lower_hex(parent) ||
      !lower_hex(flags) || all_zero(trace) || all_zero(parent)) {
    return false;
  }
  if (version == "00") {
    return v.size() == 55;
  }
  return v.size() == 55 || v[55] == '-';  // later versions may append fields
}

SpanContext SpanContext::child_of(std::string_view incoming) {
  SpanContext s;
  char* h = s.header_.data();
  std::memcpy(h, "00-", 3);
  if (is_valid_traceparent(incoming)) {
    // A later version's extra fields are dropped: we speak version 00 (as the spec asks).
    std::memcpy(h + 3, incoming.data() + 3, 32);
    std::memcpy(h + 53, incoming.data() + 53, 2);
    s.continued_ = true;
  } else {
    write_random_hex(h + 3);
    write_random_hex(h + 19);
    std::memcpy(h + 53, "00", 2);
  }
  h[35] = '-';
  write_random_hex(h + 36);
  h[52] = '-';
  return s;
}

}  // namespace travelctl::core::observe
