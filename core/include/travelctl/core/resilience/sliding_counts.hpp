// Calls and marked calls (failures, retries) counted over a sliding window of ten time slices.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>

namespace travelctl::core::resilience {

/// Ten slices of `window / 10` each, reused as time moves on: what the circuit breaker (calls,
/// failures) and the retry budget (calls, retries) count. Time is passed in. Not thread-safe.
class SlidingCounts {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  struct Totals {
    uint64_t calls = 0;
    uint64_t marked = 0;
  };

  explicit SlidingCounts(std::chrono::nanoseconds window)
      : slice_(std::max<std::chrono::nanoseconds>(window / kSlices, std::chrono::milliseconds(1))) {}

  void add(TimePoint now, uint64_t calls, uint64_t marked) {
    Slice& s = slice_at(now);
    s.calls += calls;
    s.marked += marked;
  }

  /// What the slices of the window ending at `now` hold.
  Totals totals(TimePoint now) const {
    const int64_t index = now.time_since_epoch() / slice_;
    Totals t;
    for (const Slice& s : slices_) {
      if (s.index > index - static_cast<int64_t>(kSlices) && s.index <= index) {
        t.calls += s.calls;
        t.marked += s.marked;
      }
    }
    return t;
  }

  void clear() { slices_.fill(Slice{}); }

 private:
  static constexpr std::size_t kSlices = 10;
  struct Slice {
    int64_t index = -1;  ///< which slice of time it counts (now / slice)
    uint64_t calls = 0;
    uint64_t marked = 0;
  };

  Slice& slice_at(TimePoint now) {
    const int64_t index = now.time_since_epoch() / slice_;
    Slice& s = slices_[static_cast<std::size_t>(index) % kSlices];
    if (s.index != index) {
      s = Slice{index, 0, 0};
    }
    return s;
  }

  std::chrono::nanoseconds slice_;
  std::array<Slice, kSlices> slices_{};
};

}  // namespace travelctl::core::resilience
