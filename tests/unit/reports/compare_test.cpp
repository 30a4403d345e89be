// bench compare logic: A/A noise passes, injected regressions are caught, bad inputs are named.
#include "travelctl/reports/compare.hpp"

#include <catch2/catch.hpp>

#include "support/synthetic_results.hpp"
#include "travelctl/reports/compare_render.hpp"

namespace reports = travelctl::reports;
using reports::Verdict;
using travelctl::test::synthetic_results;
using travelctl::test::SyntheticScenario;

namespace {

const reports::MetricResult& find_metric(const reports::Comparison& c, reports::MetricId id) {
  for (const auto& m : c.metrics) {
    if (m.metric.id == id) {
      return m;
    }
  }
  FAIL("metric not compared");
  return c.metrics.front();
}

reports::Comparison compare_ok(const reports::Results& b, const reports::Results& c,
                               const reports::CompareOptions& o = {}) {
  auto r = reports::compare(b, c, o);
  REQUIRE(r.has_value());
  return *r;
}

}  // namespace

TEST_CASE("Compare: A/A runs from the same distribution pass in at least 19 of 20 trials",
          "[reports]") {
  int passes = 0;
  int regressions = 0;
  for (uint64_t trial = 0; trial < 20; ++trial) {
    SyntheticScenario s;
    s.seed = 100 + 2 * trial;
    const auto baseline = synthetic_results(s);
    s.seed = 101 + 2 * trial;
    const auto current = synthetic_results(s);
    const auto c = compare_ok(baseline, current);
    passes += c.verdict == Verdict::pass ? 1 : 0;
    regressions += c.verdict == Verdict::regression ? 1 : 0;
  }
  CHECK(passes >= 19);
  CHECK(passes + regressions == 20);  // 5 runs are enough: never insufficient_data
}

TEST_CASE("Compare: a 30% latency regression is caught at the minimum run count", "[reports]") {
  SyntheticScenario s;
  s.seed = 7;
  const auto baseline = synthetic_results(s);
  s.seed = 8;
  s.latency_factor = 1.3;
  const auto current = synthetic_results(s);
  const auto c = compare_ok(baseline, current);
  CHECK(c.verdict == Verdict::regression);
  for (auto id : {reports::MetricId::p50, reports::MetricId::p90, reports::MetricId::p99}) {
    const auto& m = find_metric(c, id);
    CHECK(m.regression);
    CHECK(*m.change_pct > 20);
    CHECK(*m.ci_low_pct > 0);
    CHECK(m.test.method == reports::stats::UMethod::exact);
  }
  CHECK(find_metric(c, reports::MetricId::rps).regression);  // throughput fell by 1/1.3
  CHECK_FALSE(find_metric(c, reports::MetricId::error_rate).regression);
}

TEST_CASE("Compare: an improvement is reported and does not fail", "[reports]") {
  SyntheticScenario s;
  s.seed = 9;
  const auto baseline = synthetic_results(s);
  s.seed = 10;
  s.latency_factor = 0.7;
  const auto c = compare_ok(baseline, synthetic_results(s));
  CHECK(c.verdict == Verdict::pass);
  CHECK(find_metric(c, reports::MetricId::p50).improvement);
  CHECK(find_metric(c, reports::MetricId::p50).outcome == reports::Outcome::improved);
}

TEST_CASE("Compare: a significant change within the threshold is not a regression", "[reports]") {
  SyntheticScenario s;
  s.runs = 10;
  s.run_jitter = 0.005;
  s.requests_per_run = 20000;
  s.seed = 11;
  const auto baseline = synthetic_results(s);
  s.seed = 12;
  s.latency_factor = 1.04;
  const auto current = synthetic_results(s);
  reports::CompareOptions o;
  o.threshold_pct = 10;  // every latency moves by ~4%: significant with 10 quiet runs
  auto c = compare_ok(baseline, current, o);
  const auto& p50 = find_metric(c, reports::MetricId::p50);
  for (const auto& m : c.metrics) {
    INFO(m.metric.label << " " << *m.change_pct << "% p=" << m.p_adjusted);
    CHECK_FALSE(m.regression);
  }
  CHECK(p50.significant);
  CHECK_FALSE(p50.regression);
  CHECK(p50.outcome == reports::Outcome::ok);
  CHECK(c.verdict == Verdict::pass);
  // With a 2% threshold on p50 the same data regresses.
  REQUIRE_FALSE(reports::apply_threshold("p50=2", o).has_value());
  c = compare_ok(baseline, current, o);
  CHECK(find_metric(c, reports::MetricId::p50).regression);
  CHECK(c.verdict == Verdict::regression);
}

TEST_CASE("Compare: three runs cannot reach significance, and the message says five are needed",
          "[reports]") {
  SyntheticScenario s;
  s.runs = 3;
  s.seed = 13;
  const auto baseline = synthetic_results(s);
  s.seed = 14;
  s.latency_factor = 1.5;
  const auto c = compare_ok(baseline, synthetic_results(s));
  CHECK(c.verdict == Verdict::insufficient_data);
  CHECK(c.runs_needed == 5);
  CHECK(c.tests == 6);
  REQUIRE(c.insufficient.size() == 1);
  CHECK(c.insufficient[0] == "search: 3 runs in the baseline, 3 in current");
  CHECK_THAT(reports::insufficient_message(c),
             Catch::Contains("needs at least 5 runs in each file"));
}

