// Tests of the simulator in-process on a real 127.0.0.1 socket: fault options, set_faults() and
// the injected-fault counters of stats().
#include "travelctl/core/supplier/simulator.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/raw_exchange.hpp"

namespace {

using namespace travelctl::core;
using std::chrono::milliseconds;
using supplier::sim::FaultKind;
using travelctl::test::raw_exchange;
using travelctl::test::raw_get;
using travelctl::test::RawExchange;

RawExchange search(uint16_t port) {
  return raw_exchange(port,
                      raw_get("/v1/search?from=101&to=117&date=2026-12-01",
                              "X-Partner-Key: partner-key\r\nConnection: close\r\n"),
                      milliseconds(3000));
}

}  // namespace

TEST_CASE("Simulator: a bad fault spec is refused with its message", "[core]") {
  supplier::SimulatorOptions o;
  o.faults = "search=5xx:2";
  CHECK(supplier::Simulator::validate(o) ==
        "faults: '5xx:2': the rate must be a decimal from 0 to 1, e.g. 0.05");
  CHECK_THROWS_AS(supplier::Simulator(o), std::invalid_argument);
  o.faults = "search=5xx:0.5;default=reset:0.1";
  CHECK_FALSE(supplier::Simulator::validate(o).has_value());
}

TEST_CASE("Simulator: faults can be replaced while serving, and are counted", "[core]") {
  supplier::SimulatorOptions o;
  o.faults = "search=reset:1";
  supplier::Simulator sim(o);
  CHECK(sim.describe_faults() == "search=reset:1");
  http::Server server(http::ServerOptions{}, sim.handler_factory());
  const auto port = server.start();
  REQUIRE(port.has_value());

  CHECK(search(*port).end == RawExchange::End::reset);
  CHECK(sim.stats().injected(FaultKind::kReset) == 1);

  REQUIRE_FALSE(sim.set_faults("search=429(3s):1").has_value());
  CHECK(sim.describe_faults() == "search=429(3s):1");
  RawExchange x = search(*port);
  CHECK(x.status() == 429);
  CHECK(x.header("retry-after") == "3");
  CHECK(sim.stats().injected(FaultKind::k429) == 1);

  CHECK(sim.set_faults("search=429:0.5,reset:0.6") ==
        "faults: the rates for 'search' add up to 1.1, more than 1");
  CHECK(sim.describe_faults() == "search=429(3s):1");  // unchanged

  REQUIRE_FALSE(sim.set_faults("").has_value());
  x = search(*port);
  CHECK(x.status() == 200);
  CHECK(nlohmann::json::accept(x.body()));
  const auto stats = sim.stats();
  CHECK(stats.search_requests == 3);
  CHECK(stats.injected(FaultKind::kReset) == 1);
  CHECK(stats.injected(FaultKind::k429) == 1);
  CHECK(stats.injected(FaultKind::k5xx) == 0);
  server.stop();
}
