// Lossless merge of results files: exact histogram sums, counts added, timelines aligned by t_s.
#include "travelctl/reports/merge.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <optional>
#include <map>
#include <set>

namespace travelctl::reports {

namespace {

std::string label(const std::vector<std::string>& names, std::size_t i) {
  return i < names.size() ? names[i] : "input " + std::to_string(i + 1);
}

void add_errors(Errors& into, const Errors& e) {
  into.connect += e.connect;
  into.timeout += e.timeout;
  into.reset += e.reset;
  for (const auto& [code, n] : e.status) {
    into.status[code] += n;
  }
  for (const auto& [kind, n] : e.other) {
    into.other[kind] += n;
  }
}

// Slices of all inputs keyed by t_s in milliseconds (robust to float formatting).
std::vector<TimelinePoint> merge_timelines(const std::vector<const Run*>& runs) {
  struct Acc {
    TimelinePoint p;
    double weighted_p50 = 0;
  };
  std::map<long long, Acc> slices;
  for (const Run* r : runs) {
    for (const auto& t : r->timeline) {
      auto& a = slices[std::llround(t.t_s * 1000.0)];
      if (a.p.requests == 0 && a.p.errors == 0 && a.p.t_s == 0) {
        a.p.t_s = t.t_s;
        a.p.extra = t.extra;
      }
      a.p.requests += t.requests;
      a.p.errors += t.errors;
      a.weighted_p50 += t.p50_ms * static_cast<double>(t.requests);
      a.p.p99_ms = std::max(a.p.p99_ms, t.p99_ms);
    }
  }
  std::vector<TimelinePoint> out;
  for (auto& [key, a] : slices) {
    a.p.p50_ms = a.p.requests ? a.weighted_p50 / static_cast<double>(a.p.requests) : 0.0;
    out.push_back(std::move(a.p));
  }
  return out;
}

Run merge_runs(const std::vector<const Run*>& runs) {
  Run m;
  m.extra = runs.front()->extra;
  m.histogram = *runs.front()->histogram;
  m.histogram->reset();
  for (const Run* r : runs) {
    m.requests += r->requests;
    m.duration_s = std::max(m.duration_s, r->duration_s);
    m.rps += r->rps;
    m.bytes_per_sec += r->bytes_per_sec;
    add_errors(m.errors, r->errors);
    if (r->behind_schedule) {
      m.behind_schedule = m.behind_schedule.value_or(0) + *r->behind_schedule;
    }
    m.histogram->merge(*r->histogram);
  }
  m.latency_ms = latency_from_histogram(*m.histogram);
  m.timeline = merge_timelines(runs);
  return m;
}

ScenarioConfig merge_configs(const std::vector<const Scenario*>& parts) {
  ScenarioConfig c = parts.front()->config;
  bool all_rates = c.rate.has_value();
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const auto& o = parts[i]->config;
    c.connections += o.connections;
    c.threads += o.threads;
    all_rates = all_rates && o.rate.has_value();
    if (c.rate && o.rate) {
      *c.rate += *o.rate;
    }
  }
  if (!all_rates) {
    c.rate.reset();
  }
  return c;
}

// Seconds since the epoch of an ISO 8601 UTC `started_at` (`2026-11-22T10:00:00Z`), if it is one.
std::optional<double> epoch_seconds(const std::string& iso) {
  std::tm tm{};
  if (iso.size() < 20 || ::strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) {
    return std::nullopt;
  }
  return static_cast<double>(::timegm(&tm));
}

// The measured seconds of every run of every scenario of a results file.
double total_seconds(const Results& r) {
  double total = 0;
  for (const auto& s : r.scenarios) {
    for (const auto& run : s.runs) {
      total += run.duration_s;
    }
  }
  return total;
}

void check_inputs(const std::vector<Results>& in, const std::vector<std::string>& names,
                  std::vector<std::string>& reasons) {
  const Results& first = in.front();
  for (std::size_t i = 1; i < in.size(); ++i) {
    for (const auto& s : first.scenarios) {
      const Scenario* o = in[i].find(s.name);
      if (o == nullptr) {
        reasons.push_back(label(names, i) + ": no scenario \"" + s.name + "\" (it is in " +
                          label(names, 0) + ")");
      } else if (o->runs.size() != s.runs.size()) {
        reasons.push_back(label(names, i) + ": scenario " + s.name + " has " +
                          std::to_string(o->runs.size()) + " runs, " + label(names, 0) + " has " +
                          std::to_string(s.runs.size()));
      }
    }
    for (const auto& s : in[i].scenarios) {
      if (first.find(s.name) == nullptr) {
        reasons.push_back(label(names, i) + ": scenario \"" + s.name + "\" is not in " +
                          label(names, 0));
      }
    }
  }
  for (std::size_t i = 0; i < in.size(); ++i) {
    for (const auto& s : in[i].scenarios) {
      for (std::size_t r = 0; r < s.runs.size(); ++r) {
        const auto& h = s.runs[r].histogram;
        const std::string where =
            label(names, i) + ": scenario " + s.name + " run " + std::to_string(r + 1);
        if (!h) {
          reasons.push_back(where + " has no histogram: percentiles cannot be merged exactly");
        } else if (const Scenario* f = first.find(s.name); f != nullptr && r < f->runs.size() &&
                                                           f->runs[r].histogram &&
                                                           !h->same_layout(*f->runs[r].histogram)) {
          reasons.push_back(where + ": histogram layout differs from " + label(names, 0));
        }
      }
    }
  }
}

HostInfo merge_hosts(const std::vector<Results>& in) {
  std::set<std::string> cpus;
  std::set<std::string> oses;
  HostInfo h;
  bool all_same = true;
  for (const auto& r : in) {
    all_same = all_same && r.host.cpu == in.front().host.cpu &&
               r.host.cores == in.front().host.cores && r.host.os == in.front().host.os;
    h.cores += r.host.cores;
    if (cpus.insert(r.host.cpu).second) {
      h.cpu += (h.cpu.empty() ? "" : " + ") + r.host.cpu;
    }
    if (oses.insert(r.host.os).second) {
      h.os += (h.os.empty() ? "" : " + ") + r.host.os;
    }
  }
  return all_same ? in.front().host : h;
}

}  // namespace

