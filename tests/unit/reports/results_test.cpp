// Results model: lossless round trip, median summary, histogram figures, and bad-input messages.
#include "travelctl/reports/results.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

#include "travelctl/reports/host_info.hpp"

using travelctl::reports::Histogram;
using travelctl::reports::ReadError;
using travelctl::reports::Results;
using travelctl::reports::Run;
using Json = nlohmann::json;

namespace {

Run make_run(uint64_t base_us, uint64_t n) {
  Run r;
  Histogram h;
  for (uint64_t i = 0; i < n; ++i) {
    h.record(base_us + (i * 37) % 5000);
  }
  r.requests = n;
  r.duration_s = 10.0;
  r.rps = static_cast<double>(n) / 10.0;
  r.bytes_per_sec = 1234.5;
  r.errors.connect = 1;
  r.errors.status["503"] = 4;
  r.latency_ms = travelctl::reports::latency_from_histogram(h);
  r.histogram = h;
  r.timeline.push_back({1.0, n / 2, 2, 3.9, 8.1, Json::object()});
  r.timeline.push_back({2.0, n - n / 2, 3, 4.0, 8.2, Json{{"bytes", 99}}});
  return r;
}

Results make_results() {
  Results r;
  r.tool = travelctl::reports::this_tool();
  r.started_at = "2026-11-22T10:00:00Z";
  r.host = {"Test CPU @ 1GHz", 2, "Linux 6.1"};
  travelctl::reports::Scenario s;
  s.name = "search";
  s.config.url = "http://127.0.0.1:8080/v1/itineraries?from=1";
  s.config.connections = 50;
  s.config.duration_s = 10;
  s.config.warmup_s = 2;
  s.config.raw = {{"scenario_file", "scenarios/search.json"}};
  s.runs = {make_run(1000, 3000), make_run(1100, 2900), make_run(900, 3100)};
  s.runs[1].latency_uncorrected_ms = s.runs[1].latency_ms;
  s.runs[1].behind_schedule = 7;
  s.summary = travelctl::reports::summarize(s.runs);
  r.scenarios.push_back(s);
  r.extra = {{"notes", "kept"}};
  return r;
}

ReadError read_error(const Json& j) {
  auto r = travelctl::reports::results_from_json(j, "f.json");
  REQUIRE_FALSE(r.has_value());
  return r.error();
}

}  // namespace

TEST_CASE("Results: to_json and back is lossless, unknown fields kept", "[reports]") {
  const Results original = make_results();
  const Json first = to_json(original);
  auto read = travelctl::reports::results_from_json(first);
  if (!read) {
    FAIL(read.error().message());
  }
  CHECK(to_json(*read) == first);
  CHECK(first.at("notes") == "kept");
  CHECK(first.at("scenarios")[0].at("config").at("scenario_file") == "scenarios/search.json");
  CHECK(first.at("scenarios")[0].at("runs")[0].at("timeline")[1].at("bytes") == 99);
  const auto& run = read->scenarios[0].runs[1];
  REQUIRE(run.histogram.has_value());
  CHECK(run.histogram->count() == 2900);
  CHECK(run.histogram->percentile(99) == original.scenarios[0].runs[1].histogram->percentile(99));
  CHECK(run.behind_schedule == 7);
  CHECK(run.latency_uncorrected_ms.has_value());
  CHECK_FALSE(read->scenarios[0].runs[0].latency_uncorrected_ms.has_value());
}

