// Seeded synthetic bench results; the same seed always gives the same file.
#include "support/synthetic_results.hpp"

#include <cmath>
#include <random>

namespace travelctl::test {

reports::Run synthetic_run(const SyntheticScenario& s, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double run_factor = std::exp(s.run_jitter * noise(rng));
  const double log_median = std::log(s.median_ms * 1000.0 * run_factor * s.latency_factor);
  // Throughput jitters with the run and falls as latency rises (closed model).
  const double rps = s.rps / run_factor / s.latency_factor;
  reports::Run run;
  reports::Histogram all;
  const uint64_t samples_per_second = s.requests_per_run / static_cast<uint64_t>(s.duration_s);
  for (int t = 0; t < s.duration_s; ++t) {
    // The histogram holds a sample of the latencies; the counts are the whole second's.
    reports::Histogram second;
    for (uint64_t i = 0; i < samples_per_second; ++i) {
      second.record(
          static_cast<uint64_t>(std::max(1.0, std::exp(log_median + s.sigma * noise(rng)))));
    }
    const auto requests = static_cast<uint64_t>(std::llround(rps * std::exp(0.02 * noise(rng))));
    uint64_t errors = 0;
    for (uint64_t i = 0; s.error_rate > 0 && i < requests; ++i) {
      errors += unit(rng) < s.error_rate ? 1 : 0;
    }
    all.merge(second);
    run.requests += requests;
    if (errors > 0) {
      run.errors.status["503"] += errors;
    }
    run.timeline.push_back({static_cast<double>(t + 1), requests, errors,
                            static_cast<double>(second.percentile(50)) / 1000.0,
                            static_cast<double>(second.percentile(99)) / 1000.0,
                            nlohmann::json::object()});
  }
  run.duration_s = s.duration_s;
  run.rps = static_cast<double>(run.requests) / run.duration_s;
  run.bytes_per_sec = run.rps * 2048;
  run.latency_ms = reports::latency_from_histogram(all);
  run.histogram = std::move(all);
  return run;
}

reports::Results synthetic_results(const SyntheticScenario& s) {
  reports::Results r;
  r.tool = {"travelctl", "0.1.0"};
  r.started_at = "2026-11-22T10:00:00Z";
  r.host = {"Synthetic CPU", 2, "Linux 6.1"};
  reports::Scenario sc;
  sc.name = s.name;
  sc.config.url = "http://127.0.0.1:8080/" + s.name;
  sc.config.connections = 10;
  sc.config.duration_s = s.duration_s;
  for (int i = 0; i < s.runs; ++i) {
    sc.runs.push_back(synthetic_run(s, s.seed * 1000003 + static_cast<uint64_t>(i)));
  }
  sc.summary = reports::summarize(sc.runs);
  r.scenarios.push_back(std::move(sc));
  return r;
}

}  // namespace travelctl::test
