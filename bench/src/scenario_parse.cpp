// Scenario JSON -> Scenario: every problem reported with its JSON path.
#include <cmath>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "scenario_json.hpp"
#include "travelctl/bench/duration.hpp"
#include "travelctl/bench/scenario.hpp"

namespace travelctl::bench {

using nlohmann::json;

namespace {

// Thrown inside the parser only and turned into an Expected at its boundary.
struct Failure {
  std::string path;
  std::string reason;
};

[[noreturn]] void fail(const std::string& path, const std::string& reason) {
  throw Failure{path, reason};
}

std::string key_path(const std::string& base, const std::string& key) { return base + "." + key; }
std::string index_path(const std::string& base, std::size_t i) {
  return base + "[" + std::to_string(i) + "]";
}

void only_keys(const json& j, const std::string& path, std::initializer_list<const char*> allowed) {
  for (const auto& [k, v] : j.items()) {
    bool ok = false;
    for (const char* a : allowed) {
      ok = ok || k == a;
    }
    if (!ok) {
      fail(key_path(path, k), "unknown key");
    }
  }
}

const json& expect_object(const json& j, const std::string& path) {
  if (!j.is_object()) {
    fail(path, "must be an object");
  }
  return j;
}

std::string expect_string(const json& j, const std::string& path) {
  if (!j.is_string()) {
    fail(path, "must be a string");
  }
  return j.get<std::string>();
}

// Strings, and numbers written as text (so that `"pick": [1, 2]` works).
std::string scalar_text(const json& j, const std::string& path) {
  if (j.is_string()) {
    return j.get<std::string>();
  }
  if (j.is_number_integer()) {
    return std::to_string(j.get<int64_t>());
  }
  if (j.is_number() || j.is_boolean()) {
    return j.dump();
  }
  fail(path, "must be a string or a number");
}

bool valid_name(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) {
    return false;
  }
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) {
      return false;
    }
  }
  return true;
}

bool valid_method(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  for (char c : s) {
    if (!(c >= 'A' && c <= 'Z')) {
      return false;
    }
  }
  return true;
}

unsigned positive_uint(const json& j, const std::string& path, unsigned max) {
  if (!j.is_number_integer() || j.get<int64_t>() < 1 || j.get<int64_t>() > max) {
    fail(path, "must be an integer from 1 to " + std::to_string(max));
  }
  return j.get<unsigned>();
}

std::chrono::microseconds duration_value(const json& j, const std::string& path) {
  std::optional<std::chrono::microseconds> d;
  if (j.is_number() && j.get<double>() >= 0) {
    d = std::chrono::microseconds(static_cast<int64_t>(j.get<double>() * 1e6));
  } else if (j.is_string()) {
    d = parse_duration(j.get<std::string>());
  }
  if (!d) {
    fail(path, "must be a duration such as \"250ms\", \"30s\", \"2m\" or a number of seconds");
  }
  return *d;
}

RunConfig parse_run_config(const json& j, const std::string& path) {
  expect_object(j, path);
  only_keys(j, path,
            {"connections", "pipelining", "threads", "duration", "warmup", "timeout",
             "connect_timeout", "rate", "requests"});
  RunConfig c;
  if (j.contains("connections")) {
    c.connections = positive_uint(j["connections"], key_path(path, "connections"), 100000);
  }
  if (j.contains("pipelining")) {
    c.pipelining = positive_uint(j["pipelining"], key_path(path, "pipelining"), 1024);
  }
  if (j.contains("threads")) {
    c.threads = positive_uint(j["threads"], key_path(path, "threads"), 1024);
  }
  if (j.contains("duration")) {
    c.duration = duration_value(j["duration"], key_path(path, "duration"));
  }
  if (j.contains("warmup")) {
    c.warmup = duration_value(j["warmup"], key_path(path, "warmup"));
  }
  if (j.contains("timeout")) {
    c.timeout = duration_value(j["timeout"], key_path(path, "timeout"));
  }
  if (j.contains("connect_timeout")) {
    c.connect_timeout = duration_value(j["connect_timeout"], key_path(path, "connect_timeout"));
  }
  if (j.contains("rate")) {
    const json& r = j["rate"];
    if (!r.is_null()) {
      if (!r.is_number() || !(r.get<double>() > 0) || !std::isfinite(r.get<double>())) {
        fail(key_path(path, "rate"), "must be a positive number of requests per second, or null");
      }
      c.rate = r.get<double>();
    }
  }
  if (j.contains("requests")) {
    const json& r = j["requests"];
    if (!r.is_number_integer() || r.get<int64_t>() < 1) {
      fail(key_path(path, "requests"), "must be a positive integer");
    }
    c.requests = r.get<uint64_t>();
  }
  return c;
}

