// Test helper: seeded synthetic bench results (lognormal latencies per request, jitter per run),
// for tests of compare, merge and report that need realistic files without a load run.
#pragma once

#include <cstdint>
#include <string>

#include "travelctl/reports/results.hpp"

namespace travelctl::test {

struct SyntheticScenario {
  std::string name = "search";
  int runs = 5;
  uint64_t requests_per_run = 2000;  ///< latency samples recorded per run (the histogram)
  int duration_s = 5;
  double median_ms = 4.0;       ///< per-request latency: lognormal with this median...
  double sigma = 0.35;          ///< ...and this log-space spread
  double run_jitter = 0.03;     ///< per-run multiplicative noise (log-space sigma)
  double latency_factor = 1.0;  ///< an injected change of every latency
  double rps = 10000;           ///< requests counted per second (timeline, requests, rps)
  double error_rate = 0.0;      ///< fraction of requests answered 503
  uint64_t seed = 1;
};

/// One run drawn from `s` with the generator state `seed`.
reports::Run synthetic_run(const SyntheticScenario& s, uint64_t seed);
/// A whole results file of one scenario: `s.runs` runs, seeds derived from `s.seed`.
reports::Results synthetic_results(const SyntheticScenario& s);

}  // namespace travelctl::test
