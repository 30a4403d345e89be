// Results model: figures from histograms, the median summary, and the JSON writer.
#include "travelctl/reports/results.hpp"

#include <algorithm>
#include <fstream>

namespace travelctl::reports {

namespace {

constexpr double kMsPerUs = 1e-3;

double us_to_ms(uint64_t us) { return static_cast<double>(us) * kMsPerUs; }

// Starts from the unknown fields read from a file so that writing back loses nothing.
nlohmann::json with_extra(const nlohmann::json& extra) {
  return extra.is_object() ? extra : nlohmann::json::object();
}

}  // namespace

LatencySummary latency_from_histogram(const Histogram& us) {
  LatencySummary l;
  if (us.count() == 0) {
    return l;
  }
  l.min = us_to_ms(us.min());
  l.mean = us.mean() * kMsPerUs;
  l.stdev = us.stdev() * kMsPerUs;
  l.p50 = us_to_ms(us.percentile(50));
  l.p75 = us_to_ms(us.percentile(75));
  l.p90 = us_to_ms(us.percentile(90));
  l.p99 = us_to_ms(us.percentile(99));
  l.p999 = us_to_ms(us.percentile(99.9));
  l.p9999 = us_to_ms(us.percentile(99.99));
  l.max = us_to_ms(us.max());
  return l;
}

uint64_t Errors::total() const {
  uint64_t n = failed();
  for (const auto& [code, count] : status) {
    n += count;
  }
  for (const auto& [kind, count] : other) {
    n += count;
  }
  return n;
}

double Run::error_rate() const {
  const uint64_t attempts = requests + errors.failed();
  return attempts == 0 ? 0.0 : static_cast<double>(errors.total()) / static_cast<double>(attempts);
}

const Scenario* Results::find(std::string_view name) const {
  for (const auto& s : scenarios) {
    if (s.name == name) {
      return &s;
    }
  }
  return nullptr;
}

double median(std::vector<double> values) {
  if (values.empty()) {
    return 0.0;
  }
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

Summary summarize(const std::vector<Run>& runs) {
  const auto med = [&runs](auto figure) {
    std::vector<double> v;
    v.reserve(runs.size());
    for (const auto& r : runs) {
      v.push_back(static_cast<double>(figure(r)));
    }
    return median(std::move(v));
  };
  Summary s;
  s.requests = med([](const Run& r) { return r.requests; });
  s.rps = med([](const Run& r) { return r.rps; });
  s.bytes_per_sec = med([](const Run& r) { return r.bytes_per_sec; });
  s.errors_total = med([](const Run& r) { return r.errors.total(); });
  s.error_rate = med([](const Run& r) { return r.error_rate(); });
  auto& l = s.latency_ms;
  l.min = med([](const Run& r) { return r.latency_ms.min; });
  l.mean = med([](const Run& r) { return r.latency_ms.mean; });
  l.stdev = med([](const Run& r) { return r.latency_ms.stdev; });
  l.p50 = med([](const Run& r) { return r.latency_ms.p50; });
  l.p75 = med([](const Run& r) { return r.latency_ms.p75; });
  l.p90 = med([](const Run& r) { return r.latency_ms.p90; });
  l.p99 = med([](const Run& r) { return r.latency_ms.p99; });
  l.p999 = med([](const Run& r) { return r.latency_ms.p999; });
  l.p9999 = med([](const Run& r) { return r.latency_ms.p9999; });
  l.max = med([](const Run& r) { return r.latency_ms.max; });
  return s;
}

nlohmann::json to_json(const LatencySummary& l) {
  return {{"min", l.min}, {"mean", l.mean}, {"stdev", l.stdev}, {"p50", l.p50},     {"p75", l.p75},
          {"p90", l.p90}, {"p99", l.p99},   {"p999", l.p999},   {"p9999", l.p9999}, {"max", l.max}};
}

nlohmann::json to_json(const Errors& e) {
  nlohmann::json status = nlohmann::json::object();
  for (const auto& [code, count] : e.status) {
    status[code] = count;
  }
  nlohmann::json j = {
      {"connect", e.connect}, {"timeout", e.timeout}, {"reset", e.reset}, {"status", status}};
  for (const auto& [kind, count] : e.other) {
    j[kind] = count;
  }
  return j;
}

namespace {

nlohmann::json to_json(const TimelinePoint& p) {
  auto j = with_extra(p.extra);
  j["t_s"] = p.t_s;
  j["requests"] = p.requests;
  j["errors"] = p.errors;
  j["p50_ms"] = p.p50_ms;
  j["p99_ms"] = p.p99_ms;
  return j;
}

nlohmann::json to_json(const ScenarioConfig& c) {
  auto j = with_extra(c.raw);
  j["url"] = c.url;
  j["connections"] = c.connections;
  j["pipelining"] = c.pipelining;
  j["duration_s"] = c.duration_s;
  j["warmup_s"] = c.warmup_s;
  j["rate"] = c.rate ? nlohmann::json(*c.rate) : nlohmann::json(nullptr);
  j["threads"] = c.threads;
  return j;
}

nlohmann::json to_json(const Summary& s) {
  auto j = with_extra(s.extra);
  j["requests"] = s.requests;
  j["rps"] = s.rps;
  j["bytes_per_sec"] = s.bytes_per_sec;
  j["latency_ms"] = to_json(s.latency_ms);
  j["errors_total"] = s.errors_total;
  j["error_rate"] = s.error_rate;
  return j;
}

}  // namespace

nlohmann::json to_json(const Run& r) {
  auto j = with_extra(r.extra);
  j["requests"] = r.requests;
  j["duration_s"] = r.duration_s;
  j["rps"] = r.rps;
  j["bytes_per_sec"] = r.bytes_per_sec;
  j["errors"] = to_json(r.errors);
  j["latency_ms"] = to_json(r.latency_ms);
  if (r.latency_uncorrected_ms) {
    j["latency_uncorrected_ms"] = to_json(*r.latency_uncorrected_ms);
  }
  if (r.behind_schedule) {
    j["behind_schedule"] = *r.behind_schedule;
  }
  if (r.histogram) {
    j["histogram"] = r.histogram->to_json();
  }
  auto timeline = nlohmann::json::array();
  for (const auto& p : r.timeline) {
    timeline.push_back(to_json(p));
  }
  j["timeline"] = std::move(timeline);
  return j;
}

nlohmann::json to_json(const Scenario& s) {
  auto j = with_extra(s.extra);
  j["name"] = s.name;
  j["config"] = to_json(s.config);
  auto runs = nlohmann::json::array();
  for (const auto& r : s.runs) {
    runs.push_back(to_json(r));
  }
  j["runs"] = std::move(runs);
  j["summary"] = to_json(s.summary);
  return j;
}

nlohmann::json to_json(const Results& r) {
  auto j = with_extra(r.extra);
  j["schema"] = r.schema;
  j["tool"] = {{"name", r.tool.name}, {"version", r.tool.version}};
  j["started_at"] = r.started_at;
  j["host"] = {{"cpu", r.host.cpu}, {"cores", r.host.cores}, {"os", r.host.os}};
  auto scenarios = nlohmann::json::array();
  for (const auto& s : r.scenarios) {
    scenarios.push_back(to_json(s));
  }
  j["scenarios"] = std::move(scenarios);
  return j;
}

std::optional<std::string> write_results_file(const std::string& path, const Results& results) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    return "cannot open " + path + " for writing";
  }
  out << to_json(results).dump(2) << '\n';
  out.close();
  if (!out) {
    return "cannot write " + path;
  }
  return std::nullopt;
}

}  // namespace travelctl::reports
