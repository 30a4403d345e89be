// `travelctl bench merge A B ... --out F`: one results file from several load machines.
#pragma once

#include <string>
#include <vector>

#include "command.hpp"

namespace travelctl::cli {

struct BenchMergeOptions {
  std::vector<std::string> inputs;
  std::string out;  ///< "-" or empty: stdout
  bool append_runs = false;  ///< concatenate runs instead of adding them
};

/// Registers `merge` under the `bench` command.
void add_bench_merge_command(CLI::App& bench, int& exit_code);
/// Merges and writes; returns the exit code (0 ok, 2 bad input, 3 cannot write).
int run_bench_merge(const BenchMergeOptions& options);

}  // namespace travelctl::cli
