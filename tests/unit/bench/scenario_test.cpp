// Scenario and suite files: the documented format parses, and every mistake is reported with the
// file, the JSON path and the reason.
#include "travelctl/bench/scenario.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace travelctl::bench;

namespace {

ScenarioError error_of(const std::string& text) {
  auto s = parse_scenario(text, "t.json");
  REQUIRE_FALSE(s);
  return s.error();
}

std::filesystem::path temp_dir() {
  auto dir = std::filesystem::temp_directory_path() /
             ("travelctl-scenario-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }

}  // namespace

TEST_CASE("Scenario: the documented features parse", "[bench]") {
  ::setenv("TRAVELCTL_TEST_KEY", "k-123", 1);
  auto s = parse_scenario(R"({
    "name": "demo", "description": "d", "url": "http://127.0.0.1:8080",
    "headers": {"X-Api-Key": "${env:TRAVELCTL_TEST_KEY}", "X-Other": "${env:TRAVELCTL_UNSET_VAR:-dflt}"},
    "variables": {
      "date": {"pick": ["2026-12-01", "2026-12-02"], "weights": [3, 1]},
      "pax": {"random_int": [1, 4]},
      "n": {"counter": {"start": 10, "step": 2}},
      "route": {"pick": [101, 102], "scope": "connection"},
      "fixed": {"value": "x"}
    },
    "config": {"connections": 5, "duration": "2s", "rate": 100},
    "requests": [
      {"weight": 3, "method": "GET", "path": "/search?date=${date}&pax=${pax}&r=${route}"},
      {"name": "flow", "sequence": [
        {"path": "/a", "extract": {"id": {"json": "/items/0/id"}, "loc": {"header": "Location"}}},
        {"method": "POST", "path": "/b/${id}", "headers": {"Idempotency-Key": "${uuid}"},
         "body": {"ref": "${loc}", "n": "${n}"}, "expect": [200, 201]}
      ]}
    ]})",
                          "demo.json");
  REQUIRE(s);
  CHECK(s->name == "demo");
  CHECK(s->url == "http://127.0.0.1:8080");
  REQUIRE(s->headers.size() == 2);
  CHECK(s->headers[0].value.literal_text() == "k-123");
  CHECK(s->headers[1].value.literal_text() == "dflt");
  CHECK(s->variables.size() == 5);
  CHECK(s->config.connections == 5u);
  CHECK(s->config.duration == std::chrono::seconds(2));
  CHECK(s->config.rate == 100.0);
  REQUIRE(s->items.size() == 2);
  CHECK(s->cumulative_weights == std::vector<double>{3, 4});
  CHECK_FALSE(s->items[0].sequence);
  CHECK(s->items[0].name == "GET /search");
  CHECK(s->items[1].sequence);
  REQUIRE(s->items[1].steps.size() == 2);
  const Step& post = s->items[1].steps[1];
  CHECK(post.method == "POST");
  CHECK(post.expect == std::vector<int>{200, 201});
  REQUIRE(post.body);
  CHECK_FALSE(post.body->is_literal());
  bool json_type = false;
  for (const auto& h : post.headers) {
    json_type =
        json_type || (h.name == "Content-Type" && h.value.literal_text() == "application/json");
  }
  CHECK(json_type);
  CHECK(s->items[1].steps[0].extracts.size() == 2);
}

