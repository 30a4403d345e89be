// The circuit breaker's transitions: consecutive failures and a windowed failure rate open it.
#include "travelctl/core/resilience/circuit_breaker.hpp"


namespace travelctl::core::resilience {

std::string_view breaker_state_name(BreakerState s) {
  switch (s) {
    case BreakerState::closed:
      return "closed";
    case BreakerState::open:
      return "open";
    case BreakerState::half_open:
      return "half_open";
  }
  return "closed";
}

CircuitBreaker::CircuitBreaker(BreakerOptions options)
    : options_(options), window_(options.window) {}

bool CircuitBreaker::rate_exceeded(TimePoint now) const {
  if (options_.failure_rate_percent == 0) {
    return false;
  }
  const auto t = window_.totals(now);
  return t.calls >= options_.min_calls && t.calls > 0 &&
         t.marked * 100 >= uint64_t{options_.failure_rate_percent} * t.calls;
}

void CircuitBreaker::move_to(BreakerState s, TimePoint now) {
  if (s == state_) {
    return;
  }
  state_ = s;
  ++transitions_[static_cast<std::size_t>(s)];
  probe_in_flight_ = false;
  if (s == BreakerState::open) {
    opened_at_ = now;
  }
  if (s == BreakerState::closed) {
    // A fresh start: the failures that opened the circuit must not open it again at once.
    consecutive_ = 0;
    window_.clear();
  }
}

CircuitBreaker::Admission CircuitBreaker::admit(TimePoint now) {
  if (state_ == BreakerState::open && now - opened_at_ >= options_.open_for) {
    move_to(BreakerState::half_open, now);
  }
  Admission a;
  switch (state_) {
    case BreakerState::closed:
      a.allowed = true;
      break;
    case BreakerState::half_open:
      if (!probe_in_flight_) {
        probe_in_flight_ = true;
        a.allowed = true;
        a.probe = true;
      } else {
        // The probe is out: its answer decides soon; ask again in a moment.
        a.retry_after = std::chrono::milliseconds(1'000);
      }
      break;
    case BreakerState::open:
      a.retry_after = std::chrono::duration_cast<std::chrono::milliseconds>(options_.open_for -
                                                                            (now - opened_at_));
      break;
  }
  return a;
}

void CircuitBreaker::on_success(TimePoint now, bool probe) {
  if (state_ == BreakerState::half_open) {
    if (probe) {
      move_to(BreakerState::closed, now);
    }
    return;
  }
  if (state_ == BreakerState::closed) {
    consecutive_ = 0;
    window_.add(now, 1, 0);
  }
}

void CircuitBreaker::on_failure(TimePoint now, bool probe) {
  if (state_ == BreakerState::half_open) {
    if (probe) {
      move_to(BreakerState::open, now);
    }
    return;
  }
  if (state_ != BreakerState::closed) {
    return;  // a late answer of a call let through before the circuit opened
  }
  ++consecutive_;
  window_.add(now, 1, 1);
  if (consecutive_ >= options_.failure_threshold || rate_exceeded(now)) {
    move_to(BreakerState::open, now);
  }
}

void CircuitBreaker::on_neutral(bool probe) {
  if (probe && state_ == BreakerState::half_open) {
    probe_in_flight_ = false;
  }
}

}  // namespace travelctl::core::resilience
