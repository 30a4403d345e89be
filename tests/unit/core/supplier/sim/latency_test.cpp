// Tests of the latency spec grammar and of the distributions' samples.
#include "travelctl/core/supplier/sim/latency.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

using namespace travelctl::core::supplier::sim;
using std::chrono::microseconds;

TEST_CASE("Latency: durations", "[core]") {
  CHECK(parse_sim_duration("20ms") == microseconds(20000));
  CHECK(parse_sim_duration("0.5ms") == microseconds(500));
  CHECK(parse_sim_duration("150us") == microseconds(150));
  CHECK(parse_sim_duration("2s") == microseconds(2'000'000));
  CHECK(parse_sim_duration("0ms") == microseconds(0));
  for (const char* bad : {"", "ms", "20", "-5ms", "5 ms", "5m", "1.ms", ".5ms", "1e3ms", "5msx",
                          "9999999999s", "0.1234567s"}) {
    INFO(bad);
    CHECK_FALSE(parse_sim_duration(bad).has_value());
  }
}

TEST_CASE("Latency: a bare model applies to every endpoint", "[core]") {
  auto m = LatencyModel::parse("fixed:20ms");
  REQUIRE(m.has_value());
  Rng rng(1);
  for (size_t i = 0; i < kEndpointCount; ++i) {
    CHECK(m->sample(static_cast<Endpoint>(i), rng) == microseconds(20000));
  }
  CHECK(LatencyModel::parse("")->sample(Endpoint::kSearch, rng) == microseconds(0));
  CHECK(LatencyModel::parse("none")->sample(Endpoint::kSearch, rng) == microseconds(0));
}

TEST_CASE("Latency: per-endpoint entries with a default", "[core]") {
  auto m = LatencyModel::parse("search=lognormal:p50=20ms,p99=200ms,default=fixed:1ms");
  REQUIRE(m.has_value());
  CHECK(m->of(Endpoint::kSearch).kind == Distribution::Kind::kLognormal);
  CHECK(m->of(Endpoint::kSearch).describe() == "lognormal:p50=20ms,p99=200ms");
  CHECK(m->of(Endpoint::kReserve).describe() == "fixed:1ms");
  auto semi = LatencyModel::parse("reserve=uniform:5ms..50ms;trip=fixed:3ms");
  REQUIRE(semi.has_value());
  CHECK(semi->of(Endpoint::kReserve).describe() == "uniform:5ms..50ms");
  CHECK(semi->of(Endpoint::kTrip).describe() == "fixed:3ms");
  CHECK(semi->of(Endpoint::kSearch).describe() == "fixed:0ms");
}

TEST_CASE("Latency: bad specs say what is wrong", "[core]") {
  for (const char* bad :
       {"fixed", "fixed:", "fixed:20", "gauss:1ms", "uniform:5ms", "uniform:50ms..5ms",
        "lognormal:p50=20ms", "lognormal:p99=20ms", "lognormal:p50=200ms,p99=20ms",
        "lognormal:p50=0ms,p99=20ms", "lognormal:p50=1ms,p99=2ms,p75=1ms", "nosuch=fixed:1ms",
        "search=fixed:1ms,search=fixed:2ms", "fixed:1ms,fixed:2ms", "fixed:1ms,,", ","}) {
    INFO(bad);
    auto m = LatencyModel::parse(bad);
    REQUIRE_FALSE(m.has_value());
    CHECK_FALSE(m.error().empty());
  }
}

TEST_CASE("Latency: samples follow the distribution", "[core]") {
  Rng rng(42);
  auto uniform = LatencyModel::parse("uniform:5ms..50ms")->of(Endpoint::kSearch);
  for (int i = 0; i < 1000; ++i) {
    const auto d = uniform.sample(rng);
    CHECK(d >= microseconds(5000));
    CHECK(d <= microseconds(50000));
  }
  // A log-normal fitted to p50 = 20 ms and p99 = 200 ms reproduces both quantiles.
  auto logn = LatencyModel::parse("lognormal:p50=20ms,p99=200ms")->of(Endpoint::kSearch);
  CHECK(logn.mu == Approx(std::log(20000.0)));
  CHECK(logn.sigma == Approx(std::log(10.0) / 2.3263478740408408));
  std::vector<int64_t> s;
  for (int i = 0; i < 40000; ++i) {
    s.push_back(logn.sample(rng).count());
  }
  std::sort(s.begin(), s.end());
  CHECK(s[s.size() / 2] == Approx(20000).epsilon(0.05));
  CHECK(s[s.size() * 99 / 100] == Approx(200000).epsilon(0.10));
}

TEST_CASE("Latency: the same seed gives the same samples", "[core]") {
  auto m = LatencyModel::parse("lognormal:p50=20ms,p99=200ms");
  Rng a(9), b(9);
  for (int i = 0; i < 100; ++i) {
    CHECK(m->sample(Endpoint::kSearch, a) == m->sample(Endpoint::kSearch, b));
  }
}
