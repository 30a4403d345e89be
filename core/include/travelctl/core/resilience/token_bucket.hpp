// A token bucket as a pure state machine: its whole state is one 64-bit word and time is passed in.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace travelctl::core::resilience {

/// What one attempt to take a token decided.
struct TokenDecision {
  bool allowed = false;
  uint64_t state = 0;     ///< the bucket's state after the attempt (unchanged when refused)
  int64_t remaining = 0;  ///< whole tokens left after the attempt
  std::chrono::nanoseconds retry_after{0};  ///< refused: until a whole token is there; else 0
  std::chrono::nanoseconds until_full{0};   ///< until the bucket is full again (0: it is)
};

/// `per_second` tokens a second into a bucket of `burst` tokens, which starts full.
///
/// The state is the instant at which the bucket will be full again (GCRA's "theoretical arrival
/// time"), counted in units of 1/scale of a token since the clock's origin. The units a clock
/// reading is worth are computed from the absolute time, floor(now × rate × scale / 1 s), never
/// summed from rounded intervals, so no error builds up however long it runs: from a full bucket
/// at time 0, exactly burst + floor(rate × t) tokens can be taken by time t. scale = ceil(1 s /
/// rate) makes a unit at most 1 ns, so the bucket is exact to the nanosecond, and keeps the state
/// within 64 bits for 146 years of clock time.
class TokenBucket {
 public:
  using State = uint64_t;
  /// The state of a new bucket: full, whatever the time.
  static constexpr State kFull = 0;
  /// Rates and bursts above this are taken as this (a billion requests a second: no limit).
  static constexpr int64_t kMaxValue = 1'000'000'000;

  /// The bucket for a client's `rate_limit`: nullopt when `per_second` is 0 or less (no limit);
  /// a `burst` of 0 or less means `per_second` (one second's worth).
  static std::optional<TokenBucket> make(int64_t per_second, int64_t burst);

  /// Takes one token at `now` (since any fixed origin, such as steady_clock's) if there is one.
  /// A `now` earlier than the one that produced `state` only finds fewer tokens: never more.
  TokenDecision take(State state, std::chrono::nanoseconds now) const;

  int64_t per_second() const { return rate_; }
  int64_t burst() const { return burst_; }

 private:
  TokenBucket(int64_t rate, int64_t burst);
  /// The units accrued from the origin to `now`: floor(now × rate × scale / 1 s).
  uint64_t units_at(std::chrono::nanoseconds now) const;
  /// From `now` to the first instant at which units_at reaches `units` (0 if it has).
  std::chrono::nanoseconds time_until(uint64_t units, std::chrono::nanoseconds now) const;

  int64_t rate_;
  int64_t burst_;
  uint64_t scale_;             ///< units per token
  uint64_t units_per_second_;  ///< rate × scale: between 1e9 and 2e9
  uint64_t capacity_;          ///< burst × scale
};

}  // namespace travelctl::core::resilience
