// `report`: reads the results (and a baseline), compares them, writes the HTML page.
#include "cmd_report.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>

#include "travelctl/reports/compare.hpp"
#include "travelctl/reports/html_report.hpp"

namespace travelctl::cli {

int run_report(const ReportOptions& o) {
  auto current = reports::read_results_file(o.results);
  if (!current) {
    std::fprintf(stderr, "report: %s\n", current.error().message().c_str());
    return kExitUsage;
  }
  reports::HtmlReportInput input{&*current, o.results, nullptr, o.baseline, nullptr};
  std::optional<reports::Results> baseline;
  std::optional<reports::Comparison> comparison;
  if (!o.baseline.empty()) {
    auto b = reports::read_results_file(o.baseline);
    if (!b) {
      std::fprintf(stderr, "report: %s\n", b.error().message().c_str());
      return kExitUsage;
    }
    baseline = std::move(*b);
    reports::CompareOptions options;
    options.alpha = o.alpha;
    options.only_common = true;  // the page shows every scenario; the table the common ones
    for (const auto& t : o.thresholds) {
      if (auto why = reports::apply_threshold(t, options)) {
        std::fprintf(stderr, "report: --threshold %s\n", why->c_str());
        return kExitUsage;
      }
    }
    auto c = reports::compare(*baseline, *current, options);
    if (!c) {
      for (const auto& why : c.error().reasons) {
        std::fprintf(stderr, "report: %s\n", why.c_str());
      }
      return kExitUsage;
    }
    comparison = std::move(*c);
    input.baseline = &*baseline;
    input.comparison = &*comparison;
  }
  const std::string page = reports::render_html_report(input);
  std::ofstream out(o.html, std::ios::binary | std::ios::trunc);
  out << page;
  out.close();
  if (!out) {
    std::fprintf(stderr, "report: cannot write %s\n", o.html.c_str());
    return kExitRuntime;
  }
  std::fprintf(stderr, "report: wrote %s (%zu KB)\n", o.html.c_str(), page.size() / 1024);
  return kExitOk;
}

void add_report_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ReportOptions>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Write a self-contained HTML page (inline SVG charts) for a results file");
  cmd->add_option("results", o->results, "Results file (travelctl.bench/v1)")->required();
  cmd->add_option("--baseline", o->baseline, "Overlay this baseline and add the compare table");
  cmd->add_option("--html", o->html, "Output HTML file")->required();
  cmd->add_option("--threshold", o->thresholds, "As bench compare (default 5; e.g. p99=10)");
  cmd->add_option("--alpha", o->alpha, "As bench compare (default 0.05)")
      ->check(CLI::Range(1e-6, 0.5));
  cmd->callback([o, &exit_code] { exit_code = run_report(*o); });
}

}  // namespace travelctl::cli