Expected<Merged, MergeError> merge_results(const std::vector<Results>& in,
                                           const std::vector<std::string>& names) {
  MergeError err;
  if (in.empty()) {
    err.reasons.push_back("nothing to merge");
    return unexpected(std::move(err));
  }
  check_inputs(in, names, err.reasons);
  if (!err.reasons.empty()) {
    return unexpected(std::move(err));
  }
  Merged out;
  Results& m = out.results;
  m.tool = in.front().tool;
  m.extra = in.front().extra;
  m.host = merge_hosts(in);
  m.started_at = in.front().started_at;
  auto sources = nlohmann::json::array();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (!in[i].started_at.empty() && (m.started_at.empty() || in[i].started_at < m.started_at)) {
      m.started_at = in[i].started_at;  // ISO 8601 UTC sorts as text
    }
    if (in[i].tool.version != m.tool.version) {
      out.warnings.push_back(label(names, i) + " was written by travelctl " + in[i].tool.version +
                             ", " + label(names, 0) + " by " + m.tool.version);
    }
    sources.push_back(
        {{"source", label(names, i)},
         {"started_at", in[i].started_at},
         {"host", {{"cpu", in[i].host.cpu}, {"cores", in[i].host.cores}, {"os", in[i].host.os}}}});
  }
  m.extra["merged_from"] = std::move(sources);
  bool dropped_uncorrected = false;
  for (const auto& s : in.front().scenarios) {
    std::vector<const Scenario*> parts;
    for (const auto& r : in) {
      parts.push_back(r.find(s.name));
    }
    Scenario ms;
    ms.name = s.name;
    ms.extra = s.extra;
    ms.config = merge_configs(parts);
    for (std::size_t run = 0; run < s.runs.size(); ++run) {
      std::vector<const Run*> runs;
      for (const Scenario* p : parts) {
        runs.push_back(&p->runs[run]);
        dropped_uncorrected = dropped_uncorrected || p->runs[run].latency_uncorrected_ms;
      }
      ms.runs.push_back(merge_runs(runs));
    }
    ms.summary = summarize(ms.runs);
    ms.summary.extra = s.summary.extra;
    m.scenarios.push_back(std::move(ms));
  }
  if (dropped_uncorrected) {
    out.warnings.push_back(
        "latency_uncorrected_ms cannot be recomputed from the inputs and is left out");
  }
  // Merging adds load that happened at once; inputs from different times add up a rate that never
  // was (append_runs is the tool for that).
  double longest = 0;
  for (const auto& r : in) {
    longest = std::max(longest, total_seconds(r));
  }
  const auto first = epoch_seconds(in.front().started_at);
  for (std::size_t i = 1; i < in.size(); ++i) {
    const auto at = epoch_seconds(in[i].started_at);
    if (first && at && std::abs(*at - *first) > std::max(60.0, longest)) {
      out.warnings.push_back(label(names, i) + " started " +
                             std::to_string(static_cast<long long>(std::abs(*at - *first))) +
                             " s apart from " + label(names, 0) +
                             ": merged figures add load that did not run at the same time "
                             "(--append-runs keeps them as separate runs)");
    }
  }
  return out;
}

Expected<Merged, MergeError> append_runs(const std::vector<Results>& inputs,
                                         const std::vector<std::string>& names) {
  MergeError err;
  if (inputs.empty()) {
    err.reasons.push_back("nothing to append");
    return unexpected(std::move(err));
  }
  const Results& first = inputs.front();
  for (std::size_t i = 1; i < inputs.size(); ++i) {
    for (const auto& s : first.scenarios) {
      if (inputs[i].find(s.name) == nullptr) {
        err.reasons.push_back(label(names, i) + ": no scenario \"" + s.name + "\" (it is in " +
                              label(names, 0) + ")");
      }
    }
    for (const auto& s : inputs[i].scenarios) {
      if (first.find(s.name) == nullptr) {
        err.reasons.push_back(label(names, i) + ": scenario \"" + s.name + "\" is not in " +
                              label(names, 0));
      }
    }
  }
  if (!err.reasons.empty()) {
    return unexpected(std::move(err));
  }
  Merged out;
  out.results = first;
  for (auto& s : out.results.scenarios) {
    for (std::size_t i = 1; i < inputs.size(); ++i) {
      const Scenario& more = *inputs[i].find(s.name);
      s.runs.insert(s.runs.end(), more.runs.begin(), more.runs.end());
    }
    s.summary = summarize(s.runs);
  }
  for (std::size_t i = 1; i < inputs.size(); ++i) {
    if (inputs[i].tool.version != first.tool.version) {
      out.warnings.push_back(label(names, i) + " was written by travelctl " +
                             inputs[i].tool.version + ", " + label(names, 0) + " by " +
                             first.tool.version);
    }
  }
  return out;
}

}  // namespace travelctl::reports
