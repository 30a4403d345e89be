// Text, Markdown and JSON renderings of a replay report (see render.hpp).
#include "travelctl/reports/replay/render.hpp"

#include <map>
#include <sstream>

#include "travelctl/reports/format.hpp"
#include "travelctl/reports/text_table.hpp"

namespace travelctl::reports::replay {

namespace {

constexpr const char* kRed = "\033[31m";
constexpr const char* kGreen = "\033[32m";
constexpr const char* kReset = "\033[0m";
constexpr std::size_t kValueChars = 80;
constexpr std::size_t kChangesShown = 8;
constexpr std::size_t kSkipsShown = 5;
constexpr const char* kLatencyNote =
    "status/body: exchanges whose status or body changed; latency in ms, cap = as captured, "
    "new = replayed";

std::size_t count(const std::array<std::size_t, kOutcomeCount>& c, Outcome o) {
  return c[static_cast<std::size_t>(o)];
}

std::string ms(const Histogram& h, double p) {
  return h.count() == 0 ? "-" : format_number(static_cast<double>(h.percentile(p)) / 1000.0);
}

std::string value_text(const std::optional<nlohmann::json>& v) {
  if (!v) {
    return "(absent)";
  }
  std::string s = v->dump();
  return s.size() > kValueChars ? s.substr(0, kValueChars) + "..." : s;
}

std::string totals_line(const ReplayReport& r) {
  const auto c = count_outcomes(r);
  std::ostringstream out;
  out << count(c, Outcome::same) << " same, " << count(c, Outcome::status_changed)
      << " status changed, " << count(c, Outcome::body_changed) << " body changed, "
      << count(c, Outcome::error) << " errors, " << count(c, Outcome::skipped) << " skipped";
  if (r.filtered_out > 0) {
    out << " (" << r.filtered_out << " not selected by --filter)";
  }
  return out.str();
}

std::vector<TableRow> route_rows(const ReplayReport& r) {
  std::vector<TableRow> rows{{"route", "same", "status", "body", "error", "skipped", "cap p50",
                              "new p50", "cap p99", "new p99"}};
  for (const auto& s : summarise_routes(r)) {
    rows.push_back({s.method + " " + s.route, std::to_string(count(s.counts, Outcome::same)),
                    std::to_string(count(s.counts, Outcome::status_changed)),
                    std::to_string(count(s.counts, Outcome::body_changed)),
                    std::to_string(count(s.counts, Outcome::error)),
                    std::to_string(count(s.counts, Outcome::skipped)), ms(s.captured, 50),
                    ms(s.replayed, 50), ms(s.captured, 99), ms(s.replayed, 99)});
  }
  return rows;
}

std::vector<const ExchangeRecord*> differing(const ReplayReport& r) {
  std::vector<const ExchangeRecord*> out;
  for (const auto& e : r.exchanges) {
    if (e.outcome != Outcome::same && e.outcome != Outcome::skipped) {
      out.push_back(&e);
    }
  }
  return out;
}

std::string outcome_text(const ExchangeRecord& e) {
  switch (e.outcome) {
    case Outcome::status_changed:
      return "status changed";
    case Outcome::body_changed:
      return "body changed (" + std::to_string(e.diff.total) + " change" +
             (e.diff.total == 1 ? "" : "s") + ")";
    case Outcome::error:
      return "error";
    default:
      return std::string(to_string(e.outcome));
  }
}

// The differences, one block each; `bullet` prefixes change lines ("   " or "  - ").
std::string difference_blocks(const ReplayReport& r, std::size_t max_diffs, const char* bullet,
                              bool code) {
  const auto diffs = differing(r);
  if (diffs.empty()) {
    return {};
  }
  std::ostringstream out;
  const std::size_t shown = std::min(max_diffs, diffs.size());
  out << "differences (" << (shown < diffs.size() ? "first " + std::to_string(shown) + " of " : "")
      << diffs.size() << "):\n";
  const char* tick = code ? "`" : "";
  for (std::size_t i = 0; i < shown; ++i) {
    const ExchangeRecord& e = *diffs[i];
    out << (code ? "- " : "") << r.where_label << ' ' << e.source << ": " << tick << e.method << ' '
        << e.target << tick << (e.client.empty() ? "" : " [" + e.client + "]") << " - "
        << outcome_text(e) << '\n';
    if (!e.note.empty()) {
      out << bullet << e.note << '\n';
    }
    for (std::size_t k = 0; k < e.diff.changes.size() && k < kChangesShown; ++k) {
      const JsonChange& c = e.diff.changes[k];
      out << bullet << tick << c.pointer << tick << ": " << tick << value_text(c.old_value) << tick
          << " -> " << tick << value_text(c.new_value) << tick << '\n';
    }
    const std::size_t listed = std::min(e.diff.changes.size(), kChangesShown);
    if (e.diff.total > listed) {
      out << bullet << "... " << (e.diff.total - listed) << " more (--out has the full list)\n";
    }
  }
  return out.str();
}

std::string skip_summary(const ReplayReport& r, const char* bullet) {
  std::map<std::string, std::vector<const ExchangeRecord*>> by_reason;
  for (const auto& e : r.exchanges) {
    if (e.outcome == Outcome::skipped) {
      by_reason[e.note].push_back(&e);
    }
  }
  std::ostringstream out;
  for (const auto& [reason, list] : by_reason) {
    out << "skipped " << list.size() << ": " << reason << " (" << r.where_label
        << (list.size() == 1 ? " " : "s ");
    for (std::size_t i = 0; i < list.size() && i < kSkipsShown; ++i) {
      out << (i ? ", " : "") << list[i]->source;
    }
    out << (list.size() > kSkipsShown ? ", ...)" : ")") << '\n';
  }
  for (std::size_t i = 0; i < r.problems.size() && i < kSkipsShown; ++i) {
    out << (i == 0 ? "input problems (" + std::to_string(r.problems.size()) + ", skipped):\n" : "")
        << bullet << r.where_label << ' ' << r.problems[i].where << ": " << r.problems[i].reason
        << '\n';
  }
  return out.str();
}

std::string wall_text(double s) {
  return s < 1 ? format_number(s * 1000) + " ms" : format_number(s) + " s";
}

std::string header_line(const ReplayReport& r) {
  return "replay of " + r.source_file + " (" + r.format + ", " + std::to_string(r.read) +
         " exchanges) against " + r.target;
}

}  // namespace

std::string render_replay_table(const ReplayReport& r, std::size_t max_diffs, bool color) {
  std::ostringstream out;
  out << header_line(r) << '\n';
  const bool differs = has_differences(r);
  out << (color ? (differs ? kRed : kGreen) : "") << totals_line(r) << (color ? kReset : "")
      << " in " << wall_text(r.wall_s) << "\n\n";
  if (!r.exchanges.empty()) {
    out << box_table(route_rows(r)) << kLatencyNote << "\n\n";
  }
  const std::string diffs = difference_blocks(r, max_diffs, "    ", false);
  if (!diffs.empty()) {
    out << diffs << '\n';
  }
  out << skip_summary(r, "    ");
  out << (differs ? "verdict: differences found\n" : "verdict: no differences\n");
  return out.str();
}

std::string render_replay_markdown(const ReplayReport& r, std::size_t max_diffs) {
  std::ostringstream out;
  out << "### Replay: " << (has_differences(r) ? "differences found" : "no differences") << "\n\n"
      << header_line(r) << "\n\n"
      << totals_line(r) << " in " << wall_text(r.wall_s) << "\n\n";
  if (!r.exchanges.empty()) {
    out << markdown_table(route_rows(r)) << '\n' << kLatencyNote << "\n\n";
  }
  const std::string diffs = difference_blocks(r, max_diffs, "  - ", true);
  if (!diffs.empty()) {
    out << diffs << '\n';
  }
  const std::string skips = skip_summary(r, "- ");
  if (!skips.empty()) {
    out << skips;
  }
  return out.str();
}

nlohmann::ordered_json replay_to_json(const ReplayReport& r, std::size_t max_diffs) {
  using nlohmann::ordered_json;
  const auto c = count_outcomes(r);
  ordered_json j;
  j["schema"] = "travelctl.replay/v1";
  j["tool"] = {{"name", "travelctl"}, {"version", TRAVELCTL_VERSION}};
  j["started_at"] = r.started_at;
  j["verdict"] = has_differences(r) ? "different" : "same";
  ordered_json problems = ordered_json::array();
  for (const auto& p : r.problems) {
    problems.push_back({{r.where_label, p.where}, {"reason", p.reason}});
  }
  j["source"] = {
      {"file", r.source_file}, {"format", r.format}, {"exchanges", r.read}, {"problems", problems}};
  j["target"] = r.target;
  j["options"] = r.options;
  j["wall_s"] = r.wall_s;
  j["max_late_ms"] = r.max_late_ms;
  ordered_json totals = {{"exchanges", r.exchanges.size()}, {"filtered_out", r.filtered_out}};
  for (std::size_t i = 0; i < kOutcomeCount; ++i) {
    totals[std::string(to_string(static_cast<Outcome>(i)))] = c[i];
  }
  j["totals"] = totals;
  ordered_json routes = ordered_json::array();
  for (const auto& s : summarise_routes(r)) {
    ordered_json counts;
    for (std::size_t i = 0; i < kOutcomeCount; ++i) {
      counts[std::string(to_string(static_cast<Outcome>(i)))] = s.counts[i];
    }
    const auto lat = [](const Histogram& h) {
      ordered_json l = {{"count", h.count()}};
      if (h.count() > 0) {
        l["p50"] = static_cast<double>(h.percentile(50)) / 1000.0;
        l["p99"] = static_cast<double>(h.percentile(99)) / 1000.0;
      }
      return l;
    };
    routes.push_back(
        {{"method", s.method},
         {"route", s.route},
         {"counts", counts},
         {"latency_ms", {{"captured", lat(s.captured)}, {"replayed", lat(s.replayed)}}}});
  }
  j["routes"] = routes;
  const auto diffs = differing(r);
  ordered_json list = ordered_json::array();
  for (std::size_t i = 0; i < diffs.size() && i < max_diffs; ++i) {
    const ExchangeRecord& e = *diffs[i];
    ordered_json changes = ordered_json::array();
    for (const auto& ch : e.diff.changes) {
      ordered_json one = {{"pointer", ch.pointer}};
      one["old"] = ch.old_value ? ordered_json(*ch.old_value) : ordered_json();
      one["new"] = ch.new_value ? ordered_json(*ch.new_value) : ordered_json();
      if (!ch.old_value || !ch.new_value) {
        one["kind"] = ch.old_value ? "removed" : "added";
      }
      changes.push_back(std::move(one));
    }
    list.push_back({{r.where_label, e.source},
                    {"client", e.client},
                    {"method", e.method},
                    {"target", e.target},
                    {"route", e.route},
                    {"outcome", to_string(e.outcome)},
                    {"status", {{"captured", e.captured_status}, {"replayed", e.replayed_status}}},
                    {"note", e.note},
                    {"changes", changes},
                    {"changes_total", e.diff.total}});
  }
  j["differences_total"] = diffs.size();
  j["differences"] = list;
  ordered_json skipped = ordered_json::array();
  for (const auto& e : r.exchanges) {
    if (e.outcome == Outcome::skipped) {
      skipped.push_back({{r.where_label, e.source},
                         {"method", e.method},
                         {"target", e.target},
                         {"reason", e.note}});
    }
  }
  j["skipped"] = skipped;
  return j;
}

}  // namespace travelctl::reports::replay
