// Internal: what opaque ids and tokens are made of — base64url without padding and a short
// FNV-1a + murmur3 checksum that rejects any id this build did not make (edited, truncated).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace travelctl::core::transform {

/// The checksum detects accidents, not forgery: ids and tokens only name things their holder
/// could look up anyway, and every use is checked against the client that presents it.
inline constexpr uint64_t kFnvBasis = 0xcbf29ce484222325ULL ^ 0x7472766c63746c31ULL;  // "trvlctl1"

inline uint64_t fnv(uint64_t h, std::string_view s) {
  for (char c : s) {
    h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  }
  return h;
}

/// The murmur3 finaliser: mixes every input bit into the low bytes that are kept.
inline uint64_t finish(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

/// Base64url without padding of `in` into `dst`, which has room for (size * 4 + 2) / 3 bytes.
void base64url_encode(const unsigned char* in, size_t size, char* dst);

/// Strict base64url: no padding, no other characters, and the unused low bits of the last
/// character must be zero (so every id has exactly one spelling).
bool base64url_decode(std::string_view in, std::string& out);

/// Appends `record` followed by its 6-byte checksum, base64url-encoded, to `out`.
void append_sealed(std::string& out, std::string_view record);

/// Decodes what append_sealed wrote; false (and `record` unspecified) for anything else.
bool open_sealed(std::string_view text, std::string& record);

}  // namespace travelctl::core::transform
