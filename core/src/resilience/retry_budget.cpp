// The retry budget's sliding window: ten slices of calls and retries, reused as time moves on.
#include "travelctl/core/resilience/retry_budget.hpp"

#include <algorithm>

namespace travelctl::core::resilience {

RetryBudget::RetryBudget(uint32_t percent, uint32_t min_retries, std::chrono::milliseconds window)
    : percent_(percent),
      min_retries_(min_retries),
      slice_(std::max<std::chrono::nanoseconds>(window / kSlices, std::chrono::milliseconds(1))) {}

RetryBudget::Slice& RetryBudget::slice_at(TimePoint now) {
  const int64_t index = now.time_since_epoch() / slice_;
  Slice& s = slices_[static_cast<std::size_t>(index) % kSlices];
  if (s.index != index) {
    s = Slice{index, 0, 0};
  }
  return s;
}

template <class F>
uint64_t RetryBudget::sum(TimePoint now, F field) {
  const int64_t index = now.time_since_epoch() / slice_;
  uint64_t total = 0;
  for (const Slice& s : slices_) {
    if (s.index > index - static_cast<int64_t>(kSlices) && s.index <= index) {
      total += field(s);
    }
  }
  return total;
}

uint64_t RetryBudget::calls(TimePoint now) {
  return sum(now, [](const Slice& s) { return s.calls; });
}

uint64_t RetryBudget::retries(TimePoint now) {
  return sum(now, [](const Slice& s) { return s.retries; });
}

void RetryBudget::on_call(TimePoint now) { ++slice_at(now).calls; }

bool RetryBudget::try_spend(TimePoint now) {
  const uint64_t allowed = min_retries_ + calls(now) * percent_ / 100;
  if (retries(now) >= allowed) {
    return false;
  }
  ++slice_at(now).retries;
  return true;
}

void RetryBudget::spend_anyway(TimePoint now) { ++slice_at(now).retries; }

}  // namespace travelctl::core::resilience