class Parser {
 public:
  explicit Parser(const json& root) : root_(root) {}
  Scenario run();

 private:
  void parse_variables(const json& j, const std::string& path);
  Variable parse_variable(const std::string& name, const json& j, const std::string& path);
  Item parse_item(const json& j, const std::string& path);
  Step parse_step(const json& j, const std::string& path, std::set<std::string>& defined,
                  bool in_sequence);
  std::vector<HeaderTemplate> parse_headers(const json& j, const std::string& path,
                                            const std::set<std::string>& defined);
  Template compile(const std::string& text, const std::string& path,
                   const std::set<std::string>& defined);
  int slot_for_extract(const std::string& name);

  const json& root_;
  Scenario s_;
  std::map<std::string, int> slots_;  // user variables and extracted values
};

Scenario Parser::run() {
  expect_object(root_, "$");
  only_keys(
      root_, "$",
      {"name", "description", "url", "headers", "variables", "requests", "config", "$schema"});
  s_.slot_names = builtin_slot_names();
  if (root_.contains("name")) {
    s_.name = expect_string(root_["name"], "$.name");
  }
  if (root_.contains("description")) {
    s_.description = expect_string(root_["description"], "$.description");
  }
  if (root_.contains("url")) {
    s_.url = expect_string(root_["url"], "$.url");
  }
  if (root_.contains("variables")) {
    parse_variables(root_["variables"], "$.variables");
  }
  const std::set<std::string> none;
  if (root_.contains("headers")) {
    s_.headers = parse_headers(root_["headers"], "$.headers", none);
  }
  if (root_.contains("config")) {
    s_.config = parse_run_config(root_["config"], "$.config");
  }
  if (!root_.contains("requests")) {
    fail("$", "missing key \"requests\"");
  }
  const json& reqs = root_["requests"];
  if (!reqs.is_array() || reqs.empty()) {
    fail("$.requests", "must be a non-empty array");
  }
  double total = 0;
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    s_.items.push_back(parse_item(reqs[i], index_path("$.requests", i)));
    total += s_.items.back().weight;
    s_.cumulative_weights.push_back(total);
  }
  if (!std::isfinite(total)) {
    fail("$.requests", "the weights add up to more than a double holds");
  }
  return std::move(s_);
}

void Parser::parse_variables(const json& j, const std::string& path) {
  expect_object(j, path);
  for (const auto& [name, spec] : j.items()) {
    const std::string p = key_path(path, name);
    if (!valid_name(name)) {
      fail(p, "variable names are letters, digits and '_', not starting with a digit");
    }
    if (std::find(s_.slot_names.begin(), s_.slot_names.end(), name) != s_.slot_names.end()) {
      fail(p, "'" + name + "' is a built-in variable");
    }
    Variable v = parse_variable(name, spec, p);
    v.slot = static_cast<int>(s_.slot_names.size());
    s_.slot_names.push_back(name);
    slots_[name] = v.slot;
    s_.variables.push_back(std::move(v));
  }
}

