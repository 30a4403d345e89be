// The load engine: one thread per --threads, each with its own io_context and connections, no
// shared mutable state on the hot path; windows of measurements are handed over once a second.
#pragma once

#include <functional>
#include <string>

#include "travelctl/bench/expected.hpp"
#include "travelctl/bench/run_options.hpp"
#include "travelctl/bench/run_stats.hpp"
#include "travelctl/bench/scenario.hpp"

namespace travelctl::bench {

/// A once-a-second view for a progress line.
struct Progress {
  double elapsed_s = 0;  ///< since the start of the measured phase (negative in warm-up)
  double total_s = 0;    ///< planned measured length (0 with a request count)
  double rps = 0;        ///< over the last second
  uint64_t requests = 0;
  uint64_t errors = 0;
  double p99_ms = 0;  ///< so far
};
using ProgressFn = std::function<void(const Progress&)>;

/// Runs `scenario` against `options.url` and returns what was measured. The error is a runtime
/// failure before any load (name resolution, TLS set-up); failures under load are counted.
Expected<RunStats, std::string> run_load(const RunOptions& options, const Scenario& scenario,
                                         const ProgressFn& progress = {});

}  // namespace travelctl::bench
