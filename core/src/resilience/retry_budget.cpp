// The retry budget: the share of recent calls that retries may add.
#include "travelctl/core/resilience/retry_budget.hpp"

namespace travelctl::core::resilience {

RetryBudget::RetryBudget(uint32_t percent, uint32_t min_retries, std::chrono::milliseconds window)
    : percent_(percent), min_retries_(min_retries), window_(window) {}

void RetryBudget::on_call(TimePoint now) { window_.add(now, 1, 0); }

bool RetryBudget::try_spend(TimePoint now) {
  const auto t = window_.totals(now);
  if (t.marked >= min_retries_ + t.calls * percent_ / 100) {
    return false;
  }
  window_.add(now, 0, 1);
  return true;
}

void RetryBudget::spend_anyway(TimePoint now) { window_.add(now, 0, 1); }

}  // namespace travelctl::core::resilience
