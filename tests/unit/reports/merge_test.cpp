// bench merge: two half-runs give exactly the union's percentiles; counts add; bad inputs named.
#include "travelctl/reports/merge.hpp"

#include <catch2/catch.hpp>
#include <random>

#include "support/synthetic_results.hpp"

namespace reports = travelctl::reports;
using travelctl::test::synthetic_results;
using travelctl::test::SyntheticScenario;

namespace {

// Splits one stream of latencies between two machines (alternately), as two results files.
struct Halves {
  reports::Results a;
  reports::Results b;
  reports::Histogram all;
};

Halves split_run(uint64_t seed) {
  Halves h;
  SyntheticScenario s;
  s.runs = 1;
  h.a = synthetic_results(s);
  h.b = synthetic_results(s);
  reports::Histogram ha;
  reports::Histogram hb;
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> latency(std::log(3000.0), 0.6);
  for (int i = 0; i < 50000; ++i) {
    const auto us = static_cast<uint64_t>(latency(rng)) + 1;
    (i % 2 ? ha : hb).record(us);
    h.all.record(us);
  }
  auto fill = [](reports::Results& r, const reports::Histogram& hist, uint64_t errors) {
    auto& run = r.scenarios[0].runs[0];
    run.requests = hist.count();
    run.rps = static_cast<double>(hist.count()) / run.duration_s;
    run.errors = {};
    run.errors.status["503"] = errors;
    run.errors.timeout = 1;
    run.latency_ms = reports::latency_from_histogram(hist);
    run.histogram = hist;
  };
  fill(h.a, ha, 3);
  fill(h.b, hb, 4);
  return h;
}

}  // namespace

TEST_CASE("Merge: two half-runs give exactly the percentiles of the union", "[reports]") {
  const Halves h = split_run(42);
  auto m = reports::merge_results({h.a, h.b}, {"a.json", "b.json"});
  REQUIRE(m.has_value());
  const auto& run = m->results.scenarios.at(0).runs.at(0);
  REQUIRE(run.histogram.has_value());
  CHECK(run.histogram->count() == h.all.count());
  for (double p : {0.0, 1.0, 25.0, 50.0, 75.0, 90.0, 99.0, 99.9, 99.99, 100.0}) {
    CHECK(run.histogram->percentile(p) == h.all.percentile(p));
  }
  const auto expected = reports::latency_from_histogram(h.all);
  CHECK(run.latency_ms.p50 == expected.p50);
  CHECK(run.latency_ms.p99 == expected.p99);
  CHECK(run.latency_ms.p9999 == expected.p9999);
  CHECK(run.latency_ms.max == expected.max);
  CHECK(run.latency_ms.mean == expected.mean);
  CHECK(run.requests == 50000);
  CHECK(run.rps == Approx(h.a.scenarios[0].runs[0].rps + h.b.scenarios[0].runs[0].rps));
  CHECK(run.errors.status.at("503") == 7);
  CHECK(run.errors.timeout == 2);
  CHECK(m->results.scenarios[0].summary.latency_ms.p99 == expected.p99);
  CHECK(m->results.scenarios[0].config.connections == 20);
  CHECK(m->results.extra.at("merged_from").size() == 2);
}

TEST_CASE("Merge: the merged file survives a write and read unchanged", "[reports]") {
  const Halves h = split_run(7);
  auto m = reports::merge_results({h.a, h.b}, {});
  REQUIRE(m.has_value());
  const auto j = to_json(m->results);
  auto back = reports::results_from_json(j);
  REQUIRE(back.has_value());
  CHECK(to_json(*back) == j);
}

