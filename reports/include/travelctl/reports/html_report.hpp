// `travelctl report --html`: one self-contained HTML page with inline SVG charts (no scripts, no
// network fetches) for a results file, optionally overlaid with a baseline and its comparison.
#pragma once

#include <string>

#include "travelctl/reports/compare.hpp"
#include "travelctl/reports/results.hpp"

namespace travelctl::reports {

struct HtmlReportInput {
  const Results* current = nullptr;
  std::string current_name;  ///< shown in the header and legends' context (file name)
  const Results* baseline = nullptr;
  std::string baseline_name;
  const Comparison* comparison = nullptr;  ///< the compare table and verdict, with a baseline
};

/// The whole page: per scenario, summary figures, the latency percentile curve (log "nines"
/// axis), the latency histogram, req/s and p99 over time, the error breakdown and the runs.
std::string render_html_report(const HtmlReportInput& input);

}  // namespace travelctl::reports
