// How the simulator retries a webhook delivery: attempts, per-attempt timeout, doubling backoff.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "travelctl/core/expected.hpp"

namespace travelctl::core::supplier::sim {

/// A copy of an event is sent until a 2xx answer or `attempts` attempts; an attempt fails on any
/// other status, a transport error or no whole answer within `timeout`. After the n-th failed
/// attempt the sender waits `first` * 2^(n-1), at most `max`. No jitter: the simulator is
/// deterministic and has one receiver.
struct WebhookRetry {
  std::chrono::microseconds first{std::chrono::milliseconds(500)};
  std::chrono::microseconds max{std::chrono::seconds(30)};
  int attempts = 8;
  std::chrono::microseconds timeout{std::chrono::seconds(5)};

  /// Reads a backoff spec "FIRST..MAX" ("100ms..5s") or one duration (a fixed wait) into
  /// `first` and `max` (the rest as default); the error names the problem.
  static Expected<WebhookRetry, std::string> parse_backoff(std::string_view spec);
  /// The wait after `failed` failed attempts (failed >= 1).
  std::chrono::microseconds backoff(int failed) const;
  /// "8 attempts, 500ms..30s backoff, 5s timeout".
  std::string describe() const;
};

}  // namespace travelctl::core::supplier::sim
