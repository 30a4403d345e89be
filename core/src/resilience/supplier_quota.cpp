// The supplier quota: a global token bucket with half its burst kept for clients' fair shares.
#include "travelctl/core/resilience/supplier_quota.hpp"

#include <algorithm>

namespace travelctl::core::resilience {

std::unique_ptr<SupplierQuota> SupplierQuota::make(int64_t max_rps, std::size_t clients) {
  auto global = TokenBucket::make(max_rps, max_rps);
  if (!global) {
    return nullptr;
  }
  const int64_t n = static_cast<int64_t>(std::max<std::size_t>(clients, 1));
  const int64_t fair = std::max<int64_t>(1, global->per_second() / n);
  return std::unique_ptr<SupplierQuota>(new SupplierQuota(*global, fair, clients));
}

SupplierQuota::SupplierQuota(TokenBucket global, int64_t fair_rate, std::size_t clients)
    : global_(global), reserve_(global.burst() / 2), fair_rate_(fair_rate) {
  fair_.reserve(clients);
  for (std::size_t i = 0; i < clients; ++i) {
    // The fair shares' bursts add up to the reserve and their rates to the global rate, so calls
    // within fair shares alone can never empty the global bucket: each of them always goes.
    const int64_t burst = std::max<int64_t>(1, reserve_ / static_cast<int64_t>(clients));
    fair_.push_back(SharedTokenBucket::make(fair_rate, burst));
  }
}

SupplierQuota::Decision SupplierQuota::take(std::size_t client, std::chrono::nanoseconds now) {
  TokenBucket::State seen = state_.load(std::memory_order_relaxed);
  bool fair_checked = false;
  for (;;) {
    const TokenDecision d = global_.take(seen, now);
    Decision out;
    if (!d.allowed) {
      out.retry_after = d.retry_after;
      return out;
    }
    if (d.remaining < reserve_ && !fair_checked) {
      // Contended: only a call within its client's fair share may dig into the reserve. Its
      // fair token is taken once, even if the global CAS below has to be tried again.
      const TokenDecision f = client < fair_.size() ? fair_[client]->take(now) : TokenDecision{};
      if (!f.allowed) {
        out.over_fair_share = true;
        out.retry_after = client < fair_.size() ? f.retry_after : std::chrono::seconds(1);
        return out;
      }
      fair_checked = true;
    }
    if (state_.compare_exchange_weak(seen, d.state, std::memory_order_relaxed)) {
      out.allowed = true;
      return out;
    }
  }
}

}  // namespace travelctl::core::resilience
