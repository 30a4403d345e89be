// Replay planning: selection, rewriting, keys, safety rules, schedule (see plan.hpp).
#include "travelctl/bench/replay/plan.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

namespace travelctl::bench::replay {

namespace {

constexpr std::string_view kMasked = "***";

bool json_masked(const nlohmann::json& j) {
  if (j.is_string()) {
    return j.get_ref<const std::string&>() == kMasked;
  }
  if (j.is_structured()) {
    return std::any_of(j.begin(), j.end(), [](const nlohmann::json& v) { return json_masked(v); });
  }
  return false;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// The reason an exchange is not sent, or empty.
std::string safety_reason(const CapturedExchange& x, bool allow_writes) {
  const bool masked_header = std::any_of(x.headers.begin(), x.headers.end(),
                                         [](const auto& h) { return h.second == kMasked; });
  if ((x.body && has_masked_value(*x.body)) || masked_header) {
    return "masked personal data in the request (\"***\" from capture): never sent as if real";
  }
  if (!allow_writes && !is_read_method(x.method)) {
    return x.method + " is a write: replayed only with --allow-writes";
  }
  return {};
}

void apply_key(const KeyMap& keys, const CapturedExchange& x, PlannedRequest& r, Plan& plan) {
  const std::string* key = keys.key_for(x.client);
  auto& h = r.headers;
  if (key != nullptr) {
    h.erase(std::remove_if(h.begin(), h.end(),
                           [](const auto& p) { return iequals(p.first, "x-api-key"); }),
            h.end());
    h.emplace_back("X-Api-Key", *key);
  }
  r.keyed =
      std::any_of(h.begin(), h.end(), [](const auto& p) { return iequals(p.first, "x-api-key"); });
  if (!r.keyed && !x.client.empty()) {
    plan.clients_without_key.insert(x.client);
  }
}

}  // namespace

bool has_masked_value(std::string_view body) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded()) {
    return body.find(kMasked) != std::string_view::npos;
  }
  return json_masked(j);
}

bool is_read_method(std::string_view method) { return method == "GET" || method == "HEAD"; }

Plan make_plan(const ReplayInput& input, const PlanOptions& options) {
  Plan plan;
  std::vector<int64_t> started;
  for (std::size_t i = 0; i < input.exchanges.size(); ++i) {
    const CapturedExchange& x = input.exchanges[i];
    const bool selected =
        options.filters.empty() ||
        std::any_of(options.filters.begin(), options.filters.end(),
                    [&](const Filter& f) { return f.matches(x.method, x.target); });
    if (!selected) {
      ++plan.filtered_out;
      continue;
    }
    PlannedRequest r;
    r.exchange = i;
    r.method = x.method;
    r.target = x.target;
    for (const Rewrite& w : options.rewrites) {
      if (auto t = w.apply_to_target(r.target)) {
        r.target = std::move(*t);
        break;
      }
    }
    for (const Rewrite& w : options.rewrites) {
      if (!w.path && !x.host.empty() && x.host == w.from) {
        r.host = w.to;
        break;
      }
    }
    if (std::string why = safety_reason(x, options.allow_writes); !why.empty()) {
      plan.skipped.push_back({i, r.target, std::move(why)});
      continue;
    }
    r.headers = x.headers;
    r.body = x.body.value_or("");
    apply_key(options.keys, x, r, plan);
    started.push_back(x.started_us);
    plan.requests.push_back(std::move(r));
  }
  const auto at = schedule(started, options.pacing);
  for (std::size_t k = 0; k < plan.requests.size(); ++k) {
    plan.requests[k].send_at_us = at[k];
  }
  return plan;
}

std::string describe_plan(const ReplayInput& input, const Plan& plan) {
  std::ostringstream out;
  out << "dry run: " << plan.requests.size() << " request" << (plan.requests.size() == 1 ? "" : "s")
      << " would be sent, " << plan.skipped.size() << " skipped, " << plan.filtered_out
      << " not selected by --filter; nothing is sent\n";
  char at[32];
  for (const auto& r : plan.requests) {
    const CapturedExchange& x = input.exchanges[r.exchange];
    std::snprintf(at, sizeof at, "%9.3fs", static_cast<double>(r.send_at_us) / 1e6);
    out << at << "  " << input.where_label << ' ' << x.source << "  " << r.method << ' ' << r.target
        << (x.client.empty() ? "" : "  client=" + x.client) << (r.keyed ? "  key=yes" : "  key=no")
        << (r.body.empty() ? "" : "  body=" + std::to_string(r.body.size()) + "B") << '\n';
  }
  for (const auto& s : plan.skipped) {
    const CapturedExchange& x = input.exchanges[s.exchange];
    out << "  skipped  " << input.where_label << ' ' << x.source << "  " << x.method << ' '
        << s.target << "  (" << s.reason << ")\n";
  }
  return out.str();
}

}  // namespace travelctl::bench::replay
