// The HTML report page: header, verdict and compare table, one section per scenario.
#include <algorithm>
#include <sstream>

#include "charts.hpp"
#include "style.hpp"
#include "svg.hpp"
#include "travelctl/reports/compare_render.hpp"
#include "travelctl/reports/format.hpp"
#include "travelctl/reports/html_report.hpp"

namespace travelctl::reports {

namespace {

using html::escape;

constexpr const char* kCurrentColour = "#2563eb";
constexpr const char* kBaselineColour = "#ea580c";

// "2026-11-22T10:00:00Z" -> "2026-11-22 10:00:00 UTC"; anything else as written.
std::string readable_time(std::string t) {
  if (t.size() == 20 && t[10] == 'T' && t[19] == 'Z') {
    t[10] = ' ';
    t.replace(19, 1, " UTC");
  }
  return t;
}

std::string host_line(const Results& r) {
  return r.host.cpu + " · " + std::to_string(r.host.cores) + " cores · " + r.host.os + " · " +
         r.tool.name + " " + r.tool.version;
}

std::string header(const HtmlReportInput& in) {
  std::ostringstream out;
  out << "<header><h1>Benchmark report</h1><p class=\"meta\">";
  if (in.baseline) {
    out << "<span class=\"key current\"></span>";
  }
  out << "<b>" << escape(in.current_name) << "</b> · started "
      << escape(readable_time(in.current->started_at)) << " · " << escape(host_line(*in.current))
      << "</p>";
  if (in.baseline) {
    out << "<p class=\"meta\"><span class=\"key baseline\"></span>baseline <b>"
        << escape(in.baseline_name) << "</b> · started "
        << escape(readable_time(in.baseline->started_at)) << " · "
        << escape(host_line(*in.baseline)) << "</p>";
  }
  out << "</header>";
  return out.str();
}

std::string outcome_class(const MetricResult& m) {
  return m.regression ? "bad" : m.improvement ? "good" : "";
}

std::string verdict_block(const Comparison& c) {
  std::ostringstream out;
  const std::string verdict(to_string(c.verdict));
  out << "<div class=\"verdict " << verdict << "\"><h2>Compared with the baseline: "
      << (c.verdict == Verdict::insufficient_data ? "insufficient data" : verdict) << "</h2>";
  if (c.verdict == Verdict::insufficient_data) {
    out << "<p>" << escape(insufficient_message(c)) << "</p>";
  }
  for (const auto& w : c.warnings) {
    out << "<p class=\"warning\">Warning: " << escape(w) << "</p>";
  }
  out << "<table><tr><th>scenario</th><th>metric</th><th class=\"num\">baseline</th>"
         "<th class=\"num\">current</th><th class=\"num\">change</th><th class=\"num\">"
      << format_plain(c.options.confidence * 100)
      << "% interval</th><th class=\"num\">p (adj.)</th><th>result</th></tr>";
  for (const auto& m : c.metrics) {
    const std::string cls = outcome_class(m);
    const std::string interval = format_interval(m, c.options.confidence, " … ");
    out << "<tr><td>" << escape(m.scenario) << "</td><td>" << m.metric.label
        << "</td><td class=\"num\">" << format_metric(m.metric.id, m.baseline)
        << "</td><td class=\"num\">" << format_metric(m.metric.id, m.current)
        << "</td><td class=\"num " << cls << "\">" << format_change(m.change_pct)
        << "</td><td class=\"num\">" << interval << "</td><td class=\"num\">"
        << format_p(m.p_adjusted) << "</td><td class=\"" << cls << "\">" << to_string(m.outcome)
        << "</td></tr>";
  }
  out << "</table><p class=\"method\">" << escape(describe_method(c)) << "</p></div>";
  return out.str();
}

std::string config_line(const Scenario& s) {
  const auto& c = s.config;
  std::ostringstream out;
  if (!c.url.empty()) {
    out << escape(c.url) << " · ";
  }
  out << c.connections << " connections";
  if (c.pipelining > 1) {
    out << " × " << c.pipelining << " pipelined";
  }
  out << " · " << c.threads << (c.threads == 1 ? " thread" : " threads") << " · "
      << format_plain(c.duration_s) << " s × " << s.runs.size()
      << (s.runs.size() == 1 ? " run" : " runs");
  if (c.warmup_s > 0) {
    out << " (warm-up " << format_plain(c.warmup_s) << " s)";
  }
  out << " · " << (c.rate ? "open model, " + format_plain(*c.rate) + " req/s" : "closed model");
  return out.str();
}

const MetricResult* find_result(const Comparison* c, const std::string& scenario, MetricId id) {
  if (c == nullptr) {
    return nullptr;
  }
  for (const auto& m : c->metrics) {
    if (m.scenario == scenario && m.metric.id == id) {
      return &m;
    }
  }
  return nullptr;
}

std::string cards(const Scenario& s, const Comparison* c) {
  std::ostringstream out;
  out << "<div class=\"cards\">";
  for (const auto& spec : compared_metrics()) {
    std::vector<double> values;
    for (const auto& r : s.runs) {
      values.push_back(metric_value(r, spec.id));
    }
    out << "<div class=\"card\"><div class=\"label\">" << spec.label << " · median</div>"
        << "<div class=\"value\">" << format_metric(spec.id, median(values)) << "</div>";
    if (const MetricResult* m = find_result(c, s.name, spec.id)) {
      out << "<div class=\"delta " << outcome_class(*m) << "\">" << format_change(m->change_pct)
          << " · " << to_string(m->outcome) << "</div>";
    } else {
      const double lo = values.empty() ? 0 : *std::min_element(values.begin(), values.end());
      const double hi = values.empty() ? 0 : *std::max_element(values.begin(), values.end());
      out << "<div class=\"delta\">runs "
          << format_number(spec.id == MetricId::error_rate ? lo * 100 : lo) << " – "
          << format_number(spec.id == MetricId::error_rate ? hi * 100 : hi) << "</div>";
    }
    out << "</div>";
  }
  out << "</div>";
  return out.str();
}

std::string runs_table(const Scenario& s) {
  std::ostringstream out;
  out << "<figure class=\"chart\"><figcaption><b>Runs</b></figcaption><table><tr><th>#</th>"
         "<th class=\"num\">requests</th><th class=\"num\">req/s</th><th class=\"num\">p50 ms</th>"
         "<th class=\"num\">p90 ms</th><th class=\"num\">p99 ms</th>"
         "<th class=\"num\">p99.9 ms</th><th class=\"num\">max ms</th>"
         "<th class=\"num\">errors</th></tr>";
  for (std::size_t i = 0; i < s.runs.size(); ++i) {
    const auto& r = s.runs[i];
    const auto& l = r.latency_ms;
    out << "<tr><td>" << i + 1 << "</td><td class=\"num\">"
        << format_count(static_cast<double>(r.requests)) << "</td><td class=\"num\">"
        << format_count(r.rps) << "</td>";
    for (double v : {l.p50, l.p90, l.p99, l.p999, l.max}) {
      out << "<td class=\"num\">" << format_number(v) << "</td>";
    }
    out << "<td class=\"num\">" << format_count(static_cast<double>(r.errors.total()))
        << "</td></tr>";
  }
  out << "</table></figure>";
  return out.str();
}

std::string scenario_section(const Scenario& s, const HtmlReportInput& in) {
  std::vector<html::Side> sides{{&s, in.baseline ? "current" : s.name, kCurrentColour, false}};
  if (in.baseline) {
    if (const Scenario* b = in.baseline->find(s.name)) {
      sides.push_back({b, "baseline", kBaselineColour, true});
    }
  }
  std::ostringstream out;
  out << "<section><h2>" << escape(s.name) << "</h2><p class=\"config\">" << config_line(s)
      << "</p>" << cards(s, in.comparison) << "<div class=\"grid\">"
      << html::percentile_chart(sides) << html::histogram_chart(sides)
      << html::rps_timeline_chart(sides) << html::p99_timeline_chart(sides)
      << html::error_chart(sides) << runs_table(s) << "</div></section>";
  return out.str();
}

}  // namespace

std::string render_html_report(const HtmlReportInput& in) {
  std::ostringstream out;
  out << "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>Benchmark report · "
      << escape(in.current_name) << "</title><style>" << html::kReportCss
      << "</style></head><body><main>" << header(in);
  if (in.comparison != nullptr) {
    out << verdict_block(*in.comparison);
  }
  for (const auto& s : in.current->scenarios) {
    out << scenario_section(s, in);
  }
  out << "<footer>" << escape(in.current->tool.name) << " " << escape(in.current->tool.version)
      << " · results schema " << escape(in.current->schema)
      << " · percentiles from HDR histograms (3 significant "
         "digits)</footer></main></body></html>\n";
  return out.str();
}

}  // namespace travelctl::reports
