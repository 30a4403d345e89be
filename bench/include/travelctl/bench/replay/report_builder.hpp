// Turns what was read, planned and received into the replay report: each sent exchange
// classified against its captured answer, each skipped one with its reason.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "travelctl/bench/replay/engine.hpp"
#include "travelctl/bench/replay/exchange.hpp"
#include "travelctl/bench/replay/plan.hpp"
#include "travelctl/reports/replay/report.hpp"

namespace travelctl::bench::replay {

struct ReportContext {
  std::string source_file;
  std::string target;
  std::string started_at;
  nlohmann::json options = nlohmann::json::object();
  reports::replay::JsonDiffOptions diff;
};

/// `run.results` holds one result per `plan.requests` entry. Exchanges come in capture order.
reports::replay::ReplayReport build_report(const ReplayInput& input, const Plan& plan,
                                           const EngineRun& run, const ReportContext& context);

}  // namespace travelctl::bench::replay
