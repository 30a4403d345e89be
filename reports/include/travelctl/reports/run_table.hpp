// Human output of `bench run` (and of any travelctl.bench/v1 results): autocannon-style tables of
// latency percentiles and per-second throughput, totals, errors by kind, generator self-check.
#pragma once

#include <string>

#include "travelctl/reports/results.hpp"

namespace travelctl::reports {

/// Text tables (UTF-8 box drawing) for every run of every scenario, then a summary line per
/// scenario when it has several runs.
std::string render_run_table(const Results& results);
/// The same as GitHub-flavoured Markdown (a section per scenario), for CI job summaries.
std::string render_run_markdown(const Results& results);
/// One run as text (used for the output after each run).
std::string render_run_table(const Scenario& scenario, std::size_t run_index);
/// "summary (median of N runs): ..." for a scenario with several runs.
std::string render_summary_line(const Scenario& scenario);

}  // namespace travelctl::reports
