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

// Length of the prefix of `s` that needs no escaping, found eight bytes at a time (a multiple of
// 8).
inline size_t plain_prefix(std::string_view s) {
  size_t i = 0;
  while (i + 8 <= s.size()) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (needs_escape(w) != 0) {
      break;
    }
    i += 8;
  }
  return i;
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
