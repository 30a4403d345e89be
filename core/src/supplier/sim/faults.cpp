// Fault spec parsing, its canonical description, and the choice of a fault for one request.
#include "travelctl/core/supplier/sim/faults.hpp"

#include <cctype>
#include <charconv>
#include <initializer_list>
#include <optional>

#include "travelctl/core/supplier/sim/rate.hpp"

namespace travelctl::core::supplier::sim {
namespace {

using std::chrono::microseconds;

constexpr std::string_view kNames[kFaultKindCount] = {"5xx",       "429",       "timeout",
                                                      "reset",     "malformed", "truncated",
                                                      "oversized", "slow",      "content_type"};
constexpr std::string_view kKindList =
    "5xx, 429, timeout, reset, malformed, truncated, oversized, slow, content_type";
constexpr std::string_view kTargetList =
    "search, trip, cart, schema, reserve, confirm, booking, cancel, other, default";
constexpr std::size_t kMaxOversized = std::size_t{1} << 30;
constexpr std::size_t kKiB = 1024;
constexpr std::size_t kMiB = 1024 * 1024;
// Decimal rates such as 0.7 + 0.2 + 0.1 add up to 1 only within rounding.
constexpr double kRateSlack = 1e-9;

// Joins pieces without the `"literal" + std::string` form that GCC 12 misreports (-Wrestrict).
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string s;
  for (std::string_view p : parts) {
    s += p;
  }
  return s;
}

std::string quoted(std::string_view text) { return cat({"'", text, "': "}); }

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

std::string format_size(std::size_t bytes) {
  if (bytes % kMiB == 0) {
    return std::to_string(bytes / kMiB) + "MB";
  }
  if (bytes % kKiB == 0) {
    return std::to_string(bytes / kKiB) + "KB";
  }
  return std::to_string(bytes) + "B";
}

bool valid_content_type(std::string_view t) {
  if (t.empty() || t == "application/json") {
    return false;
  }
  for (char c : t) {
    const auto u = static_cast<unsigned char>(c);
    if (!std::isgraph(u) || std::string_view("(),;:\"\\").find(c) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

// Reads the parameter of `f` (already holding its kind); an error message, or nullopt when fine.
std::optional<std::string> parse_param(Fault& f, bool given, std::string_view param,
                                       std::string_view item) {
  const std::string bad = quoted(item);
  switch (f.kind) {
    case FaultKind::k5xx: {
      int status = 0;
      auto [p, ec] = std::from_chars(param.data(), param.data() + param.size(), status);
      if (given &&
          (ec != std::errc() || p != param.data() + param.size() || status < 500 || status > 599)) {
        return bad + "the status must be from 500 to 599, e.g. 5xx(503)";
      }
      f.status = given ? status : 0;
      return std::nullopt;
    }
    case FaultKind::k429: {
      const auto d = given ? parse_sim_duration(param) : microseconds(kDefaultRetryAfter);
      if (!d || d->count() % 1'000'000 != 0) {
        return bad + "Retry-After must be whole seconds, e.g. 429(2s)";
      }
      f.duration = *d;
      return std::nullopt;
    }
    case FaultKind::kTimeout:
    case FaultKind::kSlow: {
      const auto fallback = f.kind == FaultKind::kTimeout ? kDefaultTimeoutHold : kDefaultSlowTotal;
      const auto d = given ? parse_sim_duration(param) : microseconds(fallback);
      if (!d || d->count() <= 0) {
        return cat(
            {bad, "expected a duration above 0 (at most 10m), e.g. ", fault_name(f.kind), "(3s)"});
      }
      f.duration = *d;
      return std::nullopt;
    }
    case FaultKind::kOversized: {
      const auto n = given ? parse_sim_size(param) : kDefaultOversizedBytes;
      if (!n) {
        return bad + "expected a size such as 16MB, 512KB or 900B (at most 1024MB)";
      }
      f.bytes = *n;
      return std::nullopt;
    }
    case FaultKind::kContentType:
      f.content_type = given ? std::string(param) : std::string(kDefaultWrongContentType);
      if (!valid_content_type(f.content_type)) {
        return bad + "expected a media type other than application/json, e.g. text/plain";
      }
      return std::nullopt;
    case FaultKind::kReset:
    case FaultKind::kMalformed:
    case FaultKind::kTruncated:
      if (given) {
        return cat({bad, fault_name(f.kind), " takes no parameter"});
      }
      return std::nullopt;
  }
  return std::nullopt;
}

// One "kind[(param)]:rate" item.
Expected<Fault, std::string> parse_fault(std::string_view item) {
  const size_t colon = item.rfind(':');
  if (colon == std::string_view::npos) {
    return unexpected(quoted(item) + "expected KIND:RATE, e.g. 5xx:0.1");
  }
  std::string_view kind = item.substr(0, colon);
  std::string_view param;
  const size_t open = kind.find('(');
  const bool given = open != std::string_view::npos;
  if (given) {
    if (kind.back() != ')') {
      return unexpected(quoted(item) + "expected KIND(PARAM):RATE, e.g. slow(3s):0.1");
    }
    param = kind.substr(open + 1, kind.size() - open - 2);
    kind = kind.substr(0, open);
  }
  Fault f;
  const auto k = fault_from_name(kind);
  if (!k) {
    return unexpected(cat({quoted(item), "unknown fault '", kind, "' (", kKindList, ")"}));
  }
  f.kind = *k;
  const auto rate = parse_sim_rate(item.substr(colon + 1));
  if (!rate) {
    return unexpected(quoted(item) + "the rate must be a decimal from 0 to 1, e.g. 0.05");
  }
  f.rate = *rate;
  if (auto problem = parse_param(f, given, param, item)) {
    return unexpected(*problem);
  }
  return f;
}

// An entry's items ("none", or faults) into its list; `target` names it in messages.
Expected<std::vector<Fault>, std::string> parse_list(std::string_view target,
                                                     const std::vector<std::string_view>& items) {
  std::vector<Fault> out;
  if (items.size() == 1 && items[0] == "none") {
    return out;
  }
  double sum = 0;
  for (std::string_view item : items) {
    if (item == "none") {
      return unexpected(cat({"'none' cannot be combined with faults for '", target, "'"}));
    }
    auto f = parse_fault(item);
    if (!f) {
      return unexpected(f.error());
    }
    for (const Fault& seen : out) {
      if (seen.kind == f->kind) {
        return unexpected(
            cat({"fault '", fault_name(f->kind), "' given twice for '", target, "'"}));
      }
    }
    sum += f->rate;
    out.push_back(std::move(*f));
  }
  if (sum > 1.0 + kRateSlack) {
    return unexpected(
        cat({"the rates for '", target, "' add up to ", format_sim_rate(sum), ", more than 1"}));
  }
  return out;
}

std::string describe_list(const std::vector<Fault>& faults) {
  if (faults.empty()) {
    return "none";
  }
  std::string out;
  for (const Fault& f : faults) {
    if (!out.empty()) {
      out += ',';
    }
    out += f.describe();
  }
  return out;
}

struct Entry {
  std::string_view target;
  std::vector<std::string_view> items;
};

// Splits the spec into entries: ";" separates them, and a "," item that starts with "target="
// starts a new one (as in the latency spec); an entry with no target is the default.
Expected<std::vector<Entry>, std::string> split_entries(std::string_view spec) {
  std::vector<Entry> entries;
  for (std::string_view part : split(spec, ';')) {
    if (part.empty()) {
      return unexpected(cat({"empty entry in fault spec '", spec, "'"}));
    }
    bool started = false;
    for (std::string_view item : split(part, ',')) {
      const size_t eq = item.find('=');
      const bool targeted =
          eq != std::string_view::npos && item.substr(0, eq).find_first_of(":(") == item.npos;
      if (targeted || !started) {
        entries.push_back({targeted ? item.substr(0, eq) : std::string_view("default"), {}});
        started = true;
      }
      if (targeted) {
        item = item.substr(eq + 1);
      }
      if (item.empty()) {
        return unexpected(cat({"empty fault in '", part, "'"}));
      }
      entries.back().items.push_back(item);
    }
  }
  return entries;
}

}  // namespace

std::string_view fault_name(FaultKind k) { return kNames[static_cast<size_t>(k)]; }

std::optional<FaultKind> fault_from_name(std::string_view name) {
  for (size_t i = 0; i < kFaultKindCount; ++i) {
    if (kNames[i] == name) {
      return static_cast<FaultKind>(i);
    }
  }
  return std::nullopt;
}

std::optional<std::size_t> parse_sim_size(std::string_view text) {
  std::size_t scale = 0;
  if (text.ends_with("MB")) {
    scale = kMiB;
    text.remove_suffix(2);
  } else if (text.ends_with("KB")) {
    scale = kKiB;
    text.remove_suffix(2);
  } else if (text.ends_with("B")) {
    scale = 1;
    text.remove_suffix(1);
  } else {
    return std::nullopt;
  }
  std::size_t n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size() || n == 0 ||
      n > kMaxOversized / scale) {
    return std::nullopt;
  }
  return n * scale;
}

std::string Fault::describe() const {
  std::string out(fault_name(kind));
  switch (kind) {
    case FaultKind::k5xx:
      if (status != 0) {
        out += cat({"(", std::to_string(status), ")"});
      }
      break;
    case FaultKind::k429:
    case FaultKind::kTimeout:
    case FaultKind::kSlow:
      out += cat({"(", format_sim_duration(duration), ")"});
      break;
    case FaultKind::kOversized:
      out += cat({"(", format_size(bytes), ")"});
      break;
    case FaultKind::kContentType:
      out += cat({"(", content_type, ")"});
      break;
    case FaultKind::kReset:
    case FaultKind::kMalformed:
    case FaultKind::kTruncated:
      break;
  }
  return cat({out, ":", format_sim_rate(rate)});
}

Expected<FaultPlan, std::string> FaultPlan::parse(std::string_view spec) {
  FaultPlan plan;
  if (spec.empty() || spec == "none") {
    return plan;
  }
  auto entries = split_entries(spec);
  if (!entries) {
    return unexpected(entries.error());
  }
  bool default_given = false;
  for (const Entry& e : *entries) {
    auto list = parse_list(e.target, e.items);
    if (!list) {
      return unexpected(list.error());
    }
    if (e.target == "default") {
      if (default_given) {
        return unexpected(std::string("faults for 'default' given twice"));
      }
      default_given = true;
      plan.default_ = std::move(*list);
      continue;
    }
    const auto endpoint = endpoint_from_name(e.target);
    if (!endpoint) {
      return unexpected(cat({"unknown endpoint '", e.target, "' (", kTargetList, ")"}));
    }
    const auto i = static_cast<size_t>(*endpoint);
    if (plan.named_[i]) {
      return unexpected(cat({"faults for '", e.target, "' given twice"}));
    }
    plan.named_[i] = true;
    plan.by_endpoint_[i] = std::move(*list);
  }
  for (size_t i = 0; i < kEndpointCount; ++i) {
    if (!plan.named_[i]) {
      plan.by_endpoint_[i] = plan.default_;
    }
  }
  return plan;
}

bool FaultPlan::empty() const {
  for (const auto& list : by_endpoint_) {
    if (!list.empty()) {
      return false;
    }
  }
  return true;
}

const Fault* FaultPlan::choose(Endpoint e, Rng& rng) const {
  const std::vector<Fault>& list = of(e);
  if (list.empty()) {
    return nullptr;
  }
  const double u = rng.unit();
  double upto = 0;
  for (const Fault& f : list) {
    upto += f.rate;
    if (u < upto) {
      return &f;
    }
  }
  return nullptr;
}

std::string FaultPlan::describe() const {
  std::string out;
  auto add = [&out](std::string_view target, const std::vector<Fault>& list) {
    if (!out.empty()) {
      out += ';';
    }
    out += target;
    out += '=';
    out += describe_list(list);
  };
  for (size_t i = 0; i < kEndpointCount; ++i) {
    if (named_[i]) {
      add(endpoint_name(static_cast<Endpoint>(i)), by_endpoint_[i]);
    }
  }
  if (!default_.empty()) {
    add("default", default_);
  }
  return out.empty() ? "none" : out;
}

}  // namespace travelctl::core::supplier::sim
