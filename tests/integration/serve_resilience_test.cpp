// End to end: the supplier resilience of `travelctl serve` against a real `travelctl supplier`
// with injected faults and latency: circuit breaker, retries (GET only, within a budget), one
// deadline per request, hedged search, the global supplier quota and the pool's wait queue.
#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "booking_support.hpp"
#include "serve_process.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"

namespace {

using namespace travelctl::test;
using nlohmann::json;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// two_client_config with the cache off (every search reaches the supplier), resilience settings
// merged in from `supplier` and `server`.
std::string config(uint16_t supplier_port, const json& supplier = json::object(),
                   const json& server = json::object()) {
  json c = json::parse(two_client_config("http://127.0.0.1:" + std::to_string(supplier_port)));
  c["cache"] = {{"search_ttl_ms", 0}};
  c["supplier"]["connect_timeout_ms"] = 500;
  c["supplier"].merge_patch(supplier);
  c["server"].merge_patch(server);
  return c.dump();
}

void set_faults(uint16_t supplier_port, const std::string& spec) {
  INFO("faults " << spec);
  REQUIRE(set_sim_faults(supplier_port, spec));
}

std::string search_target(int days = 20) {
  return "/v1/itineraries?from=101&to=117&pax=1&date=" + date_in_days(days);
}

HttpReply search(uint16_t port, const char* key = kAcmeKey) {
  return call(port, "GET", search_target(), key);
}

// A family's sum in a fresh scrape of serve (booking_support's metric_sum).
double metric(uint16_t port, const std::string& family,
              const std::vector<std::string>& match = {}) {
  const HttpReply r = http_get("127.0.0.1", port, "/metrics");
  REQUIRE(r.status == 200);
  return metric_sum(r.body, family, match);
}

double supplier_requests(const SupplierProcess& s, const char* endpoint) {
  return s.stats()["requests"][endpoint].get<double>();
}

json ready_supplier(uint16_t port) {
  const HttpReply r = http_get("127.0.0.1", port, "/ready");
  INFO(r.body);
  REQUIRE(r.status == 200);  // the supplier's trouble never fails readiness
  return json::parse(r.body)["supplier"];
}

void check_error(const HttpReply& r, int status, const std::string& code) {
  INFO(r.status << " " << r.body << " " << r.error);
  REQUIRE(r.status == status);
  const json body = json::parse(r.body, nullptr, false);
  REQUIRE(body.is_object());
  CHECK(body["error"]["code"] == code);
  CHECK(body["error"]["request_id"] == r.header("x-request-id"));
}

}  // namespace

TEST_CASE(
    "serve resilience: the breaker opens after N failures, answers 503 fast, half-opens "
    "after open_ms and closes on success",
    "[integration]") {
  SupplierProcess supplier;
  REQUIRE(supplier.port() != 0);
  auto serve = ServeProcess::with_config(
      config(supplier.port(), {{"retries", {{"max", 0}}},
                               {"circuit_breaker", {{"failure_threshold", 3}, {"open_ms", 700}}}}));
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();
  CHECK(ready_supplier(port)["circuit"] == "closed");

  set_faults(supplier.port(), "search=5xx(500):1");
  for (int i = 0; i < 3; ++i) {
    check_error(search(port), 502, "supplier_error");
  }
  // Open: refused at once, with Retry-After, and the supplier does not see it.
  const auto start = Clock::now();
  const HttpReply refused = search(port);
  const auto took = Clock::now() - start;
  check_error(refused, 503, "supplier_unavailable");
  CHECK(refused.header("retry-after") == "1");  // 700 ms left, in whole seconds rounded up
  CHECK(took < milliseconds(200));
  CHECK(supplier_requests(supplier, "search") == 3);
  const json open = ready_supplier(port);
  CHECK(open["circuit"] == "open");
  CHECK(open["circuit_breakers"]["open"] == 1);
  CHECK(metric(port, "travelctl_supplier_circuit_breakers", {"state=\"open\""}) == 1);
  CHECK(metric(port, "travelctl_supplier_rejected_total", {"reason=\"circuit_open\""}) == 1);

  // After open_ms one probe goes; the supplier still fails: open again.
  std::this_thread::sleep_for(milliseconds(750));
  check_error(search(port), 502, "supplier_error");
  CHECK(supplier_requests(supplier, "search") == 4);
  check_error(search(port), 503, "supplier_unavailable");
  CHECK(supplier_requests(supplier, "search") == 4);

  // Healed: the next probe succeeds and closes the circuit.
  set_faults(supplier.port(), "none");
  std::this_thread::sleep_for(milliseconds(750));
  const HttpReply probe = search(port);
  INFO(probe.body);
  CHECK(probe.status == 200);
  CHECK(ready_supplier(port)["circuit"] == "closed");
  CHECK(search(port).status == 200);
  CHECK(metric(port, "travelctl_supplier_circuit_transitions_total", {"to=\"open\""}) == 2);
  CHECK(metric(port, "travelctl_supplier_circuit_transitions_total", {"to=\"half_open\""}) == 2);
  CHECK(metric(port, "travelctl_supplier_circuit_transitions_total", {"to=\"closed\""}) == 1);
  CHECK(metric(port, "travelctl_supplier_circuit_breakers", {"state=\"closed\""}) == 1);
}

