// The verdict of `bench compare`: match scenarios, test every metric, correct, decide.
#include "travelctl/reports/compare.hpp"

#include <cmath>
#include <set>

namespace travelctl::reports {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    out += (out.empty() ? "" : ", ") + s;
  }
  return out;
}

std::optional<std::string> scenario_mismatch(const Results& baseline, const Results& current) {
  std::vector<std::string> only_baseline;
  std::vector<std::string> only_current;
  for (const auto& s : baseline.scenarios) {
    if (current.find(s.name) == nullptr) {
      only_baseline.push_back(s.name);
    }
  }
  for (const auto& s : current.scenarios) {
    if (baseline.find(s.name) == nullptr) {
      only_current.push_back(s.name);
    }
  }
  if (only_baseline.empty() && only_current.empty()) {
    return std::nullopt;
  }
  std::string why = "scenarios do not match:";
  if (!only_baseline.empty()) {
    why += " only in the baseline: " + join(only_baseline) + ";";
  }
  if (!only_current.empty()) {
    why += " only in current: " + join(only_current) + ";";
  }
  why.pop_back();
  return why;
}

// Differences that make a comparison less meaningful, said once each.
std::vector<std::string> environment_warnings(const Results& b, const Results& c) {
  std::vector<std::string> w;
  if (b.host.cpu != c.host.cpu || b.host.cores != c.host.cores || b.host.os != c.host.os) {
    w.push_back("the files come from different hosts (baseline: " + b.host.cpu + ", " +
                std::to_string(b.host.cores) + " cores, " + b.host.os + "; current: " + c.host.cpu +
                ", " + std::to_string(c.host.cores) + " cores, " + c.host.os + ")");
  }
  if (b.tool.name != c.tool.name || b.tool.version != c.tool.version) {
    w.push_back("the files come from different tool versions (baseline: " + b.tool.name + " " +
                b.tool.version + "; current: " + c.tool.name + " " + c.tool.version + ")");
  }
  for (const auto& bs : b.scenarios) {
    const Scenario* cs = c.find(bs.name);
    if (cs == nullptr) {
      continue;
    }
    const auto& x = bs.config;
    const auto& y = cs->config;
    if (x.connections != y.connections || x.pipelining != y.pipelining ||
        x.duration_s != y.duration_s || x.rate != y.rate || x.threads != y.threads) {
      w.push_back("scenario " + bs.name +
                  ": the load differs (connections, pipelining, duration, rate or threads)");
    }
  }
  return w;
}

std::optional<double> relative_pct(double delta, double base) {
  if (base == 0) {
    return delta == 0 ? std::optional<double>(0.0) : std::nullopt;
  }
  return delta / std::abs(base) * 100.0;
}

MetricResult measure(const Scenario& b, const Scenario& c, const MetricSpec& spec,
                     const CompareOptions& o) {
  MetricResult r;
  r.scenario = b.name;
  r.metric = spec;
  for (const auto& run : b.runs) {
    r.baseline_values.push_back(metric_value(run, spec.id));
  }
  for (const auto& run : c.runs) {
    r.current_values.push_back(metric_value(run, spec.id));
  }
  r.baseline = median(r.baseline_values);
  r.current = median(r.current_values);
  r.change_pct = relative_pct(r.current - r.baseline, r.baseline);
  r.shift = stats::hodges_lehmann(r.baseline_values, r.current_values, o.confidence);
  if (r.baseline != 0) {
    r.ci_low_pct = relative_pct(r.shift.low, r.baseline);
    r.ci_high_pct = relative_pct(r.shift.high, r.baseline);
  }
  r.test = stats::mann_whitney_u(r.baseline_values, r.current_values);
  r.threshold_pct = o.threshold_for(spec.id);
  return r;
}

// Beyond the threshold in the bad (or good) direction; an infinite change (from 0) always is.
bool beyond(const MetricResult& r, bool bad_direction) {
  const bool up = bad_direction == r.metric.up_is_bad;
  const bool shift_agrees = up ? r.shift.estimate > 0 : r.shift.estimate < 0;
  if (!r.change_pct) {
    return up && r.current > r.baseline && shift_agrees;
  }
  const double change = up ? *r.change_pct : -*r.change_pct;
  return change > r.threshold_pct && shift_agrees;
}

}  // namespace

Expected<Comparison, CompareError> compare(const Results& baseline, const Results& current,
                                           const CompareOptions& options) {
  const auto mismatch = scenario_mismatch(baseline, current);
  bool any_common = false;
  for (const auto& s : baseline.scenarios) {
    any_common = any_common || current.find(s.name) != nullptr;
  }
  if (mismatch && (!options.only_common || !any_common)) {
    CompareError e;
    e.reasons.push_back(*mismatch);
    e.reasons.push_back(any_common
                            ? "compare the common ones with --only-common, or refresh the baseline"
                            : "the files have no scenario in common");
    return unexpected(std::move(e));
  }

  Comparison out;
  out.options = options;
  out.warnings = environment_warnings(baseline, current);
  if (mismatch) {
    out.warnings.push_back(*mismatch + " (only the common ones are compared)");
  }
  for (const auto& bs : baseline.scenarios) {
    if (const Scenario* cs = current.find(bs.name)) {
      for (const auto& spec : compared_metrics()) {
        out.metrics.push_back(measure(bs, *cs, spec, options));
      }
    }
  }
  out.tests = out.metrics.size();
  const double first_alpha = stats::first_step_alpha(options.alpha, out.tests, options.correction);
  out.runs_needed = stats::min_runs_for(first_alpha);

  std::vector<double> p;
  for (const auto& m : out.metrics) {
    p.push_back(m.test.p_value);
  }
  const auto adjusted = stats::adjust_p_values(p, options.correction);
  std::set<std::string> too_few;
  for (std::size_t i = 0; i < out.metrics.size(); ++i) {
    auto& m = out.metrics[i];
    m.p_adjusted = adjusted[i];
    m.significant = m.p_adjusted <= options.alpha;
    m.regression = m.significant && beyond(m, true);
    m.improvement = m.significant && beyond(m, false);
    const bool can_decide = stats::min_p_value(m.test.n, m.test.m) <= first_alpha;
    if (m.regression) {
      m.outcome = Outcome::regression;
    } else if (m.improvement) {
      m.outcome = Outcome::improved;
    } else if (!can_decide) {
      m.outcome = Outcome::too_few_runs;
      if (too_few.insert(m.scenario).second) {
        out.insufficient.push_back(m.scenario + ": " + std::to_string(m.test.n) +
                                   " runs in the baseline, " + std::to_string(m.test.m) +
                                   " in current");
      }
    } else {
      m.outcome = beyond(m, true) ? Outcome::not_significant : Outcome::ok;
    }
    if (m.regression) {
      out.verdict = Verdict::regression;
    }
  }
  if (out.verdict != Verdict::regression && !out.insufficient.empty()) {
    out.verdict = Verdict::insufficient_data;
  }
  return out;
}

}  // namespace travelctl::reports
