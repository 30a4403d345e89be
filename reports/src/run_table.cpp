// Renders bench results as autocannon-style text tables or Markdown.
#include "travelctl/reports/run_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "travelctl/reports/text_table.hpp"

namespace travelctl::reports {

namespace {

using Row = TableRow;

std::string printf_string(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::string grouped(uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string s;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      s.push_back(',');
    }
    s.push_back(digits[i]);
  }
  return s;
}

// Three significant digits or so, without scientific notation.
std::string number(double v) {
  const double a = std::fabs(v);
  if (a >= 1000) {
    return (v < 0 ? "-" : "") + grouped(static_cast<uint64_t>(std::llround(a)));
  }
  if (a >= 100) {
    return printf_string("%.1f", v);
  }
  if (a >= 10) {
    return printf_string("%.2f", v);
  }
  return printf_string("%.3f", v);
}

// Medians of counts are whole unless the number of runs is even.
std::string count_or_number(double v) {
  return v == std::floor(v) && v >= 0 ? grouped(static_cast<uint64_t>(v)) : number(v);
}

std::string bytes(double v) {
  static const char* units[] = {"B", "kB", "MB", "GB", "TB"};
  int u = 0;
  while (v >= 1000 && u < 4) {
    v /= 1000;
    ++u;
  }
  return printf_string(u == 0 ? "%.0f" : "%.1f", v) + " " + units[u];
}

std::string seconds(double s) {
  if (s >= 60 && std::fmod(s, 60) < 0.05) {
    return printf_string("%.0fm", s / 60);
  }
  return printf_string(s == std::floor(s) ? "%.0fs" : "%.2fs", s);
}

// Per-second samples of the timeline: nearest-rank percentiles, mean, stdev, min.
struct Samples {
  std::vector<double> v;
  double pct(double p) const {
    if (v.empty()) {
      return 0;
    }
    const auto rank =
        static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
    return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
  }
  double mean() const {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.empty() ? 0 : s / static_cast<double>(v.size());
  }
  double stdev() const {
    const double m = mean();
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return v.empty() ? 0 : std::sqrt(s / static_cast<double>(v.size()));
  }
};

Samples per_second(const Run& run, bool bytes_instead) {
  Samples s;
  for (const auto& p : run.timeline) {
    if (bytes_instead) {
      s.v.push_back(p.extra.value("bytes", 0.0));
    } else {
      s.v.push_back(static_cast<double>(p.requests));
    }
  }
  std::sort(s.v.begin(), s.v.end());
  return s;
}

Row latency_row(const std::string& label, const LatencySummary& l) {
  return {label,         number(l.p50),  number(l.p75),   number(l.p90),
          number(l.p99), number(l.p999), number(l.p9999), number(l.max),
          number(l.min), number(l.mean), number(l.stdev)};
}

const Row kLatencyHeader = {"Latency (ms)", "p50", "p75", "p90",  "p99",  "p99.9",
                            "p99.99",       "max", "min", "mean", "stdev"};
const Row kThroughputHeader = {"Stat", "1%", "2.5%", "50%", "97.5%", "Avg", "Stdev", "Min"};

Row throughput_row(const std::string& label, const Samples& s, bool as_bytes) {
  auto f = [&](double v) {
    return as_bytes ? bytes(v) : grouped(static_cast<uint64_t>(std::llround(v)));
  };
  return {label,          f(s.pct(1)), f(s.pct(2.5)), f(s.pct(50)),
          f(s.pct(97.5)), f(s.mean()), f(s.stdev()),  s.v.empty() ? f(0) : f(s.v.front())};
}

std::string config_line(const Scenario& s) {
  const auto& c = s.config;
  std::string line = c.url + " · " + std::to_string(c.connections) + " connection" +
                     (c.connections == 1 ? "" : "s");
  if (c.pipelining > 1) {
    line += " × " + std::to_string(c.pipelining) + " pipelined";
  }
  line += ", " + std::to_string(c.threads) + " thread" + (c.threads == 1 ? "" : "s");
  if (c.rate) {
    line += ", open model at " + grouped(static_cast<uint64_t>(*c.rate)) + " req/s";
  }
  if (c.raw.contains("requests") && c.raw["requests"].is_number_unsigned()) {
    line += ", " + grouped(c.raw["requests"].get<uint64_t>()) + " requests";
  } else {
    line += ", " + seconds(c.duration_s);
  }
  if (c.warmup_s > 0) {
    line += " (+" + seconds(c.warmup_s) + " warm-up)";
  }
  return line;
}

std::string errors_line(const Run& r) {
  const uint64_t total = r.errors.total();
  if (total == 0) {
    return "errors: none";
  }
  std::string parts;
  auto add = [&](const std::string& name, uint64_t n) {
    if (n > 0) {
      parts += (parts.empty() ? "" : ", ") + name + " " + grouped(n);
    }
  };
  add("connect", r.errors.connect);
  add("timeout", r.errors.timeout);
  add("reset", r.errors.reset);
  for (const auto& [kind, n] : r.errors.other) {
    add(kind, n);
  }
  for (const auto& [code, n] : r.errors.status) {
    add("HTTP " + code, n);
  }
  std::string line = "errors: " + grouped(total) + " (" + parts + ")";
  const std::string why = r.extra.value("first_connect_error", std::string());
  if (!why.empty()) {
    line += "; first connect error: " + why;
  }
  return line;
}

// Totals, errors, open-model schedule, generator cost and warnings, one per line.
std::vector<std::string> facts(const Run& r, const ScenarioConfig& c) {
  std::vector<std::string> lines;
  const double read = r.bytes_per_sec * r.duration_s;
  lines.push_back(grouped(r.requests) + " requests in " + printf_string("%.2fs", r.duration_s) +
                  " (" + grouped(static_cast<uint64_t>(std::llround(r.rps))) + " req/s), " +
                  bytes(read) + " read (" + bytes(r.bytes_per_sec) + "/s)");
  lines.push_back(errors_line(r));
  if (r.extra.contains("sequences")) {
    const auto& q = r.extra["sequences"];
    const uint64_t done = q.value("completed", uint64_t{0});
    lines.push_back("sequences: " + grouped(done) + " completed (" +
                    number(r.duration_s > 0 ? static_cast<double>(done) / r.duration_s : 0) +
                    "/s), " + grouped(q.value("aborted", uint64_t{0})) + " ended early");
  }
  if (c.rate) {
    const uint64_t sends = r.extra.value("sends", uint64_t{0});
    lines.push_back("open model: " + grouped(static_cast<uint64_t>(*c.rate)) + " req/s asked, " +
                    grouped(sends) + " sent, " + grouped(r.behind_schedule.value_or(0)) +
                    " more than 1 ms behind schedule; latency above is from the intended send "
                    "time (corrected)");
  }
  if (r.extra.contains("generator")) {
    const auto& g = r.extra["generator"];
    lines.push_back(
        "generator: " + printf_string("%.2fs", g.value("cpu_user_s", 0.0)) + " user + " +
        printf_string("%.2fs", g.value("cpu_system_s", 0.0)) + " system CPU, busiest thread " +
        printf_string("%.0f%%", g.value("busiest_thread_cpu_percent", 0.0)) +
        " busy, max loop lag " + printf_string("%.1f ms", g.value("loop_lag_max_ms", 0.0)) + ", " +
        grouped(g.value("connections_opened", uint64_t{0})) + " connections opened");
  }
  for (const auto& w : r.extra.value("warnings", nlohmann::json::array())) {
    if (w.is_string()) {
      lines.push_back("warning: " + w.get<std::string>());
    }
  }
  return lines;
}

std::vector<Row> latency_rows(const Run& r) {
  std::vector<Row> rows = {kLatencyHeader};
  if (r.latency_uncorrected_ms) {
    rows.push_back(latency_row("corrected", r.latency_ms));
    rows.push_back(latency_row("uncorrected", *r.latency_uncorrected_ms));
  } else {
    rows.push_back(latency_row("latency", r.latency_ms));
  }
  return rows;
}

std::vector<Row> throughput_rows(const Run& r) {
  return {kThroughputHeader, throughput_row("Req/Sec", per_second(r, false), false),
          throughput_row("Bytes/Sec", per_second(r, true), true)};
}

// Per-request figures of a scenario with several requests (empty otherwise).
std::vector<Row> step_rows(const Run& r) {
  std::vector<Row> rows;
  const auto steps = r.extra.value("steps", nlohmann::json::array());
  if (!steps.is_array() || steps.empty()) {
    return rows;
  }
  rows.push_back({"Request", "count", "errors", "p50 (ms)", "p99 (ms)", "max (ms)"});
  for (const auto& st : steps) {
    rows.push_back({st.value("name", std::string("?")), grouped(st.value("requests", uint64_t{0})),
                    grouped(st.value("errors", uint64_t{0})), number(st.value("p50_ms", 0.0)),
                    number(st.value("p99_ms", 0.0)), number(st.value("max_ms", 0.0))});
  }
  return rows;
}

}  // namespace

