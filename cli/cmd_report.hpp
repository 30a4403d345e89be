// `travelctl report RESULTS [--baseline F] --html OUT`: a self-contained HTML page with SVG charts.
#pragma once

#include <string>
#include <vector>

#include "command.hpp"

namespace travelctl::cli {

struct ReportOptions {
  std::string results;
  std::string baseline;
  std::string html;
  std::vector<std::string> thresholds;  ///< as bench compare, for the compare table
  double alpha = 0.05;
};

void add_report_command(CLI::App& app, int& exit_code);
/// Writes the page; returns the exit code (0 ok, 2 bad input, 3 cannot write).
int run_report(const ReportOptions& options);

}  // namespace travelctl::cli