Variable Parser::parse_variable(const std::string& name, const json& j, const std::string& p) {
  Variable v;
  v.name = name;
  expect_object(j, p);
  only_keys(j, p, {"pick", "weights", "counter", "random_int", "days_ahead", "value", "scope"});
  if (j.contains("scope")) {
    const std::string scope = expect_string(j["scope"], key_path(p, "scope"));
    if (scope != "item" && scope != "connection") {
      fail(key_path(p, "scope"), "must be \"item\" or \"connection\"");
    }
    v.per_connection = scope == "connection";
  }
  const int kinds = static_cast<int>(j.contains("pick")) + static_cast<int>(j.contains("counter")) +
                    static_cast<int>(j.contains("random_int")) +
                    static_cast<int>(j.contains("days_ahead")) +
                    static_cast<int>(j.contains("value"));
  if (kinds != 1) {
    fail(p,
         "needs exactly one of \"pick\", \"counter\", \"random_int\", \"days_ahead\", \"value\"");
  }
  if (j.contains("weights") && !j.contains("pick")) {
    fail(key_path(p, "weights"), "only goes with \"pick\"");
  }
  if (j.contains("pick")) {
    v.kind = Variable::Kind::kPick;
    const json& pick = j["pick"];
    if (!pick.is_array() || pick.empty()) {
      fail(key_path(p, "pick"), "must be a non-empty array");
    }
    for (std::size_t i = 0; i < pick.size(); ++i) {
      v.values.push_back(scalar_text(pick[i], index_path(key_path(p, "pick"), i)));
    }
    double total = 0;
    if (j.contains("weights")) {
      const json& w = j["weights"];
      if (!w.is_array() || w.size() != pick.size()) {
        fail(key_path(p, "weights"), "must be an array as long as \"pick\"");
      }
      for (std::size_t i = 0; i < w.size(); ++i) {
        if (!w[i].is_number() || !(w[i].get<double>() > 0) || !std::isfinite(w[i].get<double>())) {
          fail(index_path(key_path(p, "weights"), i), "must be a positive number");
        }
        total += w[i].get<double>();
        v.cumulative_weights.push_back(total);
      }
      if (!std::isfinite(total)) {
        fail(key_path(p, "weights"), "the weights add up to more than a double holds");
      }
    } else {
      for (std::size_t i = 0; i < pick.size(); ++i) {
        v.cumulative_weights.push_back(++total);
      }
    }
  } else if (j.contains("counter")) {
    v.kind = Variable::Kind::kCounter;
    const json& c = j["counter"];
    const std::string cp = key_path(p, "counter");
    if (c.is_number_integer()) {
      v.start = c.get<int64_t>();
    } else if (c.is_object()) {
      only_keys(c, cp, {"start", "step"});
      if (c.contains("start")) {
        if (!c["start"].is_number_integer()) {
          fail(key_path(cp, "start"), "must be an integer");
        }
        v.start = c["start"].get<int64_t>();
      }
      if (c.contains("step")) {
        if (!c["step"].is_number_integer()) {
          fail(key_path(cp, "step"), "must be an integer");
        }
        v.step = c["step"].get<int64_t>();
      }
    } else {
      fail(cp, "must be a start integer or {\"start\": n, \"step\": n}");
    }
  } else if (j.contains("random_int")) {
    v.kind = Variable::Kind::kRandomInt;
    const json& r = j["random_int"];
    const std::string rp = key_path(p, "random_int");
    if (!r.is_array() || r.size() != 2 || !r[0].is_number_integer() || !r[1].is_number_integer() ||
        r[0].get<int64_t>() > r[1].get<int64_t>()) {
      fail(rp, "must be [min, max] integers with min <= max");
    }
    v.min = r[0].get<int64_t>();
    v.max = r[1].get<int64_t>();
  } else if (j.contains("days_ahead")) {
    v.kind = Variable::Kind::kDate;
    const json& d = j["days_ahead"];
    const std::string dp = key_path(p, "days_ahead");
    auto days = [&](const json& x) {
      if (!x.is_number_integer() || x.get<int64_t>() < -36500 || x.get<int64_t>() > 36500) {
        fail(dp, "must be a number of days, or [min, max] days, from today (UTC)");
      }
      return x.get<int64_t>();
    };
    if (d.is_array() && d.size() == 2) {
      v.min = days(d[0]);
      v.max = days(d[1]);
      if (v.min > v.max) {
        fail(dp, "must be [min, max] with min <= max");
      }
    } else {
      v.min = v.max = days(d);
    }
  } else {
    v.kind = Variable::Kind::kValue;
    v.values.push_back(scalar_text(j["value"], key_path(p, "value")));
  }
  return v;
}

