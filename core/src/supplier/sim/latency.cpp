// Latency spec parsing and sampling (log-normal fitted to two quantiles, Box-Muller normals).
#include "travelctl/core/supplier/sim/latency.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace travelctl::core::supplier::sim {
namespace {

using std::chrono::microseconds;

constexpr std::string_view kNames[kEndpointCount] = {
    "search", "trip", "cart", "schema", "reserve", "confirm", "booking", "cancel", "other"};
constexpr double kZ99 = 2.3263478740408408;     // the standard normal's 0.99 quantile
constexpr microseconds kMaxDelay{600'000'000};  // a sampled tail is capped at 10 minutes

// "'text': " without the `"literal" + std::string` form that GCC 12 misreports (-Wrestrict).
std::string quoted(std::string_view text) {
  std::string s;
  s += '\'';
  s += text;
  s += "': ";
  return s;
}

std::vector<std::string_view> split_any(std::string_view s, std::string_view seps) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || seps.find(s[i]) != std::string_view::npos) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

Expected<Distribution, std::string> parse_model(std::string_view text) {
  Distribution d;
  if (text == "none") {
    return d;
  }
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    return unexpected(quoted(text) + "expected fixed:, uniform: or lognormal:");
  }
  const std::string_view kind = text.substr(0, colon);
  const std::string_view args = text.substr(colon + 1);
  const std::string bad = quoted(text);
  if (kind == "fixed") {
    const auto v = parse_sim_duration(args);
    if (!v) {
      return unexpected(bad + "bad duration (use e.g. 20ms, 0.5ms, 150us, 2s)");
    }
    d.a = *v;
    return d;
  }
  if (kind == "uniform") {
    const size_t dots = args.find("..");
    const auto lo =
        dots == std::string_view::npos ? std::nullopt : parse_sim_duration(args.substr(0, dots));
    const auto hi =
        dots == std::string_view::npos ? std::nullopt : parse_sim_duration(args.substr(dots + 2));
    if (!lo || !hi || *hi < *lo) {
      return unexpected(bad + "expected uniform:LOW..HIGH with LOW <= HIGH");
    }
    d.kind = Distribution::Kind::kUniform;
    d.a = *lo;
    d.b = *hi;
    return d;
  }
  if (kind == "lognormal") {
    std::optional<microseconds> p50, p99;
    for (auto param : split_any(args, ",")) {
      if (param.substr(0, 4) == "p50=" && !p50) {
        p50 = parse_sim_duration(param.substr(4));
      } else if (param.substr(0, 4) == "p99=" && !p99) {
        p99 = parse_sim_duration(param.substr(4));
      } else {
        return unexpected(bad + "expected lognormal:p50=DUR,p99=DUR");
      }
    }
    if (!p50 || !p99 || p50->count() <= 0 || *p99 < *p50) {
      return unexpected(bad + "expected lognormal:p50=DUR,p99=DUR with 0 < p50 <= p99");
    }
    d.kind = Distribution::Kind::kLognormal;
    d.a = *p50;
    d.b = *p99;
    d.mu = std::log(static_cast<double>(p50->count()));
    d.sigma =
        std::log(static_cast<double>(p99->count()) / static_cast<double>(p50->count())) / kZ99;
    return d;
  }
  return unexpected(bad + "unknown model '" + std::string(kind) + "' (fixed, uniform, lognormal)");
}

}  // namespace

std::string_view endpoint_name(Endpoint e) { return kNames[static_cast<size_t>(e)]; }

std::optional<Endpoint> endpoint_from_name(std::string_view name) {
  for (size_t i = 0; i < kEndpointCount; ++i) {
    if (kNames[i] == name) {
      return static_cast<Endpoint>(i);
    }
  }
  return std::nullopt;
}

std::optional<microseconds> parse_sim_duration(std::string_view text) {
  int64_t scale = 0;
  if (text.ends_with("us")) {
    scale = 1;
    text.remove_suffix(2);
  } else if (text.ends_with("ms")) {
    scale = 1000;
    text.remove_suffix(2);
  } else if (text.ends_with("s")) {
    scale = 1'000'000;
    text.remove_suffix(1);
  } else {
    return std::nullopt;
  }
  int64_t whole = 0;
  int64_t frac = 0;
  int64_t frac_scale = 1;
  size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    whole = whole * 10 + (text[i] - '0');
    if (whole > 100'000'000) {
      return std::nullopt;
    }
  }
  if (i == 0) {
    return std::nullopt;
  }
  if (i < text.size()) {
    if (text[i] != '.' || i + 1 == text.size()) {
      return std::nullopt;
    }
    for (++i; i < text.size(); ++i) {
      if (text[i] < '0' || text[i] > '9' || frac_scale >= 1'000'000) {
        return std::nullopt;
      }
      frac = frac * 10 + (text[i] - '0');
      frac_scale *= 10;
    }
  }
  const int64_t us = whole * scale + frac * scale / frac_scale;
  if (us > kMaxDelay.count()) {
    return std::nullopt;
  }
  return microseconds(us);
}

