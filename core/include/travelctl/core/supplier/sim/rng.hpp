// The simulator's deterministic random numbers: SplitMix64, identical on every platform.
#pragma once

#include <cstdint>
#include <initializer_list>

namespace travelctl::core::supplier::sim {

/// One SplitMix64 step: a strong 64-bit mix of `x`.
inline uint64_t mix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

/// Hashes a sequence of integers (seed, route, day, index...) into one well-mixed value.
inline uint64_t hash_of(std::initializer_list<uint64_t> parts) {
  uint64_t h = 0x6A09E667F3BCC908ULL;
  for (uint64_t p : parts) {
    h = mix64(h ^ p);
  }
  return h;
}

/// A small generator; the same state gives the same sequence everywhere (unlike std::
/// distributions, whose algorithms vary between standard libraries).
class Rng {
 public:
  explicit Rng(uint64_t state) : state_(state) {}
  uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n) for n > 0 (the modulo bias is negligible for the small n used here).
  uint64_t below(uint64_t n) { return next() % n; }
  /// Uniform in [lo, hi].
  int64_t between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo + 1)));
  }
  /// True with probability num/den.
  bool chance(uint64_t num, uint64_t den) { return below(den) < num; }
  /// Uniform in [0, 1).
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  uint64_t state_;
};

}  // namespace travelctl::core::supplier::sim
