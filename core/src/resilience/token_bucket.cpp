// The token bucket's arithmetic: integer units of 1/scale token, 128-bit where time is multiplied.
#include "travelctl/core/resilience/token_bucket.hpp"

#include <algorithm>

namespace travelctl::core::resilience {
namespace {

constexpr uint64_t kNanosPerSecond = 1'000'000'000;

}  // namespace

std::optional<TokenBucket> TokenBucket::make(int64_t per_second, int64_t burst) {
  if (per_second <= 0) {
    return std::nullopt;
  }
  const int64_t rate = std::min(per_second, kMaxValue);
  return TokenBucket(rate, burst <= 0 ? rate : std::min(burst, kMaxValue));
}

TokenBucket::TokenBucket(int64_t rate, int64_t burst)
    : rate_(rate),
      burst_(burst),
      scale_((kNanosPerSecond + static_cast<uint64_t>(rate) - 1) / static_cast<uint64_t>(rate)),
      units_per_second_(static_cast<uint64_t>(rate) * scale_),
      capacity_(static_cast<uint64_t>(burst) * scale_) {}

uint64_t TokenBucket::units_at(std::chrono::nanoseconds now) const {
  const auto ns = static_cast<unsigned __int128>(std::max<int64_t>(now.count(), 0));
  return static_cast<uint64_t>(ns * units_per_second_ / kNanosPerSecond);
}

std::chrono::nanoseconds TokenBucket::time_until(uint64_t units,
                                                 std::chrono::nanoseconds now) const {
  // The first nanosecond t with floor(t × units_per_second / 1e9) >= units.
  const auto scaled = static_cast<unsigned __int128>(units) * kNanosPerSecond;
  const auto at = static_cast<int64_t>((scaled + units_per_second_ - 1) / units_per_second_);
  return std::chrono::nanoseconds(std::max<int64_t>(at - now.count(), 0));
}

TokenDecision TokenBucket::take(State state, std::chrono::nanoseconds now) const {
  const uint64_t now_units = units_at(now);
  // A full bucket stays full: the time it spent full is not saved up.
  const uint64_t full_at = std::max(state, now_units);
  const uint64_t next = full_at + scale_;
  TokenDecision d;
  if (next - now_units <= capacity_) {
    d.allowed = true;
    d.state = next;
    d.remaining = static_cast<int64_t>((capacity_ - (next - now_units)) / scale_);
    d.until_full = time_until(next, now);
    return d;
  }
  d.state = state;
  // A state written with a later clock reading (another thread's) can lack more than the capacity.
  const uint64_t lacking = full_at - now_units;
  d.remaining = lacking >= capacity_ ? 0 : static_cast<int64_t>((capacity_ - lacking) / scale_);
  // A token is there once the bucket lacks at most capacity - scale units.
  d.retry_after = time_until(next - capacity_, now);
  d.until_full = time_until(full_at, now);
  return d;
}

}  // namespace travelctl::core::resilience
