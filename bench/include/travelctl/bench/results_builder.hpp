// Turns what the engine measured into the travelctl.bench/v1 results model (reports/results.hpp).
#pragma once

#include <string>

#include "travelctl/bench/run_options.hpp"
#include "travelctl/bench/run_stats.hpp"
#include "travelctl/reports/results.hpp"

namespace travelctl::bench {

/// A run: counts, latency (corrected when open), histograms, timeline, errors by kind; what the
/// schema has no field for (uncorrected histogram, sends, generator CPU, warnings) goes in extra.
reports::Run to_results_run(const RunStats& stats);

/// The config block of a scenario; `target` is what the output shows as the URL.
reports::ScenarioConfig to_results_config(const RunOptions& options, const std::string& target,
                                          const std::string& scenario_file);

}  // namespace travelctl::bench
