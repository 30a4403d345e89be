// JSON string escaping for text already known to be valid UTF-8 (simdjson validates every input),
// with an eight-bytes-at-a-time scan for the common case of nothing to escape.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace travelctl::core::transform {

namespace detail {

// Non-zero when any byte of `w` is below 0x20, '"' or '\\' (exact per word, as a presence test).
inline uint64_t needs_escape(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  const uint64_t quote = w ^ (kOnes * '"');
  const uint64_t slash = w ^ (kOnes * '\\');
  const uint64_t below_space = (w - kOnes * 0x20) & ~w;
  const uint64_t is_quote = (quote - kOnes) & ~quote;
  const uint64_t is_slash = (slash - kOnes) & ~slash;
  return (below_space | is_quote | is_slash) & kHigh;
}

void append_escaped_tail(std::string& out, std::string_view s);
char* write_escaped_tail(char* p, std::string_view s);

// Length of a prefix of `s` that needs no escaping: all of `s` when nothing in it does, else a
// multiple of 8 at or before the first byte that does. Found eight bytes at a time; a short rest
// (names of vehicles and amenities are mostly under 8 bytes) is checked as one word too.
inline size_t plain_prefix(std::string_view s) {
  const char* p = s.data();
  const size_t n = s.size();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (needs_escape(w) != 0) {
      return i;
    }
  }
  const size_t rest = n - i;
  uint64_t w;
  if (rest >= 4) {  // two overlapping 4-byte loads cover 4 to 7 bytes
    uint32_t head, tail;
    std::memcpy(&head, p + i, 4);
    std::memcpy(&tail, p + n - 4, 4);
    w = head | static_cast<uint64_t>(tail) << 32;
  } else if (rest > 0) {  // 1 to 3 bytes, padded with 'a' (which needs no escape)
    w = 0x6161616161000000ULL | static_cast<unsigned char>(p[i]) |
        static_cast<uint64_t>(static_cast<unsigned char>(p[i + rest / 2])) << 8 |
        static_cast<uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16;
  } else {
    return n;
  }
  return needs_escape(w) == 0 ? n : i;
}

}  // namespace detail

/// The most bytes append_json_string or write_json_string can produce for `size` input bytes.
constexpr size_t max_json_string_size(size_t size) { return 6 * size + 2; }

/// Writes `s` (valid UTF-8) as a JSON string literal at `p` (room for max_json_string_size) and
/// returns the end.
inline char* write_json_string(char* p, std::string_view s) {
  const size_t i = detail::plain_prefix(s);
  *p++ = '"';
  std::memcpy(p, s.data(), i);
  p = detail::write_escaped_tail(p + i, s.substr(i));
  *p++ = '"';
  return p;
}

/// Appends `s` (valid UTF-8) as a JSON string literal, escaping `"`, `\` and control characters.
inline void append_json_string(std::string& out, std::string_view s) {
  const size_t i = detail::plain_prefix(s);
  out.push_back('"');
  out.append(s.data(), i);
  detail::append_escaped_tail(out, s.substr(i));
  out.push_back('"');
}

}  // namespace travelctl::core::transform
