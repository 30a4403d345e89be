// The replay report: what was read, every exchange's verdict, per-route counts and latency
// (captured vs replayed), as data; renderers (table, Markdown, JSON) live beside it.
#pragma once

#include <array>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "travelctl/reports/histogram.hpp"
#include "travelctl/reports/replay/classify.hpp"

namespace travelctl::reports::replay {

/// A line (capture) or entry (HAR) of the input that could not be used, and why.
struct InputProblem {
  std::size_t where = 0;
  std::string reason;
};

/// One captured exchange and what became of it.
struct ExchangeRecord {
  std::size_t source = 0;  ///< line number (capture) or entry index (HAR)
  std::string client;
  std::string method;
  std::string target;  ///< as sent (after --rewrite)
  std::string route;   ///< normalize_route(target)
  Outcome outcome = Outcome::same;
  int captured_status = 0;
  int replayed_status = 0;  ///< 0 when nothing came back
  JsonDiff diff;
  std::string note;  ///< the skip reason, the transport error, or a detail of the change
  std::optional<double> captured_latency_ms;
  std::optional<double> replayed_latency_ms;
};

struct ReplayReport {
  std::string source_file;
  std::string format;       ///< "capture" or "har"
  std::string where_label;  ///< "line" or "entry"
  std::string target;
  std::string started_at;                             ///< UTC, RFC 3339
  nlohmann::json options = nlohmann::json::object();  ///< the replay's settings, echoed
  std::vector<InputProblem> problems;
  std::size_t read = 0;          ///< usable exchanges in the input
  std::size_t filtered_out = 0;  ///< not selected by --filter
  std::vector<ExchangeRecord> exchanges;
  double wall_s = 0;       ///< from the first send to the last response
  double max_late_ms = 0;  ///< the worst delay of a send behind its schedule
};

/// Per method and route: counts by outcome, latency of the captured and the replayed answers.
struct RouteSummary {
  std::string method;
  std::string route;
  std::array<std::size_t, kOutcomeCount> counts{};
  Histogram captured;  ///< microseconds
  Histogram replayed;  ///< microseconds
};

/// Routes in the order of their first exchange.
std::vector<RouteSummary> summarise_routes(const ReplayReport& report);
/// Counts by outcome over all exchanges.
std::array<std::size_t, kOutcomeCount> count_outcomes(const ReplayReport& report);
/// True when an exchange changed status or body or failed (skips do not count).
bool has_differences(const ReplayReport& report);

}  // namespace travelctl::reports::replay