TEST_CASE("serve resilience: malformed search bodies count as failures for the breaker",
          "[integration]") {
  SupplierProcess supplier;
  REQUIRE(supplier.port() != 0);
  auto serve = ServeProcess::with_config(config(
      supplier.port(), {{"retries", {{"max", 0}}},
                        {"circuit_breaker", {{"failure_threshold", 3}, {"open_ms", 5000}}}}));
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();
  set_faults(supplier.port(), "search=malformed:1");
  for (int i = 0; i < 3; ++i) {
    check_error(search(port), 502, "supplier_error");  // a 200 whose body is not JSON
  }
  check_error(search(port), 503, "supplier_unavailable");
  CHECK(supplier_requests(supplier, "search") == 3);
}

TEST_CASE("serve resilience: a 503-then-ok supplier is retried for GET search and succeeds",
          "[integration]") {
  SupplierProcess supplier;
  REQUIRE(supplier.port() != 0);
  auto serve = ServeProcess::with_config(
      config(supplier.port(), {{"retries", {{"max", 2}, {"budget_percent", 100}}},
                               {"circuit_breaker", {{"failure_threshold", 100}}}}));
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();
  set_faults(supplier.port(), "search=5xx(503):0.3");
  int ok = 0;
  constexpr int kSearches = 20;
  for (int i = 0; i < kSearches; ++i) {
    const HttpReply r = search(port);
    ok += r.status == 200 ? 1 : 0;
  }
  const json stats = supplier.stats();
  const double injected = stats["faults"]["5xx"].get<double>();
  const double retries = metric(port, "travelctl_supplier_retries_total", {"reason=\"status\""});
  const int failed = kSearches - ok;
  INFO("503s injected " << injected << ", retries " << retries << ", ok " << ok);
  // Every 503 was tried again, except the third of a row (max 2 retries) which failed a search.
  CHECK(retries > 0);
  CHECK(injected == retries + failed);
  CHECK(failed <= 2);
  CHECK(stats["requests"]["search"].get<double>() == kSearches + retries);
}

TEST_CASE("serve resilience: a POST is never retried (reserve, cart)", "[integration]") {
  SupplierProcess supplier;
  REQUIRE(supplier.port() != 0);
  auto serve = ServeProcess::with_config(
      config(supplier.port(), {{"retries", {{"max", 2}, {"budget_percent", 100}}}}));
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();
  const HttpReply found = search(port);
  REQUIRE(found.status == 200);
  const json list = json::parse(found.body)["itineraries"];
  const HttpReply opened =
      call(port, "GET", "/v1/itineraries/" + list[0]["id"].get<std::string>(), kAcmeKey);
  REQUIRE(opened.status == 200);
  const std::string body = booking_body(json::parse(opened.body)["booking_token"], 1);

  set_faults(supplier.port(), "reserve=5xx(503):1;cart=5xx(503):1");
  const double reserves = supplier_requests(supplier, "reserve");
  check_error(call(port, "POST", "/v1/bookings", kAcmeKey, body, {{"Idempotency-Key", "r1"}}), 502,
              "supplier_error");
  CHECK(supplier_requests(supplier, "reserve") == reserves + 1);
  const double carts = supplier_requests(supplier, "cart");
  check_error(call(port, "GET", "/v1/itineraries/" + list[1]["id"].get<std::string>(), kAcmeKey),
              502, "supplier_error");
  CHECK(supplier_requests(supplier, "cart") == carts + 1);
  CHECK(metric(port, "travelctl_supplier_retries_total") == 0);
}