Item Parser::parse_item(const json& j, const std::string& path) {
  expect_object(j, path);
  Item item;
  if (j.contains("weight")) {
    const json& w = j["weight"];
    if (!w.is_number() || !(w.get<double>() > 0) || !std::isfinite(w.get<double>())) {
      fail(key_path(path, "weight"), "must be a positive number");
    }
    item.weight = w.get<double>();
  }
  if (j.contains("sequence")) {
    only_keys(j, path, {"name", "weight", "sequence"});
    item.sequence = true;
    if (j.contains("name")) {
      item.name = expect_string(j["name"], key_path(path, "name"));
    }
    const json& seq = j["sequence"];
    const std::string sp = key_path(path, "sequence");
    if (!seq.is_array() || seq.empty()) {
      fail(sp, "must be a non-empty array of requests");
    }
    std::set<std::string> defined;
    for (std::size_t i = 0; i < seq.size(); ++i) {
      item.steps.push_back(parse_step(seq[i], index_path(sp, i), defined, true));
    }
    if (item.name.empty()) {
      item.name = "sequence";
    }
  } else {
    std::set<std::string> defined;
    item.steps.push_back(parse_step(j, path, defined, false));
    item.name = item.steps.back().name;
  }
  return item;
}

Step Parser::parse_step(const json& j, const std::string& path, std::set<std::string>& defined,
                        bool in_sequence) {
  expect_object(j, path);
  if (in_sequence) {
    only_keys(j, path, {"name", "method", "path", "headers", "body", "expect", "extract"});
  } else {
    only_keys(j, path, {"name", "weight", "method", "path", "headers", "body", "expect"});
  }
  Step st;
  if (j.contains("method")) {
    st.method = expect_string(j["method"], key_path(path, "method"));
    if (!valid_method(st.method)) {
      fail(key_path(path, "method"), "must be an upper-case HTTP method such as GET or POST");
    }
  }
  if (!j.contains("path")) {
    fail(path, "missing key \"path\"");
  }
  const std::string target = expect_string(j["path"], key_path(path, "path"));
  if (target.empty() || target[0] != '/') {
    fail(key_path(path, "path"), "must start with '/'");
  }
  if (target.find_first_of(" \r\n\t") != std::string::npos) {
    fail(key_path(path, "path"), "must not contain spaces or line breaks");
  }
  st.target = compile(target, key_path(path, "path"), defined);
  st.name = j.contains("name") ? expect_string(j["name"], key_path(path, "name"))
                               : st.method + " " + target.substr(0, target.find('?'));
  if (j.contains("headers")) {
    st.headers = parse_headers(j["headers"], key_path(path, "headers"), defined);
  }
  if (j.contains("body")) {
    const json& b = j["body"];
    const std::string bp = key_path(path, "body");
    if (b.is_string()) {
      st.body = compile(b.get<std::string>(), bp, defined);
    } else if (b.is_object() || b.is_array()) {
      st.body = compile(b.dump(), bp, defined);
      bool has_type = false;
      for (const auto& h : st.headers) {
        has_type = has_type || header_name_equals(h.name, "content-type");
      }
      if (!has_type) {
        st.headers.push_back({"Content-Type", Template::literal("application/json")});
      }
    } else {
      fail(bp, "must be a string, or a JSON object or array sent as JSON");
    }
  }
  if (j.contains("expect")) {
    const json& e = j["expect"];
    const std::string ep = key_path(path, "expect");
    const json list = e.is_array() ? e : json::array({e});
    if (list.empty()) {
      fail(ep, "must list at least one status");
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (!list[i].is_number_integer() || list[i].get<int>() < 100 || list[i].get<int>() > 599) {
        fail(e.is_array() ? index_path(ep, i) : ep, "must be an HTTP status from 100 to 599");
      }
      st.expect.push_back(list[i].get<int>());
    }
  }
  if (j.contains("extract")) {
    const json& x = j["extract"];
    const std::string xp = key_path(path, "extract");
    expect_object(x, xp);
    for (const auto& [name, spec] : x.items()) {
      const std::string p = key_path(xp, name);
      if (!valid_name(name)) {
        fail(p, "names are letters, digits and '_', not starting with a digit");
      }
      if (std::find(s_.slot_names.begin(), s_.slot_names.begin() + kBuiltinSlots, name) !=
          s_.slot_names.begin() + kBuiltinSlots) {
        fail(p, "'" + name + "' is a built-in variable");
      }
      for (const auto& v : s_.variables) {
        if (v.name == name) {
          fail(p, "'" + name + "' is already a variable");
        }
      }
      expect_object(spec, p);
      only_keys(spec, p, {"json", "header"});
      Extraction e;
      e.var = name;
      if (spec.contains("json") == spec.contains("header")) {
        fail(p, "needs exactly one of \"json\" (a JSON pointer) or \"header\" (a name)");
      }
      if (spec.contains("json")) {
        e.source = expect_string(spec["json"], key_path(p, "json"));
        try {
          json::json_pointer ptr(e.source);
        } catch (const json::exception&) {
          fail(key_path(p, "json"), "not a JSON pointer (RFC 6901), e.g. \"/items/0/id\"");
        }
      } else {
        e.from_header = true;
        e.source = expect_string(spec["header"], key_path(p, "header"));
        if (e.source.empty()) {
          fail(key_path(p, "header"), "must name a header");
        }
      }
      e.slot = slot_for_extract(name);
      st.extracts.push_back(std::move(e));
    }
    for (const auto& e : st.extracts) {
      defined.insert(e.var);  // visible from the next step on
    }
  }
  return st;
}

