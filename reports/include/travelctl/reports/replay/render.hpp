// Renderers of a replay report: text for the on-call terminal, Markdown for a ticket or CI
// summary, and the full "travelctl.replay/v1" JSON document.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "travelctl/reports/replay/report.hpp"

namespace travelctl::reports::replay {

/// Per-route table, then the first `max_diffs` differences with their changed pointers, skips
/// and input problems summarised. ANSI colour when `color`.
std::string render_replay_table(const ReplayReport& report, std::size_t max_diffs, bool color);
/// The same as GitHub-flavoured Markdown.
std::string render_replay_markdown(const ReplayReport& report, std::size_t max_diffs);
/// "schema": "travelctl.replay/v1" with totals, routes (counts, latency p50/p99 in ms) and the
/// first `max_diffs` differing exchanges with their changes (every one with SIZE_MAX), the
/// skipped exchanges and the input problems.
nlohmann::ordered_json replay_to_json(const ReplayReport& report, std::size_t max_diffs);

}  // namespace travelctl::reports::replay