TEST_CASE("Results: the example of spec/files.md reads (histogram left out)", "[reports]") {
  const auto text = R"({
    "schema": "travelctl.bench/v1",
    "tool": {"name": "travelctl", "version": "0.1.0"},
    "started_at": "2026-11-22T10:00:00Z",
    "host": {"cpu": "model name", "cores": 2, "os": "Linux 6.1"},
    "scenarios": [{
      "name": "search",
      "config": {"url": "http://127.0.0.1:8080/v1/itineraries?x", "connections": 50, "pipelining": 1,
                 "duration_s": 10, "warmup_s": 2, "rate": null, "threads": 1},
      "runs": [{"requests": 123456, "duration_s": 10.0, "rps": 12345.6, "bytes_per_sec": 2.5e8,
         "errors": {"connect": 0, "timeout": 0, "reset": 0, "status": {"503": 4}},
         "latency_ms": {"min": 0.21, "mean": 4.0, "stdev": 1.1, "p50": 3.9, "p75": 4.5, "p90": 5.2,
                        "p99": 8.7, "p999": 12.0, "p9999": 15.1, "max": 20.3},
         "timeline": [{"t_s": 1, "requests": 12001, "errors": 0, "p50_ms": 3.9, "p99_ms": 8.1}]}],
      "summary": {"rps": 12345.6, "latency_ms": {"p50": 3.9, "p99": 8.7}, "errors_total": 4}
    }]})";
  auto r = travelctl::reports::parse_results(text);
  REQUIRE(r.has_value());
  const auto& s = r->scenarios.at(0);
  CHECK(s.config.connections == 50);
  CHECK_FALSE(s.config.rate.has_value());
  CHECK(s.runs.at(0).errors.total() == 4);
  CHECK(s.runs.at(0).error_rate() == Approx(4.0 / 123456));
  CHECK(s.summary.latency_ms.p99 == 8.7);
  CHECK(s.summary.errors_total == 4);
  CHECK(s.runs.at(0).timeline.at(0).requests == 12001);
}

TEST_CASE("Results: latency figures come from the histogram in milliseconds", "[reports]") {
  Histogram h;
  for (uint64_t us = 1; us <= 1000; ++us) {
    h.record(us * 10);  // 10 µs .. 10 ms, uniform
  }
  const auto l = travelctl::reports::latency_from_histogram(h);
  CHECK(l.min == Approx(0.010));
  CHECK(l.max == Approx(10.0));
  CHECK(l.p50 == Approx(5.0).epsilon(0.002));
  CHECK(l.p99 == Approx(9.9).epsilon(0.002));
  CHECK(l.p999 == Approx(9.99).epsilon(0.002));
  CHECK(l.mean == Approx(5.005));
  CHECK(travelctl::reports::latency_from_histogram(Histogram{}).p99 == 0);
}

TEST_CASE("Results: summary is the median over runs of each figure", "[reports]") {
  std::vector<Run> runs(4);
  const double rps[] = {100, 300, 200, 1000};
  const double p99[] = {9, 7, 8, 50};
  for (int i = 0; i < 4; ++i) {
    runs[i].rps = rps[i];
    runs[i].latency_ms.p99 = p99[i];
    runs[i].requests = 1000;
    runs[i].errors.status["500"] = static_cast<uint64_t>(i);
  }
  auto s = travelctl::reports::summarize(runs);
  CHECK(s.rps == 250);
  CHECK(s.latency_ms.p99 == 8.5);
  CHECK(s.errors_total == 1.5);
  runs.pop_back();
  s = travelctl::reports::summarize(runs);
  CHECK(s.rps == 200);
  CHECK(s.latency_ms.p99 == 8);
  CHECK(travelctl::reports::summarize({}).rps == 0);
}

TEST_CASE("Results: a different schema is refused with a clear message", "[reports]") {
  auto j = to_json(make_results());
  j["schema"] = "travelctl.bench/v2";
  auto e = read_error(j);
  CHECK(e.kind == ReadError::Kind::schema);
  CHECK(e.message() ==
        "f.json: $.schema: \"travelctl.bench/v2\" is not supported: this travelctl reads "
        "\"travelctl.bench/v1\" (the file was written by a different version of travelctl)");
  j["schema"] = "travelctl.compare/v1";
  CHECK_THAT(read_error(j).message(), Catch::Contains("not bench results"));
  j.erase("schema");
  CHECK_THAT(read_error(j).message(), Catch::Contains("$.schema: missing"));
  CHECK(read_error(Json::array()).kind == ReadError::Kind::schema);
}

