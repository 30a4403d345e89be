// `bench compare`: reads both files, compares (reports/compare), prints, maps the verdict to the
// exit code.
#include "cmd_bench_compare.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "terminal.hpp"
#include "travelctl/reports/compare.hpp"
#include "travelctl/reports/compare_render.hpp"

namespace travelctl::cli {

namespace {

std::optional<reports::Results> read_or_report(const std::string& path, const char* role) {
  auto r = reports::read_results_file(path);
  if (!r) {
    std::fprintf(stderr, "bench compare: cannot read the %s\n%s\n", role,
                 r.error().message().c_str());
    return std::nullopt;
  }
  return std::move(*r);
}

}  // namespace

int run_bench_compare(const BenchCompareOptions& o) {
  reports::CompareOptions options;
  options.alpha = o.alpha;
  options.only_common = o.only_common;
  options.correction = o.correction == "bonferroni" ? reports::stats::Correction::bonferroni
                                                    : reports::stats::Correction::holm;
  for (const auto& t : o.thresholds) {
    if (auto why = reports::apply_threshold(t, options)) {
      std::fprintf(stderr, "bench compare: --threshold %s\n", why->c_str());
      return kExitUsage;
    }
  }
  const auto baseline = read_or_report(o.baseline, "baseline");
  if (!baseline) {
    return kExitUsage;
  }
  const auto current = read_or_report(o.current, "current results");
  if (!current) {
    return kExitUsage;
  }
  auto comparison = reports::compare(*baseline, *current, options);
  if (!comparison) {
    for (const auto& reason : comparison.error().reasons) {
      std::fprintf(stderr, "bench compare: %s\n", reason.c_str());
    }
    return kExitUsage;
  }
  const auto& c = *comparison;
  for (const auto& w : c.warnings) {
    std::fprintf(stderr, "bench compare: warning: %s\n", w.c_str());
  }
  const reports::CompareLabels labels{o.baseline, o.current};
  if (o.format == "json") {
    std::cout << reports::compare_to_json(c).dump(2) << '\n';
  } else if (o.format == "markdown") {
    std::cout << reports::render_compare_markdown(c, labels);
  } else {
    std::cout << reports::render_compare_table(c, labels, colour_wanted());
  }
  std::cout.flush();
  switch (c.verdict) {
    case reports::Verdict::pass:
      return kExitOk;
    case reports::Verdict::regression:
      return kExitVerdict;
    case reports::Verdict::insufficient_data:
      if (o.format == "json") {  // the table and Markdown already say it
        std::fprintf(stderr, "bench compare: %s\n", reports::insufficient_message(c).c_str());
      }
      return kExitRuntime;
  }
  return kExitOk;
}

void add_bench_compare_command(CLI::App& bench, int& exit_code) {
  auto o = std::make_shared<BenchCompareOptions>();
  CLI::App* cmd = bench.add_subcommand(
      "compare",
      "Compare two results files run by run (Mann-Whitney U, corrected) and give a verdict: "
      "exit 0 pass, 1 regression, 2 bad input, 3 too few runs to judge");
  cmd->add_option("baseline", o->baseline, "Baseline results (travelctl.bench/v1)")->required();
  cmd->add_option("current", o->current, "Current results (travelctl.bench/v1)")->required();
  cmd->add_option("--threshold", o->thresholds,
                  "Smallest bad change of the median that counts, in percent (default 5); "
                  "per metric: rps=3, p50=, p90=, p99=10, p999=, error_rate= (repeatable)");
  cmd->add_option("--alpha", o->alpha, "Family-wise significance level (default 0.05)")
      ->check(CLI::Range(1e-6, 0.5));
  cmd->add_option("--correction", o->correction,
                  "Multiple-testing correction over all metrics: holm (default) or bonferroni")
      ->check(CLI::IsMember({"holm", "bonferroni"}));
  cmd->add_option("--format", o->format, "Output: table (default), markdown or json")
      ->check(CLI::IsMember({"table", "markdown", "json"}));
  cmd->add_flag("--only-common", o->only_common,
                "Compare the scenarios present in both files instead of refusing a mismatch");
  cmd->callback([o, &exit_code] { exit_code = run_bench_compare(*o); });
}

}  // namespace travelctl::cli