TEST_CASE("serve resilience: the retry budget caps retries under 100 % failures", "[integration]") {
  SupplierProcess supplier;
  REQUIRE(supplier.port() != 0);
  auto serve = ServeProcess::with_config(
      config(supplier.port(),
             {{"retries", {{"max", 2}, {"budget_percent", 10}}},
              {"circuit_breaker", {{"failure_threshold", 1000}, {"failure_rate_percent", 0}}}}));
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();
  set_faults(supplier.port(), "search=5xx(503):1");
  constexpr int kSearches = 40;
  for (int i = 0; i < kSearches; ++i) {
    check_error(search(port), 502, "supplier_error");
  }
  const double sent = supplier_requests(supplier, "search");
  const double retries = metric(port, "travelctl_supplier_retries_total");
  INFO("supplier saw " << sent << " searches for " << kSearches << ", retries " << retries);
  // Unbudgeted, 40 × 3 = 120 tries; the budget allows 3 + 10 % of 40.
  CHECK(retries <= 3 + kSearches / 10);
  CHECK(retries >= 3);
  CHECK(sent == kSearches + retries);
  CHECK(metric(port, "travelctl_supplier_retry_budget_exhausted_total") > 0);
}

TEST_CASE("serve resilience: the itinerary's three calls share one deadline", "[integration]") {
  // Each of trip, cart and schema takes 250 ms: 750 ms in all, each within the 500 ms try
  // timeout, but past the request's 600 ms deadline.
  SupplierProcess supplier(
      {"--latency", "trip=fixed:250ms;cart=fixed:250ms;schema=fixed:250ms;default=fixed:0ms"});
  REQUIRE(supplier.port() != 0);
  auto serve = ServeProcess::with_config(
      config(supplier.port(), {{"timeout_ms", 500}}, {{"request_timeout_ms", 600}}));
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();
  const HttpReply found = search(port);
  REQUIRE(found.status == 200);
  const std::string id = json::parse(found.body)["itineraries"][0]["id"];
  const auto start = Clock::now();
  const HttpReply r = call(port, "GET", "/v1/itineraries/" + id, kAcmeKey);
  const auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  INFO("took " << took.count() << " ms");
  check_error(r, 504, "supplier_timeout");
  CHECK(took >= milliseconds(580));
  CHECK(took < milliseconds(740));  // not 3 × 500, not even the 750 of the three answers
  CHECK(supplier_requests(supplier, "schema") == 1);  // sent with the 100 ms that were left
}

TEST_CASE("serve resilience: a hedged search answers before a slow first try", "[integration]") {
  // Most searches are fast, a few very slow (log-normal tail); the same seed for both runs.
  const std::vector<std::string> args = {"--latency",
                                         "search=lognormal:p50=2ms,p99=400ms;default=fixed:0ms"};
  auto p99 = [](std::vector<long> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() * 99 / 100];
  };
  auto run = [&](int hedge_after_ms, double& hedges_used) {
    SupplierProcess supplier(args);
    REQUIRE(supplier.port() != 0);
    auto serve = ServeProcess::with_config(
        config(supplier.port(),
               {{"hedge_after_ms", hedge_after_ms}, {"retries", {{"budget_percent", 100}}}}));
    REQUIRE(serve->ready());
    std::vector<long> us;
    for (int i = 0; i < 120; ++i) {
      const auto start = Clock::now();
      const HttpReply r = search(serve->port());
      REQUIRE(r.status == 200);
      us.push_back(static_cast<long>(
          std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count()));
    }
    hedges_used = metric(serve->port(), "travelctl_supplier_hedges_total", {"result=\"used\""});
    return p99(us);
  };
  double unhedged_used = 0, hedged_used = 0;
  const long plain = run(0, unhedged_used);
  const long hedged = run(30, hedged_used);
  INFO("p99 without hedging " << plain << " us, with hedge_after 30 ms " << hedged
                              << " us; hedges used " << hedged_used);
  WARN("hedging p99: " << plain / 1000 << " ms -> " << hedged / 1000 << " ms, hedges used "
                       << hedged_used);
  CHECK(unhedged_used == 0);
  CHECK(hedged_used > 0);
  CHECK(hedged < plain);
}

