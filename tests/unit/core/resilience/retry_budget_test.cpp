// The retry budget: a share of recent calls plus a minimum, over a sliding window.
#include "travelctl/core/resilience/retry_budget.hpp"

#include <catch2/catch.hpp>

using namespace travelctl::core::resilience;
using std::chrono::milliseconds;
using TimePoint = RetryBudget::TimePoint;

namespace {
const TimePoint t0 = TimePoint(std::chrono::hours(2));
}

TEST_CASE("RetryBudget: the minimum allows a few retries with no traffic at all", "[core]") {
  RetryBudget b(10, 3);
  CHECK(b.try_spend(t0));
  CHECK(b.try_spend(t0));
  CHECK(b.try_spend(t0));
  CHECK_FALSE(b.try_spend(t0));
  CHECK(b.retries(t0) == 3);
}

TEST_CASE("RetryBudget: under a total outage retries stay within percent of calls", "[core]") {
  RetryBudget b(10, 3);
  int retries = 0;
  // 1000 calls in 5 s, each wanting 2 retries: 3 + 10 % of the calls at most.
  for (int i = 0; i < 1000; ++i) {
    const TimePoint now = t0 + milliseconds(i * 5);
    b.on_call(now);
    for (int r = 0; r < 2; ++r) {
      retries += b.try_spend(now) ? 1 : 0;
    }
  }
  CHECK(retries <= 3 + 100);
  CHECK(retries >= 95);  // the budget is used, not starved
}

TEST_CASE("RetryBudget: forced retries count against it, and the window slides", "[core]") {
  RetryBudget b(50, 0);
  for (int i = 0; i < 4; ++i) {
    b.on_call(t0);
  }
  b.spend_anyway(t0);
  b.spend_anyway(t0);
  CHECK_FALSE(b.try_spend(t0));  // 2 of 4 × 50 % already spent
  CHECK(b.calls(t0) == 4);
  // Past the 10 s window both calls and retries are forgotten.
  const TimePoint later = t0 + milliseconds(10'500);
  CHECK(b.calls(later) == 0);
  CHECK(b.retries(later) == 0);
  b.on_call(later);
  b.on_call(later);
  CHECK(b.try_spend(later));
  CHECK_FALSE(b.try_spend(later));
}
