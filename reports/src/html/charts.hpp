// The report's charts of one scenario (current, and a baseline when given), built on svg.hpp.
// Private to the reports library.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "travelctl/reports/results.hpp"

namespace travelctl::reports::html {

/// One file's side of a chart: its scenario, legend name and colour (baseline: dashed).
struct Side {
  const Scenario* scenario = nullptr;
  std::string name;
  std::string colour;
  bool baseline = false;
};

/// The exact sum of every run's histogram; nullopt when a run has none.
std::optional<Histogram> merged_histogram(const Scenario& s);

/// Latency by percentile, x in "nines" (HdrHistogram's percentile distribution plot).
std::string percentile_chart(const std::vector<Side>& sides);
/// Share of requests per latency bin, log-spaced bins.
std::string histogram_chart(const std::vector<Side>& sides);
/// Requests per second over the run, one line per run.
std::string rps_timeline_chart(const std::vector<Side>& sides);
/// p99 latency per slice over the run, one line per run.
std::string p99_timeline_chart(const std::vector<Side>& sides);
/// Failures by kind and status over all runs; a short note when there are none.
std::string error_chart(const std::vector<Side>& sides);

}  // namespace travelctl::reports::html
