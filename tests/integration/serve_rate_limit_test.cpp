// End to end: per-client rate limits on a serve with two worker threads — the burst, then 429
// rate_limited with Retry-After and RateLimit-* fields, other clients untouched, the ops and
// webhook routes never limited, the rejections in /metrics, and the client served again after
// its Retry-After.
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <thread>

#include "booking_support.hpp"
#include "support/scripted_server.hpp"

namespace {

using nlohmann::json;
using namespace travelctl::test;
using Clock = std::chrono::steady_clock;

const char* kSearch =
    R"({"search_id":"s_1","trips":[],"stations":{},"operators":{},"classes":{},)"
    R"("fx":{"base":"THB","rates":{"THB":"1","USD":"0.028571","EUR":"0.026310"}}})";
const char* kInitechKey = "rate-limit-test-key-initech";
const std::string kQuery = "/v1/itineraries?from=101&to=117&date=2026-12-01";

// acme: 5/s, burst 5; globex: no limit; initech: 100/s with the default burst.
std::string config_for(uint16_t supplier_port) {
  json c = json::parse(two_client_config("http://127.0.0.1:" + std::to_string(supplier_port)));
  c["clients"][0]["rate_limit"] = {{"per_second", 5}, {"burst", 5}};
  c["clients"].push_back({{"id", "initech"},
                          {"api_keys", {kInitechKey}},
                          {"currency", "USD"},
                          {"rate_limit", {{"per_second", 100}}}});
  return c.dump();
}

}  // namespace

TEST_CASE("serve rate limit: a client over its rate gets 429, others do not", "[integration]") {
  ScriptedServer supplier([](const RecordedRequest&) { return ScriptedReply::json(200, kSearch); });
  // Two workers, a fresh connection per request: the requests land on both threads, which share
  // one bucket per client.
  ServeProcess serve({"--config", write_temp_file(config_for(supplier.port())), "--listen",
                      "127.0.0.1:0", "--threads", "2"});
  REQUIRE(serve.ready());
  const uint16_t port = serve.port();

  // The burst: five answers at once, counting down.
  const auto start = Clock::now();
  int allowed = 0;
  HttpReply refused;
  for (int i = 0; i < 30; ++i) {
    HttpReply r = call(port, "GET", kQuery, kAcmeKey);
    if (r.status == 429) {
      refused = std::move(r);
      break;
    }
    INFO("request " << i << ": " << r.status << " " << r.body << r.error);
    REQUIRE(r.status == 200);
    CHECK(r.header("RateLimit-Limit") == "5");
    CHECK(r.header("RateLimit-Policy") == "5;w=1;burst=5");
    if (i == 0) {
      CHECK(r.header("RateLimit-Remaining") == "4");
      CHECK(r.header("RateLimit-Reset") == "1");
    }
    ++allowed;
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  INFO(allowed << " allowed in " << elapsed << " s");
  REQUIRE(refused.status == 429);
  CHECK(allowed >= 5);
  // One more token every 200 ms: on a machine that answers quickly, exactly the burst.
  CHECK(allowed <= 5 + static_cast<int>(std::floor(5 * elapsed)));

  CHECK(refused.header("content-type") == "application/json");
  const json body = json::parse(refused.body);
  CHECK(body["error"]["code"] == "rate_limited");
  CHECK(body["error"]["message"].is_string());
  CHECK(body["error"]["request_id"] == refused.header("x-request-id"));
  CHECK(refused.header("Retry-After") == "1");
  CHECK(refused.header("RateLimit-Limit") == "5");
  CHECK(refused.header("RateLimit-Remaining") == "0");
  CHECK(refused.header("RateLimit-Reset") == "1");
  CHECK(refused.header("RateLimit-Policy") == "5;w=1;burst=5");
  const auto refused_at = Clock::now();

  // Other clients: unlimited has no fields; limited has its own bucket.
  for (int i = 0; i < 8; ++i) {
    const HttpReply r = call(port, "GET", kQuery, kGlobexKey);
    REQUIRE(r.status == 200);
    CHECK(r.header("RateLimit-Limit").empty());
  }
  const HttpReply initech = call(port, "GET", kQuery, kInitechKey);
  REQUIRE(initech.status == 200);
  CHECK(initech.header("RateLimit-Limit") == "100");
  CHECK(initech.header("RateLimit-Remaining") == "99");
  CHECK(initech.header("RateLimit-Policy") == "100;w=1;burst=100");

  // Ops and webhook routes are never limited, whoever calls them.
  for (int i = 0; i < 8; ++i) {
    const HttpReply health = call(port, "GET", "/health", kAcmeKey);
    CHECK(health.status == 200);
    CHECK(health.header("RateLimit-Limit").empty());
    const HttpReply hook = call(port, "POST", "/v1/supplier/webhooks", kAcmeKey, R"({"id":"e"})");
    CHECK(hook.status == 401);  // unsigned: refused by the webhook's own check, not the limit
  }

  const HttpReply metrics = http_get("127.0.0.1", port, "/metrics");
  REQUIRE(metrics.status == 200);
  CHECK(metrics.body.find("travelctl_rate_limited_total{client=\"acme\"} 1\n") !=
        std::string::npos);
  CHECK(metrics.body.find("travelctl_rate_limited_total{client=\"globex\"} 0\n") !=
        std::string::npos);

  // After the Retry-After, served again.
  std::this_thread::sleep_until(refused_at + std::chrono::seconds(1));
  const HttpReply again = call(port, "GET", kQuery, kAcmeKey);
  CHECK(again.status == 200);
  CHECK(again.header("RateLimit-Limit") == "5");
}
