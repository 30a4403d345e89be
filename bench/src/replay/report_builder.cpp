// Builds the replay report from input, plan and responses (see report_builder.hpp).
#include "travelctl/bench/replay/report_builder.hpp"

#include <algorithm>

#include "travelctl/reports/replay/route.hpp"

namespace travelctl::bench::replay {

namespace {

using reports::replay::ExchangeRecord;
using reports::replay::Outcome;

ExchangeRecord base_record(const CapturedExchange& x, const std::string& target) {
  ExchangeRecord e;
  e.source = x.source;
  e.client = x.client;
  e.method = x.method;
  e.target = target;
  e.route = reports::replay::normalize_route(target);
  e.captured_status = x.status;
  e.captured_latency_ms = x.latency_ms;
  return e;
}

}  // namespace

reports::replay::ReplayReport build_report(const ReplayInput& input, const Plan& plan,
                                           const EngineRun& run, const ReportContext& context) {
  reports::replay::ReplayReport report;
  report.source_file = context.source_file;
  report.format = input.format;
  report.where_label = input.where_label;
  report.target = context.target;
  report.started_at = context.started_at;
  report.options = context.options;
  report.problems = input.problems;
  report.read = input.exchanges.size();
  report.filtered_out = plan.filtered_out;
  report.wall_s = run.wall_s;
  report.max_late_ms = static_cast<double>(run.max_late_us) / 1000.0;
  std::vector<std::pair<std::size_t, ExchangeRecord>> records;
  for (std::size_t k = 0; k < plan.requests.size() && k < run.results.size(); ++k) {
    const PlannedRequest& r = plan.requests[k];
    const SendResult& s = run.results[k];
    const CapturedExchange& x = input.exchanges[r.exchange];
    ExchangeRecord e = base_record(x, r.target);
    if (!s.error.empty()) {
      e.outcome = Outcome::error;
      e.note = s.error;
    } else {
      auto c = reports::replay::classify_exchange(x.status, x.response_body, s.status, s.body,
                                                  context.diff);
      e.outcome = c.outcome;
      e.diff = std::move(c.diff);
      e.note = std::move(c.note);
      e.replayed_status = s.status;
      e.replayed_latency_ms = s.latency_ms;
    }
    records.emplace_back(r.exchange, std::move(e));
  }
  for (const SkippedRequest& s : plan.skipped) {
    ExchangeRecord e = base_record(input.exchanges[s.exchange], s.target);
    e.outcome = Outcome::skipped;
    e.note = s.reason;
    records.emplace_back(s.exchange, std::move(e));
  }
  std::stable_sort(records.begin(), records.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [index, e] : records) {
    report.exchanges.push_back(std::move(e));
  }
  return report;
}

}  // namespace travelctl::bench::replay
