// The compared metrics, their names, per-run values, and the --threshold syntax.
#include <charconv>
#include <cmath>

#include "travelctl/reports/compare.hpp"

namespace travelctl::reports {

const std::vector<MetricSpec>& compared_metrics() {
  static const std::vector<MetricSpec> kMetrics{
      {MetricId::rps, "rps", "req/s", false},
      {MetricId::p50, "p50_ms", "p50", true},
      {MetricId::p90, "p90_ms", "p90", true},
      {MetricId::p99, "p99_ms", "p99", true},
      {MetricId::p999, "p999_ms", "p99.9", true},
      {MetricId::error_rate, "error_rate", "errors", true},
  };
  return kMetrics;
}

std::optional<MetricId> parse_metric(std::string_view name) {
  static const std::vector<std::pair<std::string_view, MetricId>> kNames{
      {"rps", MetricId::rps},           {"req/s", MetricId::rps},
      {"p50", MetricId::p50},           {"p50_ms", MetricId::p50},
      {"p90", MetricId::p90},           {"p90_ms", MetricId::p90},
      {"p99", MetricId::p99},           {"p99_ms", MetricId::p99},
      {"p999", MetricId::p999},         {"p99.9", MetricId::p999},
      {"p999_ms", MetricId::p999},      {"error_rate", MetricId::error_rate},
      {"errors", MetricId::error_rate},
  };
  for (const auto& [n, id] : kNames) {
    if (n == name) {
      return id;
    }
  }
  return std::nullopt;
}

double metric_value(const Run& run, MetricId id) {
  switch (id) {
    case MetricId::rps:
      return run.rps;
    case MetricId::p50:
      return run.latency_ms.p50;
    case MetricId::p90:
      return run.latency_ms.p90;
    case MetricId::p99:
      return run.latency_ms.p99;
    case MetricId::p999:
      return run.latency_ms.p999;
    case MetricId::error_rate:
      return run.error_rate();
  }
  return 0;
}

double CompareOptions::threshold_for(MetricId id) const {
  const auto it = thresholds.find(id);
  return it == thresholds.end() ? threshold_pct : it->second;
}

std::optional<std::string> apply_threshold(std::string_view text, CompareOptions& options) {
  std::optional<MetricId> metric;
  std::string_view number = text;
  if (const auto eq = text.find('='); eq != std::string_view::npos) {
    metric = parse_metric(text.substr(0, eq));
    if (!metric) {
      std::string why = "unknown metric \"";
      why.append(text.substr(0, eq)).append("\" (use rps, p50, p90, p99, p999 or error_rate)");
      return why;
    }
    number = text.substr(eq + 1);
  }
  if (!number.empty() && number.back() == '%') {
    number.remove_suffix(1);
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec != std::errc() || end != number.data() + number.size() || !std::isfinite(value) ||
      value < 0) {
    std::string why(1, '"');
    why.append(text).append("\" is not a percentage >= 0 (e.g. 5, or p99=10)");
    return why;
  }
  if (metric) {
    options.thresholds[*metric] = value;
  } else {
    options.threshold_pct = value;
  }
  return std::nullopt;
}

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::pass:
      return "pass";
    case Verdict::regression:
      return "regression";
    case Verdict::insufficient_data:
      return "insufficient_data";
  }
  return "pass";
}

std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::ok:
      return "ok";
    case Outcome::not_significant:
      return "not significant";
    case Outcome::improved:
      return "improved";
    case Outcome::regression:
      return "regression";
    case Outcome::too_few_runs:
      return "too few runs";
  }
  return "ok";
}

}  // namespace travelctl::reports
