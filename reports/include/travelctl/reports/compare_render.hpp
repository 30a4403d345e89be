// Renderers of a Comparison: a table for people, Markdown for a CI job summary, JSON for machines.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "travelctl/reports/compare.hpp"

namespace travelctl::reports {

/// How the two inputs are named in the output (file names, usually).
struct CompareLabels {
  std::string baseline = "baseline";
  std::string current = "current";
};

/// Aligned text table, the verdict line and the method; ANSI colour when `color`.
std::string render_compare_table(const Comparison& c, const CompareLabels& labels, bool color);
/// GitHub-flavoured Markdown, ready for $GITHUB_STEP_SUMMARY.
std::string render_compare_markdown(const Comparison& c, const CompareLabels& labels);
/// The "travelctl.compare/v1" document of spec/files.md (with extra fields), keys in a
/// readable order (schema and verdict first).
nlohmann::ordered_json compare_to_json(const Comparison& c);

/// One sentence on the method and thresholds, shared by the renderers.
std::string describe_method(const Comparison& c);
/// Why the verdict is insufficient_data and how many runs each file needs; empty otherwise.
std::string insufficient_message(const Comparison& c);

/// "low<sep>high" of a metric's Hodges-Lehmann interval in percent, followed by the level it
/// achieves in brackets when that is not `nominal` (few runs move it in steps); "-" when none.
std::string format_interval(const MetricResult& m, double nominal, std::string_view sep);

}  // namespace travelctl::reports
