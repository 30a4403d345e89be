// The circuit breaker's state machine, on an injected clock.
#include "travelctl/core/resilience/circuit_breaker.hpp"

#include <catch2/catch.hpp>

using namespace travelctl::core::resilience;
using std::chrono::milliseconds;
using TimePoint = CircuitBreaker::TimePoint;

namespace {

BreakerOptions options(uint32_t threshold, uint32_t rate = 0) {
  BreakerOptions o;
  o.failure_threshold = threshold;
  o.failure_rate_percent = rate;
  o.min_calls = 10;
  o.window = milliseconds(10'000);
  o.open_for = milliseconds(1'000);
  return o;
}

const TimePoint t0 = TimePoint(std::chrono::hours(1));

}  // namespace

TEST_CASE("CircuitBreaker: consecutive failures open it, a success in between resets the count",
          "[core]") {
  CircuitBreaker b(options(3));
  for (int i = 0; i < 2; ++i) {
    REQUIRE(b.admit(t0).allowed);
    b.on_failure(t0, false);
  }
  b.on_success(t0, false);  // the run is broken
  for (int i = 0; i < 2; ++i) {
    b.on_failure(t0, false);
  }
  CHECK(b.state() == BreakerState::closed);
  b.on_failure(t0, false);
  CHECK(b.state() == BreakerState::open);
  CHECK(b.transitions(BreakerState::open) == 1);
}

TEST_CASE("CircuitBreaker: open refuses with the time left, then lets one probe through",
          "[core]") {
  CircuitBreaker b(options(1));
  b.on_failure(t0, false);
  REQUIRE(b.state() == BreakerState::open);
  const auto refused = b.admit(t0 + milliseconds(300));
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_after == milliseconds(700));
  CHECK_FALSE(b.admit(t0 + milliseconds(999)).allowed);

  const auto probe = b.admit(t0 + milliseconds(1000));
  CHECK(probe.allowed);
  CHECK(probe.probe);
  CHECK(b.state() == BreakerState::half_open);
  // While the probe is out, everyone else is refused.
  const auto other = b.admit(t0 + milliseconds(1001));
  CHECK_FALSE(other.allowed);
  CHECK(other.retry_after > milliseconds(0));
  // A late success of a call admitted before the circuit opened decides nothing.
  b.on_success(t0 + milliseconds(1002), false);
  CHECK(b.state() == BreakerState::half_open);
  b.on_success(t0 + milliseconds(1003), true);
  CHECK(b.state() == BreakerState::closed);
  CHECK(b.admit(t0 + milliseconds(1004)).allowed);
  CHECK(b.transitions(BreakerState::half_open) == 1);
  CHECK(b.transitions(BreakerState::closed) == 1);
}

TEST_CASE("CircuitBreaker: a failed probe opens it again for a whole period", "[core]") {
  CircuitBreaker b(options(1));
  b.on_failure(t0, false);
  const auto probe = b.admit(t0 + milliseconds(1000));
  REQUIRE(probe.probe);
  b.on_failure(t0 + milliseconds(1100), true);
  CHECK(b.state() == BreakerState::open);
  CHECK_FALSE(b.admit(t0 + milliseconds(2000)).allowed);  // 900 ms after reopening
  CHECK(b.admit(t0 + milliseconds(2100)).probe);
  CHECK(b.transitions(BreakerState::open) == 2);
}

TEST_CASE("CircuitBreaker: a neutral probe (429, not sent) frees the probe slot", "[core]") {
  CircuitBreaker b(options(1));
  b.on_failure(t0, false);
  REQUIRE(b.admit(t0 + milliseconds(1000)).probe);
  b.on_neutral(true);
  CHECK(b.state() == BreakerState::half_open);
  CHECK(b.admit(t0 + milliseconds(1001)).probe);
}

TEST_CASE("CircuitBreaker: the failure rate over the window opens it, after min_calls", "[core]") {
  CircuitBreaker b(options(1000, 50));
  // Alternating: never 2 failures in a row, a 50 % rate. Under min_calls (10) it stays closed.
  for (int i = 0; i < 4; ++i) {
    b.on_success(t0 + milliseconds(i), false);
    b.on_failure(t0 + milliseconds(i), false);
  }
  CHECK(b.state() == BreakerState::closed);  // 8 calls
  b.on_success(t0 + milliseconds(10), false);
  b.on_failure(t0 + milliseconds(10), false);  // 10 calls, 5 failures: 50 %
  CHECK(b.state() == BreakerState::open);
}

TEST_CASE("CircuitBreaker: failures older than the window are forgotten", "[core]") {
  CircuitBreaker b(options(1000, 50));
  for (int i = 0; i < 9; ++i) {
    b.on_failure(t0, false);
  }
  CHECK(b.state() == BreakerState::closed);  // 9 calls < min_calls
  // Eleven seconds later the old failures are out of the window: 1 failure in 10 calls.
  const TimePoint later = t0 + milliseconds(11'000);
  for (int i = 0; i < 9; ++i) {
    b.on_success(later, false);
  }
  b.on_failure(later, false);
  CHECK(b.state() == BreakerState::closed);
}

TEST_CASE("CircuitBreaker: state names", "[core]") {
  CHECK(breaker_state_name(BreakerState::closed) == "closed");
  CHECK(breaker_state_name(BreakerState::open) == "open");
  CHECK(breaker_state_name(BreakerState::half_open) == "half_open");
}