TEST_CASE("Scenario: errors name the JSON path and the reason", "[bench]") {
  struct Case {
    const char* text;
    const char* path;
    const char* reason_part;
  };
  const Case cases[] = {
      {R"([])", "$", "must be an object"},
      {R"({})", "$", "missing key \"requests\""},
      {R"({"requests": []})", "$.requests", "non-empty array"},
      {R"({"requets": []})", "$.requets", "unknown key"},
      {R"({"requests": [{"path": "/"}, {"path": "x"}]})", "$.requests[1].path",
       "must start with '/'"},
      {R"({"requests": [{"path": "/", "weight": 0}]})", "$.requests[0].weight", "positive"},
      {R"({"requests": [{"path": "/", "method": "get"}]})", "$.requests[0].method", "upper-case"},
      {R"({"requests": [{"path": "/${nope}"}]})", "$.requests[0].path",
       "${nope}: unknown variable"},
      {R"({"requests": [{"path": "/${unterminated"}]})", "$.requests[0].path", "unterminated"},
      {R"({"requests": [{"path": "/", "headers": {"Host": "x"}}]})", "$.requests[0].headers.Host",
       "set by the generator"},
      {R"({"requests": [{"path": "/", "headers": {"Bad Name": "x"}}]})",
       "$.requests[0].headers.Bad Name", "not a valid header name"},
      {R"({"requests": [{"path": "/", "expect": [99]}]})", "$.requests[0].expect[0]",
       "HTTP status"},
      {R"({"requests": [{"path": "/", "extract": {"a": {"json": "/x"}}}]})",
       "$.requests[0].extract", "unknown key"},
      {R"({"requests": [{"sequence": [{"path": "/", "extract": {"a": {"json": "x"}}}]}]})",
       "$.requests[0].sequence[0].extract.a.json", "not a JSON pointer"},
      {R"({"requests": [{"sequence": [{"path": "/${a}"}, {"path": "/", "extract": {"a": {"json": "/x"}}}]}]})",
       "$.requests[0].sequence[0].path", "not extracted by an earlier step"},
      {R"({"requests": [{"sequence": [{"path": "/", "extract": {"a": {"json": "/x"}}}]}, {"path": "/${a}"}]})",
       "$.requests[1].path", "unknown variable"},
      {R"({"variables": {"conn": {"value": "x"}}, "requests": [{"path": "/"}]})",
       "$.variables.conn", "built-in"},
      {R"({"variables": {"v": {"pick": []}}, "requests": [{"path": "/"}]})", "$.variables.v.pick",
       "non-empty array"},
      {R"({"variables": {"v": {"pick": [1, 2], "weights": [1]}}, "requests": [{"path": "/"}]})",
       "$.variables.v.weights", "as long as"},
      {R"({"variables": {"v": {"pick": [1], "counter": 1}}, "requests": [{"path": "/"}]})",
       "$.variables.v", "exactly one of"},
      {R"({"variables": {"v": {"random_int": [5, 1]}}, "requests": [{"path": "/"}]})",
       "$.variables.v.random_int", "min <= max"},
      {R"({"headers": {"K": "${env:TRAVELCTL_SURELY_UNSET_1}"}, "requests": [{"path": "/"}]})",
       "$.headers.K", "is not set"},
      {R"({"config": {"duration": "10 parsecs"}, "requests": [{"path": "/"}]})",
       "$.config.duration", "duration"},
      {R"({"config": {"connections": 0}, "requests": [{"path": "/"}]})", "$.config.connections",
       "from 1"},
      {R"({"requests": [{"path": "/", "body": 5}]})", "$.requests[0].body", "must be a string"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const ScenarioError e = error_of(c.text);
    CHECK(e.file == "t.json");
    CHECK(e.path == c.path);
    CHECK_THAT(e.reason, Catch::Contains(c.reason_part));
    CHECK_THAT(e.message(), Catch::StartsWith(std::string("t.json: ") + c.path + ": "));
  }
}

TEST_CASE("Scenario: files, syntax errors with line and column, suites", "[bench]") {
  const auto dir = temp_dir();
  write(dir / "a.json", R"({"requests": [{"path": "/a"}], "config": {"connections": 3}})");
  write(dir / "b.json", R"({"name": "bee", "requests": [{"path": "/b"}]})");
  write(dir / "broken.json", "{\n  \"requests\": [\n    {\"path\": \"/\",}\n  ]\n}\n");
  write(dir / "suite.json", R"({"name": "all", "config": {"duration": "1s"},
    "scenarios": ["a.json", {"file": "b.json", "config": {"connections": 7}}]})");
  write(dir / "bad-suite.json", R"({"scenarios": ["a.json", "missing.json"]})");
  write(dir / "nested.json", R"({"scenarios": ["suite.json"]})");

  auto one = load_scenario_file((dir / "a.json").string());
  REQUIRE(one);
  CHECK_FALSE(one->suite);
  CHECK(one->scenarios.at(0).name == "a");

  auto suite = load_scenario_file((dir / "suite.json").string());
  REQUIRE(suite);
  CHECK(suite->suite);
  CHECK(suite->name == "all");
  REQUIRE(suite->scenarios.size() == 2);
  CHECK(suite->scenarios[0].config.connections == 3u);                    // the scenario's own
  CHECK(suite->scenarios[0].config.duration == std::chrono::seconds(1));  // the suite's
  CHECK(suite->scenarios[1].name == "bee");
  CHECK(suite->scenarios[1].config.connections == 7u);  // the entry's

  auto broken = load_scenario_file((dir / "broken.json").string());
  REQUIRE_FALSE(broken);
  CHECK(broken.error().file == (dir / "broken.json").string());
  CHECK_THAT(broken.error().reason, Catch::Contains("line 3"));

  auto missing = load_scenario_file((dir / "bad-suite.json").string());
  REQUIRE_FALSE(missing);
  CHECK(missing.error().file == (dir / "missing.json").string());
  CHECK_THAT(missing.error().reason, Catch::Contains("cannot open"));
  CHECK_THAT(missing.error().reason, Catch::Contains("$.scenarios[1]"));

  auto nested = load_scenario_file((dir / "nested.json").string());
  REQUIRE_FALSE(nested);
  CHECK(nested.error().path == "$.scenarios[0]");

  auto absent = load_scenario_file((dir / "absent.json").string());
  REQUIRE_FALSE(absent);
  CHECK_THAT(absent.error().reason, Catch::Contains("cannot open"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("Scenario: the shipped scenarios and the default suite load", "[bench]") {
  const std::string dir = std::string(TRAVELCTL_SOURCE_DIR) + "/scenarios/";
  ::setenv("TRAVELCTL_API_KEY", "test-key", 1);  // the /v1 scenarios require it
  for (const char* name : {"simple-get", "health-check", "metrics-export", "openapi-spec", "search",
                           "booking-flow", "default"}) {
    INFO(name);
    auto set = load_scenario_file(dir + name + ".json");
    if (!set) {
      FAIL(set.error().message());
    }
    CHECK_FALSE(set->scenarios.empty());
  }
  auto suite = load_scenario_file(dir + "default.json");
  REQUIRE(suite);
  CHECK(suite->suite);
  CHECK(suite->scenarios.size() == 6);
}

TEST_CASE("parse_header_line: name and trimmed value", "[bench]") {
  auto h = parse_header_line("X-Api-Key:   abc ");
  REQUIRE(h);
  CHECK(h->first == "X-Api-Key");
  CHECK(h->second == "abc");
  CHECK_FALSE(parse_header_line("no colon"));
  CHECK_FALSE(parse_header_line(": empty name"));
  CHECK_FALSE(parse_header_line("Bad Name: x"));
}
