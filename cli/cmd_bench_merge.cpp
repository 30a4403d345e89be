// `bench merge`: reads every input, merges (reports/merge), writes the merged results file.
#include "cmd_bench_merge.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <memory>

#include "travelctl/reports/merge.hpp"

namespace travelctl::cli {

int run_bench_merge(const BenchMergeOptions& o) {
  if (o.inputs.size() < 2) {
    std::fprintf(stderr, "bench merge: give two or more results files to merge\n");
    return kExitUsage;
  }
  std::vector<reports::Results> inputs;
  for (const auto& path : o.inputs) {
    auto r = reports::read_results_file(path);
    if (!r) {
      std::fprintf(stderr, "bench merge: %s\n", r.error().message().c_str());
      return kExitUsage;
    }
    inputs.push_back(std::move(*r));
  }
  auto merged = o.append_runs ? reports::append_runs(inputs, o.inputs)
                              : reports::merge_results(inputs, o.inputs);
  if (!merged) {
    for (const auto& why : merged.error().reasons) {
      std::fprintf(stderr, "bench merge: %s\n", why.c_str());
    }
    return kExitUsage;
  }
  for (const auto& w : merged->warnings) {
    std::fprintf(stderr, "bench merge: warning: %s\n", w.c_str());
  }
  if (o.out.empty() || o.out == "-") {
    std::cout << to_json(merged->results).dump(2) << '\n';
    return kExitOk;
  }
  if (auto err = reports::write_results_file(o.out, merged->results)) {
    std::fprintf(stderr, "bench merge: %s\n", err->c_str());
    return kExitRuntime;
  }
  std::size_t runs = 0;
  for (const auto& s : merged->results.scenarios) {
    runs += s.runs.size();
  }
  std::fprintf(stderr, "bench merge: %zu files, %zu scenarios, %zu runs -> %s\n", o.inputs.size(),
               merged->results.scenarios.size(), runs, o.out.c_str());
  return kExitOk;
}

void add_bench_merge_command(CLI::App& bench, int& exit_code) {
  auto o = std::make_shared<BenchMergeOptions>();
  CLI::App* cmd = bench.add_subcommand(
      "merge",
      "Merge results of the same scenarios run at the same time on several load machines: "
      "histograms add exactly, req/s add, timelines align by second");
  cmd->add_option("inputs", o->inputs, "Results files (travelctl.bench/v1), two or more")
      ->required();
  cmd->add_option("-o,--out", o->out, "Write the merged results to F (default: stdout)");
  cmd->add_flag("--append-runs", o->append_runs,
                "Keep every run of every input one after the other instead of adding them up (runs "
                "of separate invocations, e.g. an interleaved A/B)");
  cmd->callback([o, &exit_code] { exit_code = run_bench_merge(*o); });
}

}  // namespace travelctl::cli
