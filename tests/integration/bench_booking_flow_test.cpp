// `bench run --scenario scenarios/booking-flow.json` drives whole bookings through a real serve in
// front of a real simulator, twice in a row (keys must not repeat across runs), with zero errors.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "booking_support.hpp"

namespace {

using nlohmann::json;
using namespace travelctl::test;

// The shipped scenario, with its days moved to start `first_day` days ahead.
std::string scenario_from_day(int first_day) {
  std::ifstream in(std::string(TRAVELCTL_SOURCE_DIR) + "/scenarios/booking-flow.json");
  json s = json::parse(in);
  s["variables"]["date"]["days_ahead"] = {first_day, first_day + 30};
  return write_temp_file(s.dump());
}

json run_flow(uint16_t port, int connections, int first_day) {
  ChildProcess bench(
      {TRAVELCTL_BINARY, "bench", "run", "http://127.0.0.1:" + std::to_string(port), "--scenario",
       scenario_from_day(first_day), "-c", std::to_string(connections), "-d", "2s", "--warmup",
       "0s", "--format", "json"},
      {{"TRAVELCTL_API_KEY", kAcmeKey}});
  const auto status = bench.wait_exit(std::chrono::seconds(30));
  INFO(bench.stderr_text());
  REQUIRE(status == 0);
  return json::parse(bench.stdout_text());
}

}  // namespace

TEST_CASE("bench run: the booking-flow scenario books through serve with zero errors",
          "[integration][bench]") {
  SupplierProcess supplier;
  REQUIRE(supplier.port() != 0);
  auto serve = ServeProcess::with_config(
      two_client_config("http://127.0.0.1:" + std::to_string(supplier.port())));
  REQUIRE(serve->ready());
  // Two runs in a row on one serve (their Idempotency-Keys must not collide). They book on
  // different days: a run's last sequences are cut mid-way and leave reservations holding seats
  // until they expire, and a later run on the same trips would rightly meet a sold-out 409.
  for (const auto& [connections, first_day] : {std::pair{4, 7}, std::pair{8, 12}}) {
    const json results = run_flow(serve->port(), connections, first_day);
    const json& run = results["scenarios"][0]["runs"][0];
    INFO(run.dump());
    CHECK(results["scenarios"][0]["summary"]["errors_total"] == 0);
    CHECK(run["sequences"]["aborted"] == 0);
    CHECK(run["sequences"]["completed"].get<int>() > 20);
  }
  // Every completed sequence cancelled what it booked; bookings ended by the run's end aside,
  // the simulator saw one reservation per booking step.
  const json stats = supplier.stats();
  CHECK(stats["reservations"].get<int>() >= stats["cancellations"].get<int>());
  CHECK(stats["reservations"].get<int>() - stats["cancellations"].get<int>() <= 12);
}