TEST_CASE("Results: every problem is listed with its JSON path", "[reports]") {
  auto j = to_json(make_results());
  auto& run1 = j["scenarios"][0]["runs"][1];
  run1["latency_ms"]["p99"] = "slow";
  run1["errors"]["connect"] = -1;
  run1.erase("rps");
  run1["errors"]["status"]["500"] = 1.5;
  j["scenarios"][0]["runs"][2]["histogram"]["counts"] = "!!";
  j["host"]["cores"] = "two";
  const auto e = read_error(j);
  CHECK(e.kind == ReadError::Kind::invalid);
  const auto m = e.message();
  CHECK_THAT(m, Catch::Contains(
                    "f.json: $.scenarios[0].runs[1].latency_ms.p99: expected a number, found a "
                    "string"));
  CHECK_THAT(m, Catch::Contains("$.scenarios[0].runs[1].errors.connect: expected a count >= 0"));
  CHECK_THAT(m, Catch::Contains("$.scenarios[0].runs[1].rps: missing"));
  CHECK_THAT(m,
             Catch::Contains("$.scenarios[0].runs[1].errors.status.500: expected a whole number"));
  CHECK_THAT(m,
             Catch::Contains("$.scenarios[0].runs[2].histogram: histogram: counts are not base64"));
  CHECK_THAT(m, Catch::Contains("$.host.cores: expected a whole number, found a string"));
  INFO(m);
  CHECK(e.problems.size() == 6);
}

TEST_CASE("Results: duplicate and empty scenario lists are refused", "[reports]") {
  auto j = to_json(make_results());
  j["scenarios"].push_back(j["scenarios"][0]);
  CHECK_THAT(read_error(j).message(),
             Catch::Contains("$.scenarios[1].name: \"search\" appears twice"));
  j["scenarios"] = Json::array();
  CHECK_THAT(read_error(j).message(), Catch::Contains("$.scenarios: empty"));
}

TEST_CASE("Results: unreadable files and bad JSON say where", "[reports]") {
  auto missing = travelctl::reports::read_results_file("/nonexistent/r.json");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().kind == ReadError::Kind::io);
  CHECK(missing.error().message() ==
        "/nonexistent/r.json: $: cannot open: No such file or directory");
  auto dir = travelctl::reports::read_results_file("/");
  REQUIRE_FALSE(dir.has_value());
  CHECK(dir.error().kind == ReadError::Kind::io);
  auto bad = travelctl::reports::parse_results("{\"schema\": \n  }", "x.json");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().kind == ReadError::Kind::syntax);
  CHECK_THAT(bad.error().message(),
             Catch::StartsWith("x.json: $: not valid JSON: parse error at line 2"));
}

TEST_CASE("Results: write_results_file then read_results_file gives the same document",
          "[reports]") {
  const auto path = std::filesystem::temp_directory_path() / "travelctl_results_test.json";
  const Results r = make_results();
  REQUIRE_FALSE(travelctl::reports::write_results_file(path.string(), r).has_value());
  auto back = travelctl::reports::read_results_file(path.string());
  std::filesystem::remove(path);
  REQUIRE(back.has_value());
  CHECK(to_json(*back) == to_json(r));
  CHECK(travelctl::reports::write_results_file("/nonexistent/dir/x.json", r).has_value());
}

TEST_CASE("Host info: facts and timestamps are filled", "[reports]") {
  const auto h = travelctl::reports::detect_host();
  CHECK(h.cores >= 1);
  CHECK(h.os.rfind("Linux ", 0) == 0);
  CHECK(travelctl::reports::iso8601_utc(std::chrono::system_clock::from_time_t(0)) ==
        "1970-01-01T00:00:00Z");
}