std::string format_sim_duration(microseconds d) {
  const int64_t us = d.count();
  if (us % 1'000'000 == 0 && us != 0) {
    return std::to_string(us / 1'000'000) + "s";
  }
  if (us % 1000 == 0) {
    return std::to_string(us / 1000) + "ms";
  }
  return std::to_string(us) + "us";
}

microseconds Distribution::sample(Rng& rng) const {
  switch (kind) {
    case Kind::kFixed:
      return a;
    case Kind::kUniform:
      return microseconds(rng.between(a.count(), b.count()));
    case Kind::kLognormal: {
      // Box-Muller; 1 - unit() is in (0, 1], so the log is finite.
      const double u1 = 1.0 - rng.unit();
      const double u2 = rng.unit();
      const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * 3.14159265358979323846 * u2);
      const double us = std::exp(mu + sigma * z);
      return microseconds(
          static_cast<int64_t>(std::min(us, static_cast<double>(kMaxDelay.count()))));
    }
  }
  return a;
}

std::string Distribution::describe() const {
  switch (kind) {
    case Kind::kFixed:
      return "fixed:" + format_sim_duration(a);
    case Kind::kUniform:
      return "uniform:" + format_sim_duration(a) + ".." + format_sim_duration(b);
    case Kind::kLognormal:
      return "lognormal:p50=" + format_sim_duration(a) + ",p99=" + format_sim_duration(b);
  }
  return {};
}

Expected<LatencyModel, std::string> LatencyModel::parse(std::string_view spec) {
  // Tokens split on ',' and ';'; "p50=..."/"p99=..." continue the log-normal entry before them.
  if (spec.empty()) {
    return LatencyModel{};
  }
  std::vector<std::string> entries;
  for (auto token : split_any(spec, ",;")) {
    if ((token.starts_with("p50=") || token.starts_with("p99=")) && !entries.empty()) {
      entries.back() += ",";
      entries.back() += token;
    } else {
      entries.emplace_back(token);
    }
  }
  LatencyModel model;
  std::optional<Distribution> fallback;
  std::array<std::optional<Distribution>, kEndpointCount> named{};
  for (const std::string& entry : entries) {
    if (entry.empty()) {
      return unexpected(std::string("empty entry in latency spec '") + std::string(spec) + "'");
    }
    std::string_view e = entry;
    std::string_view target = "default";
    const size_t eq = e.find('=');
    if (eq != std::string_view::npos && e.substr(0, eq).find(':') == std::string_view::npos) {
      target = e.substr(0, eq);
      e = e.substr(eq + 1);
    }
    auto d = parse_model(e);
    if (!d) {
      return unexpected(d.error());
    }
    if (target == "default") {
      if (fallback) {
        return unexpected(std::string("default latency given twice"));
      }
      fallback = *d;
      continue;
    }
    const auto endpoint = endpoint_from_name(target);
    if (!endpoint) {
      return unexpected("unknown endpoint '" + std::string(target) +
                        "' (search, trip, cart, schema, reserve, confirm, booking, cancel, other, "
                        "default)");
    }
    auto& slot = named[static_cast<size_t>(*endpoint)];
    if (slot) {
      return unexpected("latency for '" + std::string(target) + "' given twice");
    }
    slot = *d;
  }
  for (size_t i = 0; i < kEndpointCount; ++i) {
    model.by_endpoint_[i] = named[i] ? *named[i] : fallback.value_or(Distribution{});
  }
  return model;
}

std::string LatencyModel::describe() const {
  std::string out;
  for (size_t i = 0; i < kEndpointCount; ++i) {
    if (!out.empty()) {
      out += ' ';
    }
    out += std::string(kNames[i]) + "=" + by_endpoint_[i].describe();
  }
  return out;
}

}  // namespace travelctl::core::supplier::sim