TEST_CASE("Merge: timelines align by t_s", "[reports]") {
  SyntheticScenario s;
  s.runs = 1;
  s.duration_s = 3;
  auto a = synthetic_results(s);
  s.seed = 2;
  s.duration_s = 4;  // the second machine ran one second longer
  auto b = synthetic_results(s);
  auto m = reports::merge_results({a, b}, {});
  REQUIRE(m.has_value());
  const auto& ta = a.scenarios[0].runs[0].timeline;
  const auto& tb = b.scenarios[0].runs[0].timeline;
  const auto& tm = m->results.scenarios[0].runs[0].timeline;
  REQUIRE(tm.size() == 4);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(tm[i].t_s == ta[i].t_s);
    CHECK(tm[i].requests == ta[i].requests + tb[i].requests);
    CHECK(tm[i].p99_ms == std::max(ta[i].p99_ms, tb[i].p99_ms));
  }
  CHECK(tm[3].requests == tb[3].requests);
  CHECK(m->results.scenarios[0].runs[0].duration_s == 4);
}

TEST_CASE("Merge: mismatched inputs are refused with the file, scenario and run", "[reports]") {
  SyntheticScenario s;
  s.runs = 2;
  auto a = synthetic_results(s);
  auto b = synthetic_results(s);
  b.scenarios[0].runs.pop_back();
  auto m = reports::merge_results({a, b}, {"a.json", "b.json"});
  REQUIRE_FALSE(m.has_value());
  CHECK(m.error().reasons.at(0) == "b.json: scenario search has 1 runs, a.json has 2");

  b = synthetic_results(s);
  b.scenarios[0].name = "booking";
  m = reports::merge_results({a, b}, {"a.json", "b.json"});
  REQUIRE_FALSE(m.has_value());
  CHECK(m.error().reasons.at(0) == "b.json: no scenario \"search\" (it is in a.json)");
  CHECK(m.error().reasons.at(1) == "b.json: scenario \"booking\" is not in a.json");

  b = synthetic_results(s);
  b.scenarios[0].runs[1].histogram.reset();
  m = reports::merge_results({a, b}, {"a.json", "b.json"});
  REQUIRE_FALSE(m.has_value());
  CHECK(m.error().reasons.at(0) ==
        "b.json: scenario search run 2 has no histogram: percentiles cannot be merged exactly");
}

TEST_CASE("Merge: open-model figures add and uncorrected latency is dropped with a warning",
          "[reports]") {
  SyntheticScenario s;
  s.runs = 1;
  auto a = synthetic_results(s);
  auto b = synthetic_results(s);
  a.scenarios[0].config.rate = 1000;
  b.scenarios[0].config.rate = 500;
  a.scenarios[0].runs[0].behind_schedule = 3;
  b.scenarios[0].runs[0].behind_schedule = 4;
  a.scenarios[0].runs[0].latency_uncorrected_ms = a.scenarios[0].runs[0].latency_ms;
  b.tool.version = "9.9.9";
  auto m = reports::merge_results({a, b}, {"a.json", "b.json"});
  REQUIRE(m.has_value());
  CHECK(m->results.scenarios[0].config.rate == 1500);
  CHECK(m->results.scenarios[0].runs[0].behind_schedule == 7);
  CHECK_FALSE(m->results.scenarios[0].runs[0].latency_uncorrected_ms.has_value());
  REQUIRE(m->warnings.size() == 2);
  CHECK(m->warnings[0] == "b.json was written by travelctl 9.9.9, a.json by 0.1.0");
}

TEST_CASE("Append runs: runs of separate invocations follow each other, summary recomputed",
          "[reports]") {
  SyntheticScenario s;
  s.runs = 2;
  const reports::Results a = synthetic_results(s);
  s.runs = 3;
  s.seed = 99;
  const reports::Results b = synthetic_results(s);
  auto out = reports::append_runs({a, b}, {"a.json", "b.json"});
  REQUIRE(out);
  const auto& runs = out->results.scenarios[0].runs;
  REQUIRE(runs.size() == 5);
  CHECK(runs[0].rps == a.scenarios[0].runs[0].rps);
  CHECK(runs[4].rps == b.scenarios[0].runs[2].rps);
  CHECK(out->results.scenarios[0].summary.rps == reports::summarize(runs).rps);

  reports::Results other = b;
  other.scenarios[0].name = "elsewhere";
  auto bad = reports::append_runs({a, other}, {"a.json", "o.json"});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().reasons.size() == 2);  // each side misses the other's scenario
}
