// The global supplier quota (`supplier.max_rps`) shared fairly by the clients: lock-free.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "travelctl/core/resilience/shared_token_bucket.hpp"
#include "travelctl/core/resilience/token_bucket.hpp"

namespace travelctl::core::resilience {

/// One token bucket of `max_rps` a second (burst: one second's worth) for every supplier call of
/// every worker, plus a fair-share bucket per client (`max_rps / clients` a second). While the
/// global bucket holds more than half its burst, any client takes from it; below that (contended)
/// only a client within its fair share may, so one busy client can drain the surplus but never
/// the half kept for the others' fair shares. The fair buckets' bursts add up to that reserve and
/// their rates to `max_rps`, so a client within its fair share is never refused. Thread-safe:
/// compare-and-swap on atomic words, no lock.
class SupplierQuota {
 public:
  /// Null when `max_rps` is 0 or less (no quota).
  static std::unique_ptr<SupplierQuota> make(int64_t max_rps, std::size_t clients);

  struct Decision {
    bool allowed = false;
    bool over_fair_share = false;             ///< refused because contended and over its share
    std::chrono::nanoseconds retry_after{0};  ///< refused: when to try again
  };
  /// One supplier call for configured client `client` (an index; out of range: no fair share, it
  /// only gets the uncontended surplus) at `now` (steady clock since its origin).
  Decision take(std::size_t client, std::chrono::nanoseconds now);

  int64_t per_second() const { return global_.per_second(); }
  int64_t fair_share_per_second() const { return fair_rate_; }

 private:
  SupplierQuota(TokenBucket global, int64_t fair_rate, std::size_t clients);
  const TokenBucket global_;
  alignas(64) std::atomic<TokenBucket::State> state_{TokenBucket::kFull};
  int64_t reserve_;  ///< whole tokens kept for fair shares when contended
  int64_t fair_rate_;
  std::vector<std::unique_ptr<SharedTokenBucket>> fair_;
};

}  // namespace travelctl::core::resilience
