// Aggregates of a replay report: per-route counts and latency histograms (see report.hpp).
#include "travelctl/reports/replay/report.hpp"

#include <cmath>
#include <map>

namespace travelctl::reports::replay {

namespace {

uint64_t to_us(double ms) {
  return static_cast<uint64_t>(std::llround(std::max(ms, 0.0) * 1000.0));
}

}  // namespace

std::vector<RouteSummary> summarise_routes(const ReplayReport& report) {
  std::vector<RouteSummary> routes;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (const auto& e : report.exchanges) {
    auto [it, fresh] = index.try_emplace({e.method, e.route}, routes.size());
    if (fresh) {
      routes.push_back(RouteSummary{e.method, e.route, {}, {}, {}});
    }
    RouteSummary& r = routes[it->second];
    ++r.counts[static_cast<std::size_t>(e.outcome)];
    if (e.outcome == Outcome::skipped) {
      continue;  // latency compares like with like: only exchanges that were replayed
    }
    if (e.captured_latency_ms) {
      r.captured.record(to_us(*e.captured_latency_ms));
    }
    if (e.replayed_latency_ms && e.outcome != Outcome::error) {
      r.replayed.record(to_us(*e.replayed_latency_ms));
    }
  }
  return routes;
}

std::array<std::size_t, kOutcomeCount> count_outcomes(const ReplayReport& report) {
  std::array<std::size_t, kOutcomeCount> counts{};
  for (const auto& e : report.exchanges) {
    ++counts[static_cast<std::size_t>(e.outcome)];
  }
  return counts;
}

bool has_differences(const ReplayReport& report) {
  for (const auto& e : report.exchanges) {
    if (e.outcome != Outcome::same && e.outcome != Outcome::skipped) {
      return true;
    }
  }
  return false;
}

}  // namespace travelctl::reports::replay
