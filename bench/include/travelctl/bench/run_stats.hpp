// What one load run measured: latency histograms, counts, errors by kind, the per-second
// timeline and the generator's own cost. Turned into the results file by the CLI.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "travelctl/reports/histogram.hpp"

namespace travelctl::bench {

struct ErrorCounts {
  uint64_t connect = 0;     ///< failed or timed-out connection attempts
  uint64_t timeout = 0;     ///< requests without a complete response within --timeout
  uint64_t reset = 0;       ///< requests lost to a connection closed or reset by the peer
  uint64_t protocol = 0;    ///< responses that were not valid HTTP/1.1
  uint64_t unexpected = 0;  ///< 2xx responses not in their step's "expect", failed extractions
  std::map<int, uint64_t> status;   ///< non-2xx responses by status (they still have a latency)
  std::string first_connect_error;  ///< why the first failed connection attempt failed

  uint64_t total() const;
  void add(const ErrorCounts& o);
};

/// One request of a scenario with several: how it fared.
struct StepStats {
  std::string name;
  uint64_t requests = 0;  ///< responses
  uint64_t errors = 0;    ///< non-2xx, unexpected, or no response (timeout, reset)
  reports::Histogram latency{1, 3'600'000'000ULL, 2};  ///< µs, 2 digits: small per step
};

/// One second of the measured phase (t_s = 1 covers its first second).
struct TimelinePoint {
  uint32_t t_s = 0;
  uint64_t requests = 0;
  uint64_t errors = 0;
  uint64_t bytes = 0;
  double p50_ms = 0;
  double p99_ms = 0;
};

struct RunStats {
  uint64_t requests = 0;  ///< completed responses of any status in the measured phase
  uint64_t bytes = 0;     ///< bytes received in the measured phase
  double duration_s = 0;  ///< length of the measured phase, drain included
  /// Microseconds. Open model: from the intended send time (corrected); closed: from the send.
  reports::Histogram latency;
  /// Open model only: from the actual send time (what a closed-model tool would report).
  std::optional<reports::Histogram> latency_uncorrected;
  ErrorCounts errors;
  std::vector<TimelinePoint> timeline;
  /// Per request, when the scenario has more than one (by item, then sequence step).
  std::vector<StepStats> steps;
  /// Scenarios with sequences: how many ran to their last step, how many ended early.
  bool has_sequences = false;
  uint64_t sequences_completed = 0;
  uint64_t sequences_aborted = 0;
  // Open model: how well the schedule was kept.
  std::optional<double> target_rate;
  uint64_t sends = 0;       ///< requests sent in the measured phase
  uint64_t late_sends = 0;  ///< sent more than 1 ms after their intended time
  // The generator's own cost.
  uint64_t connections_opened = 0;
  double cpu_user_s = 0;
  double cpu_system_s = 0;
  double cpu_percent_max_thread = 0;  ///< busiest worker thread: CPU time / wall time
  double loop_lag_max_ms = 0;         ///< worst lateness of a worker's 10 ms housekeeping tick
  std::vector<std::string> warnings;

  double rps() const { return duration_s > 0 ? static_cast<double>(requests) / duration_s : 0; }
  double bytes_per_sec() const {
    return duration_s > 0 ? static_cast<double>(bytes) / duration_s : 0;
  }
};

}  // namespace travelctl::bench
