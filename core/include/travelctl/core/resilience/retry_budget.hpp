// The retry budget: retries (and hedges) may be at most a share of recent calls, plus a few.
#pragma once

#include <chrono>
#include <cstdint>

#include "travelctl/core/resilience/sliding_counts.hpp"

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

  uint64_t calls(TimePoint now) const { return window_.totals(now).calls; }
  uint64_t retries(TimePoint now) const { return window_.totals(now).marked; }

 private:
  uint32_t percent_;
  uint32_t min_retries_;
  SlidingCounts window_;  ///< calls, and retries as the marked ones
};

}  // namespace travelctl::core::resilience
