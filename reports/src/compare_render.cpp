// Text table, Markdown and JSON forms of a Comparison.
#include "travelctl/reports/compare_render.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "travelctl/reports/format.hpp"

namespace travelctl::reports {

namespace {

constexpr const char* kRed = "\033[1;31m";
constexpr const char* kGreen = "\033[32m";
constexpr const char* kYellow = "\033[33m";
constexpr const char* kDim = "\033[2m";
constexpr const char* kReset = "\033[0m";

}  // namespace

std::string format_interval(const MetricResult& m, double nominal, std::string_view sep) {
  if (!m.ci_low_pct || !m.ci_high_pct) {
    return "-";
  }
  std::string out = format_change(m.ci_low_pct) + std::string(sep) + format_change(m.ci_high_pct);
  // With few runs the exact interval's coverage moves in steps: say when it is not the nominal.
  if (std::abs(m.shift.level - nominal) > 0.005) {
    out += " (" + format_plain(std::round(m.shift.level * 1000) / 10) + "%)";
  }
  return out;
}

namespace {

std::string interval(const MetricResult& m, double nominal) {
  return format_interval(m, nominal, " .. ");
}

std::string threshold_list(const CompareOptions& o) {
  std::string s = format_plain(o.threshold_pct) + "%";
  for (const auto& spec : compared_metrics()) {
    if (const auto it = o.thresholds.find(spec.id); it != o.thresholds.end()) {
      s += ", " + std::string(spec.label) + " " + format_plain(it->second) + "%";
    }
  }
  return s;
}

std::size_t count_regressions(const Comparison& c) {
  return static_cast<std::size_t>(std::count_if(c.metrics.begin(), c.metrics.end(),
                                                [](const auto& m) { return m.regression; }));
}

std::string verdict_sentence(const Comparison& c, bool list) {
  switch (c.verdict) {
    case Verdict::regression: {
      if (!list) {
        return std::to_string(count_regressions(c)) + " of " + std::to_string(c.metrics.size()) +
               " metrics regressed";
      }
      std::string s = std::to_string(count_regressions(c)) + " of " +
                      std::to_string(c.metrics.size()) + " metrics regressed:";
      for (const auto& m : c.metrics) {
        if (m.regression) {
          s += " " + m.scenario + " " + std::string(m.metric.label) + " " +
               format_change(m.change_pct) + ";";
        }
      }
      s.pop_back();
      return s;
    }
    case Verdict::insufficient_data:
      return insufficient_message(c);
    case Verdict::pass:
      return "no significant change beyond the thresholds in " + std::to_string(c.metrics.size()) +
             " metrics";
  }
  return "";
}

// Breaks text at spaces so that no line is longer than `width` (long words stay whole).
std::string wrap(const std::string& text, std::size_t width) {
  std::string out;
  std::size_t line = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = text.find(' ', i);
    if (j == std::string::npos) {
      j = text.size();
    }
    const std::size_t word = j - i;
    if (line > 0 && line + 1 + word > width) {
      out += '\n';
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out.append(text, i, word);
    line += word;
    i = j + 1;
  }
  return out;
}

const char* colour_of(Outcome o) {
  switch (o) {
    case Outcome::regression:
      return kRed;
    case Outcome::improved:
      return kGreen;
    case Outcome::too_few_runs:
      return kYellow;
    default:
      return kDim;
  }
}

}  // namespace

std::string describe_method(const Comparison& c) {
  std::ostringstream s;
  s << "Method: Mann-Whitney U over the runs of each metric (exact distribution up to "
    << stats::kExactMaxSize << " runs, conditional on ties; normal approximation beyond), "
    << (c.options.correction == stats::Correction::holm ? "Holm" : "Bonferroni")
    << " correction over " << c.tests << " tests at alpha " << format_plain(c.options.alpha)
    << ". A regression is a change of the median in the bad "
    << "direction beyond the threshold (" << threshold_list(c.options)
    << ") that is also significant. Intervals: Hodges-Lehmann, "
    << format_plain(c.options.confidence * 100)
    << "% or the nearest level the run counts allow (then given in brackets).";
  return s.str();
}

std::string insufficient_message(const Comparison& c) {
  if (c.insufficient.empty()) {
    return "";
  }
  std::string s = "too few runs to judge (";
  for (const auto& i : c.insufficient) {
    s += i + (&i == &c.insufficient.back() ? "" : "; ");
  }
  const double first = stats::first_step_alpha(c.options.alpha, c.tests, c.options.correction);
  s += "): with " + std::to_string(c.tests) + " tests at alpha " + format_plain(c.options.alpha) +
       " (" + std::string(to_string(c.options.correction)) + ") the smallest p-value must reach " +
       format_p(first) + ", which needs at least " + std::to_string(c.runs_needed) +
       " runs in each file (run bench with --runs " + std::to_string(c.runs_needed) + ")";
  return s;
}

std::string render_compare_table(const Comparison& c, const CompareLabels& labels, bool color) {
  const std::vector<std::string> head{"scenario", "metric", "baseline", "current", "change",
                                      "interval", "p",      "p adj.",   "result"};
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : c.metrics) {
    rows.push_back({m.scenario, std::string(m.metric.label), format_metric(m.metric.id, m.baseline),
                    format_metric(m.metric.id, m.current), format_change(m.change_pct),
                    interval(m, c.options.confidence),
                    format_p(m.test.p_value), format_p(m.p_adjusted),
                    m.regression ? "REGRESSION" : std::string(to_string(m.outcome))});
  }
  std::vector<std::size_t> width(head.size());
  for (std::size_t i = 0; i < head.size(); ++i) {
    width[i] = head[i].size();
    for (const auto& r : rows) {
      width[i] = std::max(width[i], r[i].size());
    }
  }
  std::ostringstream out;
  out << "baseline: " << labels.baseline << "\ncurrent:  " << labels.current << "\n\n";
  const auto line = [&](const std::vector<std::string>& cells, const char* colour) {
    std::string text;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      // Text columns left-aligned, figures right-aligned.
      const bool right = i >= 2 && i <= 7;
      const std::string pad(width[i] - cells[i].size(), ' ');
      text += (right ? pad + cells[i] : cells[i] + (i + 1 < cells.size() ? pad : "")) + "  ";
    }
    while (!text.empty() && text.back() == ' ') {
      text.pop_back();
    }
    out << (colour ? colour : "") << text << (colour ? kReset : "") << '\n';
  };
  line(head, nullptr);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    line(rows[r], color ? colour_of(c.metrics[r].outcome) : nullptr);
  }
  out << '\n';
  const char* verdict_colour = c.verdict == Verdict::pass         ? kGreen
                               : c.verdict == Verdict::regression ? kRed
                                                                  : kYellow;
  out << (color ? verdict_colour : "") << "verdict: " << to_string(c.verdict)
      << (color ? kReset : "") << " - " << wrap(verdict_sentence(c, false), 100) << '\n';
  out << wrap(describe_method(c), 100) << '\n';
  return out.str();
}