TEST_CASE("Compare: errors appearing where there were none regress", "[reports]") {
  SyntheticScenario s;
  s.seed = 15;
  const auto baseline = synthetic_results(s);
  s.seed = 16;
  s.error_rate = 0.02;
  const auto c = compare_ok(baseline, synthetic_results(s));
  const auto& e = find_metric(c, reports::MetricId::error_rate);
  CHECK(e.baseline == 0);
  CHECK(e.current > 0.01);
  CHECK_FALSE(e.change_pct.has_value());
  CHECK(e.regression);
  CHECK(c.verdict == Verdict::regression);
}

TEST_CASE("Compare: scenarios that do not match are named", "[reports]") {
  SyntheticScenario s;
  auto baseline = synthetic_results(s);
  s.name = "booking";
  auto current = synthetic_results(s);
  auto r = reports::compare(baseline, current, {});
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().reasons[0] ==
        "scenarios do not match: only in the baseline: search; only in current: booking");
  CHECK(r.error().reasons[1] == "the files have no scenario in common");
  // One in common: an error unless --only-common, then a warning.
  current.scenarios.push_back(baseline.scenarios[0]);
  REQUIRE_FALSE(reports::compare(baseline, current, {}).has_value());
  reports::CompareOptions o;
  o.only_common = true;
  const auto c = compare_ok(baseline, current, o);
  CHECK(c.metrics.size() == 6);
  CHECK_THAT(c.warnings.back(), Catch::Contains("only in current: booking"));
}

TEST_CASE("Compare: different hosts and tool versions are warned about", "[reports]") {
  SyntheticScenario s;
  const auto baseline = synthetic_results(s);
  auto current = synthetic_results(s);
  current.host.cpu = "Other CPU";
  current.tool.version = "0.2.0";
  current.scenarios[0].config.connections = 50;
  const auto c = compare_ok(baseline, current);
  REQUIRE(c.warnings.size() == 3);
  CHECK_THAT(c.warnings[0], Catch::StartsWith("the files come from different hosts"));
  CHECK_THAT(c.warnings[1], Catch::Contains("baseline: travelctl 0.1.0; current: travelctl 0.2.0"));
  CHECK_THAT(c.warnings[2], Catch::Contains("scenario search: the load differs"));
}

TEST_CASE("Compare: --threshold values are parsed or refused with the reason", "[reports]") {
  reports::CompareOptions o;
  CHECK_FALSE(reports::apply_threshold("7.5", o).has_value());
  CHECK(o.threshold_pct == 7.5);
  CHECK_FALSE(reports::apply_threshold("p99=10%", o).has_value());
  CHECK(o.threshold_for(reports::MetricId::p99) == 10);
  CHECK(o.threshold_for(reports::MetricId::p50) == 7.5);
  CHECK_FALSE(reports::apply_threshold("p99.9=20", o).has_value());
  CHECK(o.threshold_for(reports::MetricId::p999) == 20);
  CHECK(*reports::apply_threshold("p98=1", o) ==
        "unknown metric \"p98\" (use rps, p50, p90, p99, p999 or error_rate)");
  CHECK(reports::apply_threshold("-3", o).has_value());
  CHECK(reports::apply_threshold("abc", o).has_value());
  CHECK(reports::apply_threshold("p99=", o).has_value());
}

TEST_CASE("Compare: the JSON verdict follows spec/files.md", "[reports]") {
  SyntheticScenario s;
  s.seed = 7;
  const auto baseline = synthetic_results(s);
  s.seed = 8;
  s.latency_factor = 1.3;
  const auto j = reports::compare_to_json(compare_ok(baseline, synthetic_results(s)));
  CHECK(j.at("schema") == "travelctl.compare/v1");
  CHECK(j.at("verdict") == "regression");
  REQUIRE(j.at("metrics").size() == 6);
  const auto& p99 = j.at("metrics")[3];
  CHECK(p99.at("scenario") == "search");
  CHECK(p99.at("metric") == "p99_ms");
  for (const char* key : {"baseline", "current", "change_pct", "p_value"}) {
    CHECK(p99.at(key).is_number());
  }
  CHECK(p99.at("significant") == true);
  CHECK(p99.at("regression") == true);
}

TEST_CASE("Compare: table and Markdown show every metric and the verdict", "[reports]") {
  SyntheticScenario s;
  s.seed = 7;
  const auto baseline = synthetic_results(s);
  s.seed = 8;
  s.latency_factor = 1.3;
  const auto c = compare_ok(baseline, synthetic_results(s));
  const auto table = reports::render_compare_table(c, {"a.json", "b.json"}, false);
  CHECK_THAT(table, Catch::Contains("verdict: regression"));
  CHECK_THAT(table, Catch::Contains("REGRESSION"));
  CHECK(table.find("\033[") == std::string::npos);
  CHECK(reports::render_compare_table(c, {}, true).find("\033[1;31m") != std::string::npos);
  const auto md = reports::render_compare_markdown(c, {"a.json", "b.json"});
  CHECK_THAT(md, Catch::StartsWith("### ❌ bench compare: regression"));
  CHECK_THAT(md, Catch::Contains("| search | p99 |"));
  CHECK_THAT(md, Catch::Contains("Holm correction over 6 tests"));
}

TEST_CASE("Compare: an interval says its level when few runs cannot give the nominal one",
          "[reports]") {
  reports::MetricResult m;
  m.ci_low_pct = -2.5;
  m.ci_high_pct = 4.0;
  m.shift.level = 0.9683;
  CHECK(reports::format_interval(m, 0.95, " .. ") == "-2.5% .. +4.0% (96.8%)");
  m.shift.level = 0.951;
  CHECK(reports::format_interval(m, 0.95, " .. ") == "-2.5% .. +4.0%");
  m.ci_low_pct.reset();
  CHECK(reports::format_interval(m, 0.95, " .. ") == "-");
}
