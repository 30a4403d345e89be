// Webhook chaos spec parsing, its canonical description, and the choice for one event.
#include "travelctl/core/supplier/sim/webhook_chaos.hpp"

#include <algorithm>
#include <vector>

#include "travelctl/core/supplier/sim/latency.hpp"
#include "travelctl/core/supplier/sim/rate.hpp"

namespace travelctl::core::supplier::sim {
namespace {

std::string quoted(std::string_view text) {
  std::string s = "'";
  s.append(text).append("': ");
  return s;
}

// One "name=value" item applied to `c`; the error, or empty.
std::string apply_item(std::string_view item, WebhookChaos& c) {
  const size_t eq = item.find('=');
  if (eq == std::string_view::npos) {
    return quoted(item) + "expected dup=RATE, reorder=RATE or window=DURATION";
  }
  const std::string_view name = item.substr(0, eq);
  const std::string_view value = item.substr(eq + 1);
  if (name == "dup" || name == "reorder") {
    const auto rate = parse_sim_rate(value);
    if (!rate) {
      return quoted(item) + "the rate must be a decimal from 0 to 1, e.g. 0.2";
    }
    (name == "dup" ? c.dup : c.reorder) = *rate;
    return {};
  }
  if (name == "window") {
    const auto d = parse_sim_duration(value);
    if (!d || d->count() <= 0 || *d > std::chrono::minutes(10)) {
      return quoted(item) + "the window must be a duration from 1us to 10 minutes, e.g. 2s";
    }
    c.window = *d;
    return {};
  }
  return quoted(item) + "unknown setting '" + std::string(name) + "' (dup, reorder, window)";
}

}  // namespace

Expected<WebhookChaos, std::string> WebhookChaos::parse(std::string_view spec) {
  WebhookChaos c;
  if (spec.empty() || spec == "none") {
    return c;
  }
  std::vector<std::string_view> seen;
  size_t start = 0;
  while (start <= spec.size()) {
    const size_t comma = spec.find(',', start);
    const std::string_view item = spec.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    const std::string_view name = item.substr(0, item.find('='));
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      return unexpected(quoted(item) + "'" + std::string(name) + "' is given twice");
    }
    seen.push_back(name);
    if (std::string problem = apply_item(item, c); !problem.empty()) {
      return unexpected(std::move(problem));
    }
    if (comma == std::string_view::npos) {
      break;
    }
    start = comma + 1;
  }
  return c;
}

std::string WebhookChaos::describe() const {
  if (empty()) {
    return "none";
  }
  std::string out;
  auto add = [&out](std::string_view item) {
    if (!out.empty()) {
      out += ',';
    }
    out += item;
  };
  if (dup > 0) {
    add("dup=" + format_sim_rate(dup));
  }
  if (reorder > 0) {
    add("reorder=" + format_sim_rate(reorder));
    add("window=" + format_sim_duration(window));
  }
  return out;
}

ChaosChoice WebhookChaos::choose(Rng& rng) const {
  const double u_dup = rng.unit();
  const double u_hold = rng.unit();
  return ChaosChoice{u_dup < dup, u_hold < reorder};
}

}  // namespace travelctl::core::supplier::sim