int Parser::slot_for_extract(const std::string& name) {
  if (auto it = slots_.find(name); it != slots_.end()) {
    return it->second;
  }
  const int slot = static_cast<int>(s_.slot_names.size());
  s_.slot_names.push_back(name);
  slots_[name] = slot;
  return slot;
}

std::vector<HeaderTemplate> Parser::parse_headers(const json& j, const std::string& path,
                                                  const std::set<std::string>& defined) {
  expect_object(j, path);
  std::vector<HeaderTemplate> out;
  for (const auto& [name, value] : j.items()) {
    const std::string p = key_path(path, name);
    if (!valid_header_name(name)) {
      fail(p, "not a valid header name");
    }
    if (header_name_equals(name, "content-length") || header_name_equals(name, "host") ||
        header_name_equals(name, "transfer-encoding")) {
      fail(p, "set by the generator; remove it");
    }
    const std::string text = scalar_text(value, p);
    if (text.find_first_of("\r\n") != std::string::npos) {
      fail(p, "must not contain line breaks");
    }
    out.push_back({name, compile(text, p, defined)});
  }
  return out;
}

Template Parser::compile(const std::string& text, const std::string& path,
                         const std::set<std::string>& defined) {
  auto resolver = [&](std::string_view ref) -> Expected<Template::Resolved, std::string> {
    if (ref.starts_with("env:")) {
      std::string_view var = ref.substr(4);
      std::optional<std::string> fallback;
      if (const auto d = var.find(":-"); d != std::string_view::npos) {
        fallback = std::string(var.substr(d + 2));
        var = var.substr(0, d);
      }
      if (const char* value = std::getenv(std::string(var).c_str()); value != nullptr) {
        return Template::Resolved{-1, value};
      }
      if (fallback) {
        return Template::Resolved{-1, *fallback};
      }
      return unexpected("environment variable " + std::string(var) +
                        " is not set (give a default: ${env:" + std::string(var) + ":-value})");
    }
    const std::string name(ref);
    for (int i = 0; i < kBuiltinSlots; ++i) {
      if (s_.slot_names[i] == name) {
        return Template::Resolved{i, {}};
      }
    }
    for (const auto& v : s_.variables) {
      if (v.name == name) {
        return Template::Resolved{v.slot, {}};
      }
    }
    if (defined.count(name)) {
      return Template::Resolved{slots_.at(name), {}};
    }
    return unexpected(std::string(
        "unknown variable (not built in, not in \"variables\", not extracted by an earlier step "
        "of this sequence)"));
  };
  auto t = Template::compile(text, resolver);
  if (!t) {
    fail(path, t.error());
  }
  return std::move(t.value());
}

}  // namespace

Expected<Scenario, ScenarioError> parse_scenario_json(const json& j, const std::string& file) {
  try {
    Parser p(j);
    Scenario s = p.run();
    s.file = file;
    return s;
  } catch (const Failure& f) {
    return unexpected(ScenarioError{file, f.path, f.reason});
  }
}

Expected<RunConfig, ScenarioError> parse_run_config_json(const json& j, const std::string& file,
                                                         const std::string& path) {
  try {
    return parse_run_config(j, path);
  } catch (const Failure& f) {
    return unexpected(ScenarioError{file, f.path, f.reason});
  }
}

}  // namespace travelctl::bench
