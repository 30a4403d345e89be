// Reads "travelctl.bench/v1" files: every problem with its JSON path, unknown fields kept.
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "travelctl/reports/results.hpp"

namespace travelctl::reports {

namespace {

using nlohmann::json;

std::string type_name(const json& j) {
  if (j.is_number()) {
    return "a number";
  }
  if (j.is_boolean()) {
    return "a boolean";
  }
  if (j.is_null()) {
    return "null";
  }
  return std::string("a") + (j.is_object() || j.is_array() ? "n " : " ") + j.type_name();
}

// Walks a document, collecting problems instead of stopping at the first one.
class Walker {
 public:
  std::vector<Problem> problems;

  void fail(const std::string& path, std::string reason) {
    problems.push_back({path, std::move(reason)});
  }

  // The member `key` of `obj`, or nullptr (a problem when required).
  const json* member(const json& obj, const std::string& path, const char* key, bool required) {
    const auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) {
        fail(path + "." + key, "missing");
      }
      return nullptr;
    }
    return &*it;
  }

  const json* object(const json& obj, const std::string& path, const char* key, bool required) {
    const json* v = member(obj, path, key, required);
    if (v != nullptr && !v->is_object()) {
      fail(path + "." + key, "expected an object, found " + type_name(*v));
      return nullptr;
    }
    return v;
  }

  const json* array(const json& obj, const std::string& path, const char* key, bool required) {
    const json* v = member(obj, path, key, required);
    if (v != nullptr && !v->is_array()) {
      fail(path + "." + key, "expected an array, found " + type_name(*v));
      return nullptr;
    }
    return v;
  }

  void string(const json& obj, const std::string& path, const char* key, std::string& out,
              bool required = true) {
    const json* v = member(obj, path, key, required);
    if (v == nullptr) {
      return;
    }
    if (!v->is_string()) {
      fail(path + "." + key, "expected a string, found " + type_name(*v));
      return;
    }
    out = v->get<std::string>();
  }

  // A finite number >= 0.
  void number(const json& obj, const std::string& path, const char* key, double& out,
              bool required = true) {
    const json* v = member(obj, path, key, required);
    if (v == nullptr) {
      return;
    }
    number_value(*v, path + "." + key, out);
  }

  void number_value(const json& v, const std::string& path, double& out) {
    if (!v.is_number()) {
      fail(path, "expected a number, found " + type_name(v));
      return;
    }
    const double d = v.get<double>();
    if (!std::isfinite(d) || d < 0) {
      fail(path, "expected a number >= 0, found " + v.dump());
      return;
    }
    out = d;
  }

  // A whole number >= 0 (written as an integer, or a float with no fraction).
  void count(const json& obj, const std::string& path, const char* key, uint64_t& out,
             bool required = true) {
    const json* v = member(obj, path, key, required);
    if (v == nullptr) {
      return;
    }
    count_value(*v, path + "." + key, out);
  }

  void count_value(const json& v, const std::string& path, uint64_t& out) {
    if (v.is_number_unsigned() || (v.is_number_integer() && v.get<int64_t>() >= 0)) {
      out = v.get<uint64_t>();
    } else if (v.is_number_integer() || (v.is_number_float() && v.get<double>() < 0)) {
      fail(path, "expected a count >= 0, found " + v.dump());
    } else if (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>() &&
               v.get<double>() < 1.8e19) {
      out = static_cast<uint64_t>(v.get<double>());
    } else {
      fail(path, "expected a whole number, found " + (v.is_number() ? v.dump() : type_name(v)));
    }
  }

