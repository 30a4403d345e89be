// Scenarios for `bench run`: weighted requests and request sequences with variables and values
// carried from one response into the next; suites list scenarios. Format: scenarios/README.md.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "travelctl/bench/expected.hpp"
#include "travelctl/bench/template.hpp"

namespace travelctl::bench {

/// Where a scenario or suite file is wrong: the file, the JSON path (`$.requests[1].path`), why.
struct ScenarioError {
  std::string file;
  std::string path;
  std::string reason;
  /// "file: path: reason"
  std::string message() const;
};

/// Built-in variable slots, present in every scenario (see scenarios/README.md).
enum BuiltinSlot : int {
  kSlotConn = 0,   ///< ${conn}: the connection's index over the whole run, from 0
  kSlotThread,     ///< ${thread}: the worker thread's index
  kSlotIteration,  ///< ${iteration}: how many items this connection started before this one
  kSlotRun,        ///< ${run}: the run number, from 1
  kSlotRandomId,   ///< ${random_id}: 16 random hex digits, new for every item
  kSlotUuid,       ///< ${uuid}: a random UUID v4, new for every item
  kBuiltinSlots
};

/// A user variable, evaluated at the start of every item (or once per connection).
struct Variable {
  enum class Kind { kPick, kCounter, kRandomInt, kDate, kValue };
  std::string name;
  int slot = -1;
  Kind kind = Kind::kValue;
  bool per_connection = false;             ///< "scope": "connection"
  std::vector<std::string> values;         ///< kPick choices; kValue's single value
  std::vector<double> cumulative_weights;  ///< kPick, ascending, last = total
  int64_t start = 0, step = 1;             ///< kCounter
  int64_t min = 0, max = 0;                ///< kRandomInt, inclusive; kDate: days from today
};

/// A value taken from a response into a slot: a JSON pointer into the body, or a header.
struct Extraction {
  std::string var;
  int slot = -1;
  bool from_header = false;
  std::string source;  ///< the JSON pointer, or the header name
};

struct HeaderTemplate {
  std::string name;
  Template value;
};

/// One HTTP request of a scenario.
struct Step {
  std::string name;
  std::string method = "GET";
  Template target;  ///< path and query
  std::vector<HeaderTemplate> headers;
  std::optional<Template> body;
  std::vector<int> expect;  ///< accepted statuses; empty means any 2xx
  std::vector<Extraction> extracts;
};

/// What the generator picks by weight: one request, or a sequence run in order on a connection.
struct Item {
  std::string name;
  double weight = 1;
  bool sequence = false;
  std::vector<Step> steps;
};

/// Run settings a scenario or suite entry may set; the command line wins over them.
struct RunConfig {
  std::optional<unsigned> connections, pipelining, threads;
  std::optional<std::chrono::microseconds> duration, warmup, timeout, connect_timeout;
  std::optional<double> rate;
  std::optional<uint64_t> requests;
  /// Fills what this lacks from `other`.
  void fill_from(const RunConfig& other);
};

struct Scenario {
  std::string name;
  std::string description;
  std::string file;                ///< where it came from (empty for a URL on the command line)
  std::optional<std::string> url;  ///< default target origin, used when the command line has none
  std::vector<HeaderTemplate> headers;  ///< sent with every request (a step's own header wins)
  std::vector<Variable> variables;
  std::vector<Item> items;
  std::vector<double> cumulative_weights;  ///< of items, ascending
  std::vector<std::string> slot_names;     ///< index = slot
  RunConfig config;
};

/// A scenario file gives one scenario; a suite file the scenarios it lists, in order.
struct ScenarioSet {
  std::string name;
  bool suite = false;
  std::vector<Scenario> scenarios;
};

/// Loads a scenario or suite file (told apart by a top-level "scenarios" array).
Expected<ScenarioSet, ScenarioError> load_scenario_file(const std::string& path);
/// Parses scenario JSON text; `file` is only used in errors and to name the scenario.
Expected<Scenario, ScenarioError> parse_scenario(const std::string& text, const std::string& file);

/// The scenario of a plain `bench run URL [-m] [-H] [-b]`: one literal request.
Scenario make_single_request_scenario(std::string name, std::string method, std::string target,
                                      const std::vector<std::string>& headers, std::string body);

/// Parses "Name: value"; nullopt when there is no colon or the name is empty or not a token.
std::optional<std::pair<std::string, std::string>> parse_header_line(const std::string& line);

}  // namespace travelctl::bench
