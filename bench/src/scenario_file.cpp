// Scenario and suite files: reading, JSON syntax errors with line and column, suite entries.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "scenario_json.hpp"
#include "travelctl/bench/scenario.hpp"

namespace travelctl::bench {

using nlohmann::json;
namespace fs = std::filesystem;

std::string ScenarioError::message() const {
  std::string m = file.empty() ? std::string("scenario") : file;
  if (!path.empty()) {
    m += ": " + path;
  }
  return m + ": " + reason;
}

std::vector<std::string> builtin_slot_names() {
  return {"conn", "thread", "iteration", "run", "random_id", "uuid"};
}

bool valid_header_name(std::string_view name) {
  if (name.empty()) {
    return false;
  }
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) {
      return false;
    }
  }
  return true;
}

bool header_name_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

void RunConfig::fill_from(const RunConfig& o) {
  if (!connections) {
    connections = o.connections;
  }
  if (!pipelining) {
    pipelining = o.pipelining;
  }
  if (!threads) {
    threads = o.threads;
  }
  if (!duration) {
    duration = o.duration;
  }
  if (!warmup) {
    warmup = o.warmup;
  }
  if (!timeout) {
    timeout = o.timeout;
  }
  if (!connect_timeout) {
    connect_timeout = o.connect_timeout;
  }
  if (!rate) {
    rate = o.rate;
  }
  if (!requests) {
    requests = o.requests;
  }
}

namespace {

// Reads and parses a JSON file; syntax errors say where (line:column).
Expected<json, ScenarioError> read_json(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return unexpected(ScenarioError{file, "", "cannot open the file"});
  }
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i < e.byte - 1 && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    std::string what = e.what();
    if (const auto p = what.find("syntax error"); p != std::string::npos) {
      what = what.substr(p);
    }
    return unexpected(ScenarioError{file, "$",
                                    "invalid JSON at line " + std::to_string(line) + ", column " +
                                        std::to_string(col) + ": " + what});
  } catch (const json::exception& e) {  // e.g. a number too large for a double
    return unexpected(ScenarioError{file, "$", std::string("invalid JSON: ") + e.what()});
  }
}

std::string stem(const std::string& file) { return fs::path(file).stem().string(); }

Expected<ScenarioSet, ScenarioError> load_suite(const json& j, const std::string& file) {
  ScenarioSet set;
  set.suite = true;
  set.name = stem(file);
  for (const auto& [k, v] : j.items()) {
    if (k != "name" && k != "description" && k != "scenarios" && k != "config" && k != "$schema") {
      return unexpected(ScenarioError{file, "$." + k, "unknown key"});
    }
  }
  if (j.contains("name")) {
    if (!j["name"].is_string()) {
      return unexpected(ScenarioError{file, "$.name", "must be a string"});
    }
    set.name = j["name"].get<std::string>();
  }
  RunConfig suite_config;
  if (j.contains("config")) {
    auto c = parse_run_config_json(j["config"], file, "$.config");
    if (!c) {
      return unexpected(c.error());
    }
    suite_config = *c;
  }
  const json& list = j["scenarios"];
  if (!list.is_array() || list.empty()) {
    return unexpected(ScenarioError{file, "$.scenarios", "must be a non-empty array"});
  }
  const fs::path dir = fs::path(file).parent_path();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = "$.scenarios[" + std::to_string(i) + "]";
    const json& e = list[i];
    std::string ref;
    RunConfig entry_config;
    if (e.is_string()) {
      ref = e.get<std::string>();
    } else if (e.is_object() && e.contains("file") && e["file"].is_string()) {
      ref = e["file"].get<std::string>();
      for (const auto& [k, v] : e.items()) {
        if (k != "file" && k != "config") {
          return unexpected(ScenarioError{file, path + "." + k, "unknown key"});
        }
      }
      if (e.contains("config")) {
        auto c = parse_run_config_json(e["config"], file, path + ".config");
        if (!c) {
          return unexpected(c.error());
        }
        entry_config = *c;
      }
    } else {
      return unexpected(ScenarioError{
          file, path, "must be a file name or {\"file\": \"...\", \"config\": {...}}"});
    }
    const std::string sub = (dir / ref).lexically_normal().string();
    auto sj = read_json(sub);
    if (!sj) {
      auto err = sj.error();
      err.reason += " (listed at " + file + ": " + path + ")";
      return unexpected(err);
    }
    if (sj->is_object() && sj->contains("scenarios")) {
      return unexpected(ScenarioError{file, path, "a suite cannot list another suite"});
    }
    auto s = parse_scenario_json(*sj, sub);
    if (!s) {
      return unexpected(s.error());
    }
    if (s->name.empty()) {
      s->name = stem(sub);
    }
    entry_config.fill_from(s->config);
    entry_config.fill_from(suite_config);
    s->config = entry_config;
    set.scenarios.push_back(std::move(*s));
  }
  return set;
}

}  // namespace

Expected<ScenarioSet, ScenarioError> load_scenario_file(const std::string& file) {
  auto j = read_json(file);
  if (!j) {
    return unexpected(j.error());
  }
  if (j->is_object() && j->contains("scenarios")) {
    return load_suite(*j, file);
  }
  auto s = parse_scenario_json(*j, file);
  if (!s) {
    return unexpected(s.error());
  }
  if (s->name.empty()) {
    s->name = stem(file);
  }
  ScenarioSet set;
  set.name = s->name;
  set.scenarios.push_back(std::move(*s));
  return set;
}

Expected<Scenario, ScenarioError> parse_scenario(const std::string& text, const std::string& file) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    return unexpected(ScenarioError{file, "$", std::string("invalid JSON: ") + e.what()});
  }
  auto s = parse_scenario_json(j, file);
  if (s && s->name.empty()) {
    s->name = file.empty() ? "scenario" : stem(file);
  }
  return s;
}

std::optional<std::pair<std::string, std::string>> parse_header_line(const std::string& line) {
  const auto colon = line.find(':');
  if (colon == std::string::npos) {
    return std::nullopt;
  }
  std::string name = line.substr(0, colon);
  std::string value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
    value.erase(0, 1);
  }
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) {
    value.pop_back();
  }
  if (!valid_header_name(name) || value.find_first_of("\r\n") != std::string::npos) {
    return std::nullopt;
  }
  return std::make_pair(std::move(name), std::move(value));
}

Scenario make_single_request_scenario(std::string name, std::string method, std::string target,
                                      const std::vector<std::string>& headers, std::string body) {
  Scenario s;
  s.name = std::move(name);
  s.slot_names = builtin_slot_names();
  Step st;
  st.method = std::move(method);
  st.name = st.method + " " + target.substr(0, target.find('?'));
  st.target = Template::literal(std::move(target));
  for (const auto& h : headers) {
    if (auto kv = parse_header_line(h)) {
      st.headers.push_back({kv->first, Template::literal(kv->second)});
    }
  }
  if (!body.empty()) {
    st.body = Template::literal(std::move(body));
  }
  Item item;
  item.name = st.name;
  item.steps.push_back(std::move(st));
  s.items.push_back(std::move(item));
  s.cumulative_weights.push_back(1);
  return s;
}

}  // namespace travelctl::bench
