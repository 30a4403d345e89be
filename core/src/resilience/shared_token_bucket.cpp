// The shared token bucket: the pure take() applied through a compare-and-swap loop.
#include "travelctl/core/resilience/shared_token_bucket.hpp"

namespace travelctl::core::resilience {

std::unique_ptr<SharedTokenBucket> SharedTokenBucket::make(int64_t per_second, int64_t burst) {
  auto bucket = TokenBucket::make(per_second, burst);
  if (!bucket) {
    return nullptr;
  }
  return std::make_unique<SharedTokenBucket>(*bucket);
}

TokenDecision SharedTokenBucket::take(std::chrono::nanoseconds now) {
  // Relaxed is enough: the word publishes no other memory, and every update is a read-modify-write
  // of this one word, so each CAS sees the latest state or fails and retries with it.
  TokenBucket::State seen = state_.load(std::memory_order_relaxed);
  for (;;) {
    const TokenDecision d = bucket_.take(seen, now);
    if (!d.allowed) {
      return d;
    }
    if (state_.compare_exchange_weak(seen, d.state, std::memory_order_relaxed)) {
      return d;
    }
  }
}

}  // namespace travelctl::core::resilience
