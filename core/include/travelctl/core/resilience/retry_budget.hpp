// The retry budget: retries (and hedges) may be at most a share of recent calls, plus a few.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>

namespace travelctl::core::resilience {

/// Counts calls and retries over a sliding window (ten slices). A retry is allowed while the
/// retries of the window stay within `min_retries + calls × percent / 100`: under a total outage
/// retries add at most `percent` % to the load instead of multiplying it by the retry count.
/// Time is passed in. Not thread-safe: one per worker thread.
class RetryBudget {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  RetryBudget(uint32_t percent, uint32_t min_retries,
              std::chrono::milliseconds window = std::chrono::milliseconds(10'000));

  /// A first attempt (what the budget is a share of).
  void on_call(TimePoint now);
  /// True, and the retry counted, when the budget allows one more now.
  bool try_spend(TimePoint now);
  /// A retry made whatever the budget says (the pool's re-send on a stale connection): counted.
  void spend_anyway(TimePoint now);

  uint64_t calls(TimePoint now);
  uint64_t retries(TimePoint now);

 private:
  static constexpr std::size_t kSlices = 10;
  struct Slice {
    int64_t index = -1;
    uint64_t calls = 0;
    uint64_t retries = 0;
  };
  Slice& slice_at(TimePoint now);
  template <class F>
  uint64_t sum(TimePoint now, F field);

  uint32_t percent_;
  uint32_t min_retries_;
  std::chrono::nanoseconds slice_;
  std::array<Slice, kSlices> slices_{};
};

}  // namespace travelctl::core::resilience