TEST_CASE("serve resilience: the global supplier quota keeps a fair share for every client",
          "[integration]") {
  SupplierProcess supplier;
  REQUIRE(supplier.port() != 0);
  // 20 calls a second for both clients: 10 each when contended; a burst of 20, 10 kept back.
  auto serve = ServeProcess::with_config(config(supplier.port(), {{"max_rps", 20}}));
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();
  std::atomic<bool> stop{false};
  std::atomic<int> greedy_ok{0}, greedy_refused{0};
  std::string refusal;
  std::thread greedy([&] {
    while (!stop) {
      const HttpReply r = search(port, kAcmeKey);
      if (r.status == 200) {
        ++greedy_ok;
      } else if (r.status == 503) {
        if (greedy_refused++ == 0) {
          refusal = r.header("retry-after") + " " + r.body;
        }
      }
    }
  });
  int modest_ok = 0;
  for (int i = 0; i < 8; ++i) {  // 5 a second: within its share of 10
    modest_ok += search(port, kGlobexKey).status == 200 ? 1 : 0;
    std::this_thread::sleep_for(milliseconds(200));
  }
  stop = true;
  greedy.join();
  INFO("greedy ok " << greedy_ok << ", refused " << greedy_refused << "; modest ok " << modest_ok
                    << "; first refusal: " << refusal);
  CHECK(modest_ok == 8);
  CHECK(greedy_refused > 0);
  CHECK(greedy_ok > 0);
  CHECK(refusal.rfind("1 ", 0) == 0);  // Retry-After: 1
  CHECK(refusal.find("supplier_unavailable") != std::string::npos);
  CHECK(metric(port, "travelctl_supplier_rejected_total", {"reason=\"quota\""}) == greedy_refused);
  // About 1.6 s at 20 a second plus the burst: the quota held.
  CHECK(supplier_requests(supplier, "search") <= 20 * 2.5 + 20);
}

TEST_CASE("serve resilience: a full connection wait queue answers 503 at once", "[integration]") {
  SupplierProcess supplier({"--latency", "search=fixed:300ms;default=fixed:0ms"});
  REQUIRE(supplier.port() != 0);
  auto serve = ServeProcess::with_config(
      config(supplier.port(), {{"pool", {{"max_connections", 1}, {"max_waiting", 1}}}}));
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();
  std::vector<std::thread> threads;
  std::vector<HttpReply> replies(4);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] { replies[static_cast<std::size_t>(i)] = search(port); });
    std::this_thread::sleep_for(milliseconds(20));
  }
  for (auto& t : threads) {
    t.join();
  }
  int ok = 0, refused = 0;
  for (const HttpReply& r : replies) {
    if (r.status == 200) {
      ++ok;
    } else {
      check_error(r, 503, "supplier_unavailable");
      CHECK(r.header("retry-after") == "1");
      ++refused;
    }
  }
  CHECK(ok == 2);  // one on the connection, one waiting
  CHECK(refused == 2);
  CHECK(metric(port, "travelctl_supplier_rejected_total", {"reason=\"pool_full\""}) == 2);
  CHECK(metric(port, "travelctl_supplier_pool_connections", {"state=\"idle\""}) == 1);
  CHECK(metric(port, "travelctl_supplier_pool_waiting") == 0);
}
