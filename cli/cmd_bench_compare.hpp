// `travelctl bench compare BASELINE CURRENT`: the regression verdict of two results files.
#pragma once

#include <string>
#include <vector>

#include "command.hpp"

namespace travelctl::cli {

struct BenchCompareOptions {
  std::string baseline;
  std::string current;
  std::vector<std::string> thresholds;  ///< "5" or "p99=10", repeatable
  double alpha = 0.05;
  std::string correction = "holm";
  std::string format = "table";
  bool only_common = false;
};

/// Registers `compare` under the `bench` command.
void add_bench_compare_command(CLI::App& bench, int& exit_code);
/// Runs the comparison and returns the exit code (0 pass, 1 regression, 2 bad input, 3 too few
/// runs).
int run_bench_compare(const BenchCompareOptions& options);

}  // namespace travelctl::cli