  void integer(const json& obj, const std::string& path, const char* key, int& out) {
    const json* v = member(obj, path, key, false);
    if (v == nullptr) {
      return;
    }
    uint64_t n = 0;
    const std::size_t before = problems.size();
    count_value(*v, path + "." + key, n);
    if (problems.size() == before) {
      out = static_cast<int>(std::min<uint64_t>(n, 1'000'000'000));
    }
  }
};

// The fields of `j` that this version does not read, kept so that a rewrite loses nothing.
json unknown_fields(const json& j, std::initializer_list<const char*> known) {
  json extra = json::object();
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool is_known = false;
    for (const char* k : known) {
      is_known = is_known || it.key() == k;
    }
    if (!is_known) {
      extra[it.key()] = it.value();
    }
  }
  return extra;
}

void read_latency(Walker& w, const json& obj, const std::string& path, const char* key,
                  LatencySummary& l, bool required) {
  const json* j = w.object(obj, path, key, required);
  if (j == nullptr) {
    return;
  }
  const std::string p = path + "." + key;
  w.number(*j, p, "min", l.min);
  w.number(*j, p, "mean", l.mean);
  w.number(*j, p, "stdev", l.stdev);
  w.number(*j, p, "p50", l.p50);
  w.number(*j, p, "p75", l.p75);
  w.number(*j, p, "p90", l.p90);
  w.number(*j, p, "p99", l.p99);
  w.number(*j, p, "p999", l.p999);
  w.number(*j, p, "p9999", l.p9999);
  w.number(*j, p, "max", l.max);
}

void read_errors(Walker& w, const json& run, const std::string& path, Errors& e) {
  const json* j = w.object(run, path, "errors", true);
  if (j == nullptr) {
    return;
  }
  const std::string p = path + ".errors";
  w.count(*j, p, "connect", e.connect);
  w.count(*j, p, "timeout", e.timeout);
  w.count(*j, p, "reset", e.reset);
  if (const json* status = w.object(*j, p, "status", false)) {
    for (auto it = status->begin(); it != status->end(); ++it) {
      w.count_value(it.value(), p + ".status." + it.key(), e.status[it.key()]);
    }
  }
  for (auto it = j->begin(); it != j->end(); ++it) {
    const std::string& k = it.key();
    if (k != "connect" && k != "timeout" && k != "reset" && k != "status") {
      w.count_value(it.value(), p + "." + k, e.other[k]);
    }
  }
}

void read_timeline(Walker& w, const json& run, const std::string& path, Run& r) {
  const json* tl = w.array(run, path, "timeline", false);
  if (tl == nullptr) {
    return;
  }
  for (std::size_t i = 0; i < tl->size(); ++i) {
    const std::string p = path + ".timeline[" + std::to_string(i) + "]";
    const json& j = (*tl)[i];
    if (!j.is_object()) {
      w.fail(p, "expected an object, found " + type_name(j));
      continue;
    }
    TimelinePoint t;
    w.number(j, p, "t_s", t.t_s);
    w.count(j, p, "requests", t.requests);
    w.count(j, p, "errors", t.errors, false);
    w.number(j, p, "p50_ms", t.p50_ms, false);
    w.number(j, p, "p99_ms", t.p99_ms, false);
    t.extra = unknown_fields(j, {"t_s", "requests", "errors", "p50_ms", "p99_ms"});
    r.timeline.push_back(std::move(t));
  }
}

void read_run(Walker& w, const json& j, const std::string& p, Run& r) {
  w.count(j, p, "requests", r.requests);
  w.number(j, p, "duration_s", r.duration_s);
  w.number(j, p, "rps", r.rps);
  w.number(j, p, "bytes_per_sec", r.bytes_per_sec);
  read_errors(w, j, p, r.errors);
  read_latency(w, j, p, "latency_ms", r.latency_ms, true);
  if (j.contains("latency_uncorrected_ms")) {
    r.latency_uncorrected_ms.emplace();
    read_latency(w, j, p, "latency_uncorrected_ms", *r.latency_uncorrected_ms, true);
  }
  if (j.contains("behind_schedule")) {
    r.behind_schedule.emplace();
    w.count(j, p, "behind_schedule", *r.behind_schedule);
  }
  if (const json* h = w.member(j, p, "histogram", false)) {
    try {
      r.histogram = Histogram::from_json(*h);
    } catch (const std::exception& e) {
      w.fail(p + ".histogram", e.what());
    }
  }
  read_timeline(w, j, p, r);
  r.extra =
      unknown_fields(j, {"requests", "duration_s", "rps", "bytes_per_sec", "errors", "latency_ms",
                         "latency_uncorrected_ms", "behind_schedule", "histogram", "timeline"});
}

void read_config(Walker& w, const json& scenario, const std::string& path, ScenarioConfig& c) {
  const json* j = w.object(scenario, path, "config", true);
  if (j == nullptr) {
    return;
  }
  const std::string p = path + ".config";
  c.raw = *j;
  w.string(*j, p, "url", c.url, false);
  w.integer(*j, p, "connections", c.connections);
  w.integer(*j, p, "pipelining", c.pipelining);
  w.number(*j, p, "duration_s", c.duration_s, false);
  w.number(*j, p, "warmup_s", c.warmup_s, false);
  w.integer(*j, p, "threads", c.threads);
  if (const json* rate = w.member(*j, p, "rate", false); rate != nullptr && !rate->is_null()) {
    double r = 0;
    w.number_value(*rate, p + ".rate", r);
    c.rate = r;
  }
}

void read_scenario(Walker& w, const json& j, const std::string& p, Scenario& s) {
  w.string(j, p, "name", s.name);
  read_config(w, j, p, s.config);
  if (const json* runs = w.array(j, p, "runs", true)) {
    for (std::size_t i = 0; i < runs->size(); ++i) {
      const std::string rp = p + ".runs[" + std::to_string(i) + "]";
      if (!(*runs)[i].is_object()) {
        w.fail(rp, "expected an object, found " + type_name((*runs)[i]));
        continue;
      }
      s.runs.emplace_back();
      read_run(w, (*runs)[i], rp, s.runs.back());
    }
  }
  // The summary is derived data: recomputed from the runs so that it cannot disagree with them.
  s.summary = summarize(s.runs);
  if (const json* summary = w.object(j, p, "summary", false)) {
    s.summary.extra = unknown_fields(
        *summary, {"requests", "rps", "bytes_per_sec", "latency_ms", "errors_total", "error_rate"});
  }
  s.extra = unknown_fields(j, {"name", "config", "runs", "summary"});
}

// A missing or different schema is the one problem worth reporting: the rest would be noise.
std::optional<std::string> schema_problem(const json& j) {
  const auto it = j.find("schema");
  if (it == j.end()) {
    return "missing: not a travelctl results file (expected \"" + std::string(kBenchSchema) +
           "\", as written by `travelctl bench run --out`)";
  }
  if (!it->is_string()) {
    return "expected the string \"" + std::string(kBenchSchema) + "\", found " + type_name(*it);
  }
  const auto schema = it->get<std::string>();
  if (schema == kBenchSchema) {
    return std::nullopt;
  }
  std::string why = "\"" + schema + "\" is not supported: this travelctl reads \"" +
                    std::string(kBenchSchema) + "\"";
  if (schema.rfind("travelctl.bench/", 0) == 0) {
    why += " (the file was written by a different version of travelctl)";
  } else if (schema.rfind("travelctl.", 0) == 0) {
    why += " (this is a different kind of travelctl file, not bench results)";
  }
  return why;
}

}  // namespace