std::string render_summary_line(const Scenario& s) {
  const auto& m = s.summary;
  return "summary (median of " + std::to_string(s.runs.size()) +
         " runs): " + grouped(static_cast<uint64_t>(std::llround(m.rps))) + " req/s, p50 " +
         number(m.latency_ms.p50) + " ms, p99 " + number(m.latency_ms.p99) + " ms, errors " +
         count_or_number(m.errors_total);
}

std::string render_run_table(const Scenario& s, std::size_t i) {
  const Run& r = s.runs.at(i);
  std::string out = s.name;
  if (s.runs.size() > 1 || i > 0) {
    out += " · run " + std::to_string(i + 1);
  }
  out += " · " + config_line(s) + "\n";
  out += box_table(latency_rows(r));
  out += box_table(throughput_rows(r));
  if (const auto steps = step_rows(r); !steps.empty()) {
    out += box_table(steps);
  }
  out += "Req/Sec and Bytes/Sec: per second of the run (" + std::to_string(r.timeline.size()) +
         (r.timeline.size() == 1 ? " sample)\n\n" : " samples)\n\n");
  for (const auto& line : facts(r, s.config)) {
    out += line + "\n";
  }
  return out;
}

std::string render_run_table(const Results& results) {
  std::string out;
  for (const auto& s : results.scenarios) {
    for (std::size_t i = 0; i < s.runs.size(); ++i) {
      out += render_run_table(s, i) + "\n";
    }
    if (s.runs.size() > 1) {
      out += render_summary_line(s) + "\n\n";
    }
  }
  return out;
}