std::string render_compare_markdown(const Comparison& c, const CompareLabels& labels) {
  std::ostringstream out;
  const char* icon = c.verdict == Verdict::pass         ? "✅"
                     : c.verdict == Verdict::regression ? "❌"
                                                        : "⚠️";
  out << "### " << icon << " bench compare: " << to_string(c.verdict) << "\n\n";
  out << verdict_sentence(c, true) << ".\n\n";
  out << "Baseline `" << labels.baseline << "`, current `" << labels.current << "`.\n\n";
  out << "| scenario | metric | baseline | current | change | "
      << format_plain(c.options.confidence * 100) << "% interval | p (adj.) | result |\n";
  out << "|---|---|---:|---:|---:|---:|---:|---|\n";
  for (const auto& m : c.metrics) {
    const std::string change = format_change(m.change_pct);
    const std::string result = m.regression    ? "❌ regression"
                               : m.improvement ? "✅ improved"
                                               : std::string(to_string(m.outcome));
    out << "| " << m.scenario << " | " << m.metric.label << " | "
        << format_metric(m.metric.id, m.baseline) << " | " << format_metric(m.metric.id, m.current)
        << " | " << (m.regression ? "**" + change + "**" : change) << " | "
        << interval(m, c.options.confidence) << " | "
        << format_p(m.p_adjusted) << " | " << result << " |\n";
  }
  out << "\n";
  for (const auto& w : c.warnings) {
    out << "> **Warning:** " << w << "\n";
  }
  if (!c.warnings.empty()) {
    out << "\n";
  }
  out << "<sub>" << describe_method(c) << "</sub>\n";
  return out.str();
}

nlohmann::ordered_json compare_to_json(const Comparison& c) {
  using Json = nlohmann::ordered_json;
  auto metrics = Json::array();
  const auto opt = [](const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); };
  for (const auto& m : c.metrics) {
    metrics.push_back(
        Json{{"scenario", m.scenario},
             {"metric", m.metric.name},
             {"baseline", m.baseline},
             {"current", m.current},
             {"change_pct", opt(m.change_pct)},
             {"ci_low_pct", opt(m.ci_low_pct)},
             {"ci_high_pct", opt(m.ci_high_pct)},
             {"ci_level", m.shift.level},
             {"p_value", m.test.p_value},
             {"p_adjusted", m.p_adjusted},
             {"significant", m.significant},
             {"regression", m.regression},
             {"improvement", m.improvement},
             {"threshold_pct", m.threshold_pct},
             {"outcome", to_string(m.outcome)},
             {"test", m.test.method == stats::UMethod::exact ? "exact" : "normal"},
             {"u", m.test.u},
             {"runs", {{"baseline", m.test.n}, {"current", m.test.m}}},
             {"values", {{"baseline", m.baseline_values}, {"current", m.current_values}}}});
  }
  return Json{{"schema", "travelctl.compare/v1"},
              {"verdict", to_string(c.verdict)},
              {"alpha", c.options.alpha},
              {"correction", to_string(c.options.correction)},
              {"tests", c.tests},
              {"runs_needed", c.runs_needed},
              {"warnings", c.warnings},
              {"insufficient", c.insufficient},
              {"metrics", std::move(metrics)}};
}

}  // namespace travelctl::reports