std::string ReadError::message() const {
  std::ostringstream out;
  for (std::size_t i = 0; i < problems.size(); ++i) {
    out << (i ? "\n" : "") << source << ": " << problems[i].path << ": " << problems[i].reason;
  }
  return out.str();
}

Expected<Results, ReadError> results_from_json(const nlohmann::json& j, std::string_view source) {
  ReadError err{ReadError::Kind::invalid, std::string(source), {}};
  if (!j.is_object()) {
    err.kind = ReadError::Kind::schema;
    err.problems.push_back(
        {"$", "expected a JSON object (travelctl.bench/v1 results), found " + type_name(j)});
    return unexpected(std::move(err));
  }
  if (auto why = schema_problem(j)) {
    err.kind = ReadError::Kind::schema;
    err.problems.push_back({"$.schema", std::move(*why)});
    return unexpected(std::move(err));
  }
  Walker w;
  Results r;
  if (const json* tool = w.object(j, "$", "tool", true)) {
    w.string(*tool, "$.tool", "name", r.tool.name);
    w.string(*tool, "$.tool", "version", r.tool.version);
  }
  w.string(j, "$", "started_at", r.started_at);
  if (const json* host = w.object(j, "$", "host", true)) {
    w.string(*host, "$.host", "cpu", r.host.cpu);
    w.integer(*host, "$.host", "cores", r.host.cores);
    w.string(*host, "$.host", "os", r.host.os);
  }
  if (const json* scenarios = w.array(j, "$", "scenarios", true)) {
    if (scenarios->empty()) {
      w.fail("$.scenarios", "empty: the file holds no scenario");
    }
    std::set<std::string> names;
    for (std::size_t i = 0; i < scenarios->size(); ++i) {
      const std::string p = "$.scenarios[" + std::to_string(i) + "]";
      if (!(*scenarios)[i].is_object()) {
        w.fail(p, "expected an object, found " + type_name((*scenarios)[i]));
        continue;
      }
      Scenario s;
      read_scenario(w, (*scenarios)[i], p, s);
      if (!names.insert(s.name).second) {
        w.fail(p + ".name", "\"" + s.name + "\" appears twice: scenario names must be unique");
      }
      r.scenarios.push_back(std::move(s));
    }
  }
  r.extra = unknown_fields(j, {"schema", "tool", "started_at", "host", "scenarios"});
  if (!w.problems.empty()) {
    err.problems = std::move(w.problems);
    return unexpected(std::move(err));
  }
  return r;
}

Expected<Results, ReadError> parse_results(std::string_view text, std::string_view source) {
  try {
    return results_from_json(json::parse(text), source);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    // Drop nlohmann's "[json.exception.parse_error.101] " prefix: people need the position.
    if (const auto close = what.find("] ");
        what.rfind("[json.exception", 0) == 0 && close != std::string::npos) {
      what = what.substr(close + 2);
    }
    return unexpected(ReadError{
        ReadError::Kind::syntax, std::string(source), {{"$", "not valid JSON: " + what}}});
  }
}

Expected<Results, ReadError> read_results_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return unexpected(ReadError{ReadError::Kind::io, path, {{"$", "is a directory, not a file"}}});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    return unexpected(ReadError{
        ReadError::Kind::io, path, {{"$", std::string("cannot open: ") + std::strerror(err)}}});
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return unexpected(ReadError{ReadError::Kind::io, path, {{"$", "cannot read the file"}}});
  }
  return parse_results(text.str(), path);
}

}  // namespace travelctl::reports
