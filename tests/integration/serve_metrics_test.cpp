// End to end: GET /metrics of a real serve, parsed by the reference Prometheus text parser
// (python3-prometheus-client), counts what was done: requests by route and status, supplier
// calls by endpoint and outcome, latency histograms, per-client series and process metrics.
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "booking_support.hpp"
#include "support/scripted_server.hpp"

namespace {

using namespace travelctl::test;

// Sample -> value, as the reference parser read them.
std::map<std::string, double> parse_with_reference(const std::string& text) {
  const std::string in = write_temp_file(text, ".prom");
  const std::string script =
      std::string(TRAVELCTL_SOURCE_DIR) + "/tests/integration/scripts/parse_metrics.py";
  const CommandOutput r = run_command("/usr/bin/python3 " + script + " < " + in);
  const std::string& out = r.output;
  INFO(out);
  REQUIRE(r.status == 0);
  std::map<std::string, double> samples;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    const auto space = line.rfind(' ');
    samples[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return samples;
}

const char* kSearch = R"({"search_id":"s_1","trips":[],"stations":{},"operators":{},"classes":{},)"
                      R"("fx":{"base":"THB","rates":{"THB":"1","USD":"0.028571"}}})";

}  // namespace

TEST_CASE("serve: /metrics counts requests and supplier calls in Prometheus text",
          "[integration]") {
  ScriptedServer supplier([](const RecordedRequest& r) {
    return r.target.find("from=999") != std::string::npos
               ? ScriptedReply::json(503, R"({"error":{"code":"x","message":"y"}})")
               : ScriptedReply::json(200, kSearch);
  });
  auto serve = ServeProcess::with_config(
      two_client_config("http://127.0.0.1:" + std::to_string(supplier.port())));
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();
  for (int i = 0; i < 3; ++i) {
    REQUIRE(call(port, "GET", "/v1/itineraries?from=101&to=117&date=2026-12-01", kAcmeKey).status ==
            200);
  }
  REQUIRE(call(port, "GET", "/v1/itineraries?from=999&to=117&date=2026-12-01", kGlobexKey).status ==
          502);
  REQUIRE(call(port, "GET", "/v1/itineraries?from=0", kAcmeKey).status == 400);
  REQUIRE(http_get("127.0.0.1", port, "/v1/itineraries").status == 401);
  REQUIRE(http_get("127.0.0.1", port, "/no/such/route").status == 404);

  const HttpReply r = http_get("127.0.0.1", port, "/metrics");
  REQUIRE(r.status == 200);
  CHECK(r.header("content-type").starts_with("text/plain; version=0.0.4"));
  auto m = parse_with_reference(r.body);
  CHECK(m["travelctl_http_requests_total{route=search,status=200}"] == 3);
  CHECK(m["travelctl_http_requests_total{route=search,status=502}"] == 1);
  CHECK(m["travelctl_http_requests_total{route=search,status=400}"] == 1);
  CHECK(m["travelctl_http_requests_total{route=search,status=401}"] == 1);
  CHECK(m["travelctl_http_requests_total{route=none,status=404}"] == 1);
  CHECK(m["travelctl_http_request_duration_seconds_count{route=search}"] == 6);
  CHECK(m["travelctl_http_request_duration_seconds_bucket{le=+Inf,route=search}"] == 6);
  // Three identical searches: one supplier call, then two cache hits. The 503 is tried three
  // times (supplier.retries.max 2), each try a call.
  CHECK(m["travelctl_supplier_requests_total{endpoint=search,outcome=2xx}"] == 1);
  CHECK(m["travelctl_supplier_requests_total{endpoint=search,outcome=5xx}"] == 3);
  CHECK(m["travelctl_supplier_request_duration_seconds_count{endpoint=search}"] == 4);
  CHECK(m["travelctl_supplier_retries_total{reason=status}"] == 2);
  CHECK(m["travelctl_supplier_retry_budget_exhausted_total{}"] == 0);
  CHECK(m["travelctl_supplier_circuit_breakers{state=closed}"] >= 1);
  CHECK(m["travelctl_supplier_circuit_breakers{state=open}"] == 0);
  CHECK(m["travelctl_supplier_rejected_total{reason=circuit_open}"] == 0);
  CHECK(m["travelctl_supplier_pool_connections{state=idle}"] >= 1);
  CHECK(m["travelctl_supplier_pool_waiting{}"] == 0);
  CHECK(m["travelctl_search_cache_total{result=hit}"] == 2);
  CHECK(m["travelctl_search_cache_total{result=miss}"] == 2);
  CHECK(m["travelctl_client_requests_total{client=acme}"] == 4);
  CHECK(m["travelctl_client_requests_total{client=globex}"] == 1);
  CHECK(m["process_resident_memory_bytes{}"] > 1e6);
  CHECK(m["process_open_fds{}"] > 3);
  // The scrape itself is counted by the next one.
  m = parse_with_reference(http_get("127.0.0.1", port, "/metrics").body);
  CHECK(m["travelctl_http_requests_total{route=metrics,status=200}"] == 1);
}
