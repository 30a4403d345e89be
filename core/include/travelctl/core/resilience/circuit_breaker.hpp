// The supplier's circuit breaker as a pure state machine: verdicts and time in, state out.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string_view>

#include "travelctl/core/resilience/sliding_counts.hpp"

namespace travelctl::core::resilience {

enum class BreakerState : uint8_t { closed, open, half_open };
inline constexpr std::size_t kBreakerStates = 3;
/// "closed", "open", "half_open".
std::string_view breaker_state_name(BreakerState s);

struct BreakerOptions {
  uint32_t failure_threshold = 5;      ///< consecutive failures that open the circuit
  uint32_t failure_rate_percent = 50;  ///< failures in the window that open it; 0: rate not used
  uint32_t min_calls = 20;             ///< calls in the window before the rate is judged
  std::chrono::milliseconds window{10'000};
  std::chrono::milliseconds open_for{10'000};  ///< open, then one probe is let through
};

/// Closed: every call goes; `failure_threshold` failures in a row, or a failure rate of at least
/// `failure_rate_percent` over `min_calls` or more calls in the last `window`, open it. Open: every
/// call is refused until `open_for` has passed, then half-open: one probe call at a time goes,
/// its success closes the circuit (counters cleared), its failure opens it again for `open_for`.
/// Verdicts of calls let through before a change (not probes) do not move a half-open circuit.
/// Not thread-safe: one per worker thread.
class CircuitBreaker {
 public:
  using Clock = std::chrono::steady_clock;
  using TimePoint = Clock::time_point;

  explicit CircuitBreaker(BreakerOptions options);

  struct Admission {
    bool allowed = false;
    bool probe = false;  ///< the half-open probe: report its verdict with probe = true
    std::chrono::milliseconds retry_after{0};  ///< refused: until the next probe may go
  };
  /// May a call go now? Moves an open circuit whose time is up to half-open.
  Admission admit(TimePoint now);
  void on_success(TimePoint now, bool probe);
  void on_failure(TimePoint now, bool probe);
  /// An admitted call that was not made, or whose answer says nothing of the supplier's health
  /// (a 429): a probe's slot is freed, nothing is counted.
  void on_neutral(bool probe);

  BreakerState state() const { return state_; }
  /// How many times the circuit moved into each state since it was made.
  uint64_t transitions(BreakerState to) const { return transitions_[static_cast<std::size_t>(to)]; }

 private:
  void move_to(BreakerState s, TimePoint now);
  bool rate_exceeded(TimePoint now) const;

  BreakerOptions options_;
  SlidingCounts window_;  ///< calls, and failures as the marked ones
  BreakerState state_ = BreakerState::closed;
  TimePoint opened_at_{};
  uint32_t consecutive_ = 0;
  bool probe_in_flight_ = false;
  std::array<uint64_t, kBreakerStates> transitions_{};
};

}  // namespace travelctl::core::resilience
