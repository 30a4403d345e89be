// RunStats and RunOptions -> reports::Run and reports::ScenarioConfig.
#include "travelctl/bench/results_builder.hpp"

namespace travelctl::bench {

namespace {

double seconds(std::chrono::microseconds d) { return static_cast<double>(d.count()) / 1e6; }

}  // namespace

reports::Run to_results_run(const RunStats& s) {
  reports::Run r;
  r.requests = s.requests;
  r.duration_s = s.duration_s;
  r.rps = s.rps();
  r.bytes_per_sec = s.bytes_per_sec();
  r.errors.connect = s.errors.connect;
  r.errors.timeout = s.errors.timeout;
  r.errors.reset = s.errors.reset;
  for (const auto& [code, n] : s.errors.status) {
    r.errors.status[std::to_string(code)] = n;
  }
  if (s.errors.protocol > 0) {
    r.errors.other["protocol"] = s.errors.protocol;
  }
  if (s.errors.unexpected > 0) {
    r.errors.other["unexpected"] = s.errors.unexpected;
  }
  r.latency_ms = reports::latency_from_histogram(s.latency);
  r.histogram = s.latency;
  if (s.latency_uncorrected) {
    r.latency_uncorrected_ms = reports::latency_from_histogram(*s.latency_uncorrected);
    r.extra["histogram_uncorrected"] = s.latency_uncorrected->to_json();
  }
  if (s.target_rate) {
    r.behind_schedule = s.late_sends;
    r.extra["sends"] = s.sends;
  }
  for (const auto& p : s.timeline) {
    reports::TimelinePoint t;
    t.t_s = p.t_s;
    t.requests = p.requests;
    t.errors = p.errors;
    t.p50_ms = p.p50_ms;
    t.p99_ms = p.p99_ms;
    t.extra["bytes"] = p.bytes;
    r.timeline.push_back(std::move(t));
  }
  if (s.has_sequences) {
    r.extra["sequences"] = {{"completed", s.sequences_completed}, {"aborted", s.sequences_aborted}};
  }
  if (!s.steps.empty()) {
    auto& steps = r.extra["steps"] = nlohmann::json::array();
    for (const auto& st : s.steps) {
      steps.push_back({{"name", st.name},
                       {"requests", st.requests},
                       {"errors", st.errors},
                       {"p50_ms", static_cast<double>(st.latency.percentile(50)) / 1000},
                       {"p99_ms", static_cast<double>(st.latency.percentile(99)) / 1000},
                       {"max_ms", static_cast<double>(st.latency.max()) / 1000}});
    }
  }
  r.extra["generator"] = {{"cpu_user_s", s.cpu_user_s},
                          {"cpu_system_s", s.cpu_system_s},
                          {"busiest_thread_cpu_percent", s.cpu_percent_max_thread},
                          {"loop_lag_max_ms", s.loop_lag_max_ms},
                          {"connections_opened", s.connections_opened}};
  if (!s.errors.first_connect_error.empty()) {
    r.extra["first_connect_error"] = s.errors.first_connect_error;
  }
  if (!s.warnings.empty()) {
    r.extra["warnings"] = s.warnings;
  }
  return r;
}

reports::ScenarioConfig to_results_config(const RunOptions& o, const std::string& target,
                                          const std::string& scenario_file) {
  reports::ScenarioConfig c;
  c.url = target;
  c.connections = static_cast<int>(o.connections);
  c.pipelining = static_cast<int>(o.pipelining);
  c.threads = static_cast<int>(o.threads);
  c.duration_s = o.requests ? 0 : seconds(o.duration);
  c.warmup_s = seconds(o.warmup);
  c.rate = o.rate;
  c.raw["timeout_s"] = seconds(o.timeout);
  c.raw["connect_timeout_s"] = seconds(o.connect_timeout);
  c.raw["seed"] = o.seed;
  if (o.requests) {
    c.raw["requests"] = *o.requests;
  }
  if (!scenario_file.empty()) {
    c.raw["scenario_file"] = scenario_file;
  }
  return c;
}

}  // namespace travelctl::bench
