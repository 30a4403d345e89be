// One client's token bucket shared by every worker thread: one atomic word, lock-free CAS updates.
//
// Why not one bucket per worker thread (rate/N and burst/N each, no shared write at all)? It is
// exact only when the client's requests are spread evenly over the threads, and they are not:
// SO_REUSEPORT spreads connections, not requests, so a client on one keep-alive connection would
// get rate/N, and one on N connections a burst of N × ceil(burst/N). The shared bucket is exact
// whatever the spread. Its cost is one compare-and-swap on one cache line per request of a limited
// client (no lock, no waiting: a thread that loses the race recomputes from the new word and
// retries), and only threads serving the same client ever touch that line.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

#include "travelctl/core/resilience/token_bucket.hpp"

namespace travelctl::core::resilience {

/// Thread-safe and lock-free. Aligned to a cache line so that two clients' buckets never share one.
class alignas(64) SharedTokenBucket {
 public:
  explicit SharedTokenBucket(TokenBucket bucket) : bucket_(bucket) {}

  /// The bucket for a client's `rate_limit`, or null when it has no limit (TokenBucket::make).
  static std::unique_ptr<SharedTokenBucket> make(int64_t per_second, int64_t burst);

  /// Takes one token at `now` if there is one. A refusal writes nothing.
  TokenDecision take(std::chrono::nanoseconds now);

  const TokenBucket& bucket() const { return bucket_; }

 private:
  static_assert(std::atomic<TokenBucket::State>::is_always_lock_free);
  const TokenBucket bucket_;
  std::atomic<TokenBucket::State> state_{TokenBucket::kFull};
};

}  // namespace travelctl::core::resilience
