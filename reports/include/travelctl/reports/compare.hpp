// `bench compare`: per scenario and metric, a Mann-Whitney U test over the runs of two results
// files, the relative change of the medians with a Hodges-Lehmann interval, and the verdict.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "travelctl/reports/expected.hpp"
#include "travelctl/reports/results.hpp"
#include "travelctl/reports/stats/hodges_lehmann.hpp"
#include "travelctl/reports/stats/mann_whitney.hpp"
#include "travelctl/reports/stats/multiple_testing.hpp"

namespace travelctl::reports {

enum class MetricId { rps, p50, p90, p99, p999, error_rate };

/// A compared figure: its name in JSON (`p99_ms`), its label for people (`p99`), and which way is
/// bad.
struct MetricSpec {
  MetricId id = MetricId::rps;
  std::string_view name;
  std::string_view label;
  bool up_is_bad = false;
};

/// The compared metrics, in report order.
const std::vector<MetricSpec>& compared_metrics();
/// Accepts `rps`, `p50`, `p90`, `p99`, `p999` (also `p99.9`, `p99_ms`...), `error_rate`.
std::optional<MetricId> parse_metric(std::string_view name);
/// The figure of one run for a metric.
double metric_value(const Run& run, MetricId id);

struct CompareOptions {
  double alpha = 0.05;                    ///< family-wise, after `correction`
  double threshold_pct = 5.0;             ///< smallest bad change that can be a regression
  std::map<MetricId, double> thresholds;  ///< per-metric overrides of threshold_pct
  stats::Correction correction = stats::Correction::holm;
  double confidence = 0.95;  ///< of the Hodges-Lehmann interval shown beside each change
  bool only_common =
      false;  ///< compare the scenarios in both files; otherwise a mismatch is an error

  double threshold_for(MetricId id) const;
};

/// Reads one `--threshold` value: `7.5` (every metric) or `p99=10` (one metric); a `%` suffix is
/// allowed. The reason when it is not valid.
std::optional<std::string> apply_threshold(std::string_view text, CompareOptions& options);

enum class Outcome { ok, not_significant, improved, regression, too_few_runs };

struct MetricResult {
  std::string scenario;
  MetricSpec metric;
  std::vector<double> baseline_values;  ///< one per run
  std::vector<double> current_values;
  double baseline = 0;  ///< median over runs
  double current = 0;
  std::optional<double> change_pct;  ///< nullopt when the baseline median is 0 and current is not
  stats::Shift shift;                ///< current - baseline, absolute units
  std::optional<double> ci_low_pct;  ///< shift interval relative to the baseline median
  std::optional<double> ci_high_pct;
  stats::MannWhitney test;
  double p_adjusted = 1;
  double threshold_pct = 0;
  bool significant = false;
  bool regression = false;
  bool improvement = false;
  Outcome outcome = Outcome::ok;
};

enum class Verdict { pass, regression, insufficient_data };
std::string_view to_string(Verdict v);
std::string_view to_string(Outcome o);

struct Comparison {
  Verdict verdict = Verdict::pass;
  std::vector<MetricResult> metrics;
  std::vector<std::string> warnings;      ///< different hosts, tool versions, configs
  std::vector<std::string> insufficient;  ///< "search: 3 runs in the baseline, 3 in current"
  std::size_t tests = 0;                  ///< size of the corrected family
  std::size_t runs_needed = 0;            ///< in each file, for any change to be significant
  CompareOptions options;
};

/// Why two files cannot be compared (scenarios that do not match); one reason per line.
struct CompareError {
  std::vector<std::string> reasons;
};

/// Compares every metric of every scenario present in both files. A metric regresses when its
/// median moves in the bad direction by more than its threshold AND the rank test is significant
/// after correction over all (scenario, metric) tests. Verdict: regression if any metric
/// regresses; otherwise insufficient_data if some scenario has too few runs for any p-value to
/// reach the corrected alpha; otherwise pass.
Expected<Comparison, CompareError> compare(const Results& baseline, const Results& current,
                                           const CompareOptions& options);

}  // namespace travelctl::reports