std::string render_run_markdown(const Results& results) {
  std::string out = "## Benchmark results\n\n";
  out += "travelctl " + results.tool.version + " · " + results.started_at + " · " +
         results.host.cpu + ", " + std::to_string(results.host.cores) + " cores, " +
         results.host.os + "\n\n";
  if (results.scenarios.size() > 1) {
    std::vector<Row> rows = {{"scenario", "runs", "req/s", "p50 (ms)", "p99 (ms)", "errors"}};
    for (const auto& s : results.scenarios) {
      rows.push_back({s.name, std::to_string(s.runs.size()),
                      grouped(static_cast<uint64_t>(std::llround(s.summary.rps))),
                      number(s.summary.latency_ms.p50), number(s.summary.latency_ms.p99),
                      count_or_number(s.summary.errors_total)});
    }
    out += markdown_table(rows) + "\n";
  }
  for (const auto& s : results.scenarios) {
    for (std::size_t i = 0; i < s.runs.size(); ++i) {
      const Run& r = s.runs[i];
      out += "### " + s.name + (s.runs.size() > 1 ? " · run " + std::to_string(i + 1) : "") +
             "\n\n`" + config_line(s) + "`\n\n";
      out += markdown_table(latency_rows(r)) + "\n";
      out += markdown_table(throughput_rows(r)) + "\n";
      if (const auto steps = step_rows(r); !steps.empty()) {
        out += markdown_table(steps) + "\n";
      }
      for (const auto& line : facts(r, s.config)) {
        out += "- " + line + "\n";
      }
      out += "\n";
    }
    if (s.runs.size() > 1) {
      out += "**" + render_summary_line(s) + "**\n\n";
    }
  }
  return out;
}

}  // namespace travelctl::reports
