// End to end: the search cache in front of a counting stand-in supplier. 100 concurrent identical
// searches make one supplier call; hits are shared across clients but rendered per client; a
// refresh that fails serves the stale answer until the stale window ends.
#include <catch2/catch.hpp>
#include <thread>

#include "booking_support.hpp"
#include "support/scripted_server.hpp"

namespace {

using nlohmann::json;
using namespace travelctl::test;

const char* kSearch =
    R"({"search_id":"s_1","trips":[{"id":"T1","segments":[{"from_id":101,"to_id":117,)"
    R"("departs_at":"2026-12-01T08:30:00+07:00","arrives_at":"2026-12-01T15:45:00+07:00",)"
    R"("operator_id":7,"class_id":2,"vehicle":"bus"}],"price":{"amount_minor":85000,"currency":"THB"},)"
    R"("seats_left":12,"bookable":true}],"stations":{"101":{"name":"A"},"117":{"name":"B"}},)"
    R"("operators":{"7":{"name":"Op"}},"classes":{"2":{"name":"VIP"}},)"
    R"("fx":{"base":"THB","rates":{"THB":"1","USD":"0.028571","EUR":"0.026310"}}})";

const std::string kQuery = "/v1/itineraries?from=101&to=117&date=2026-12-01";

struct CountingSupplier {
  std::atomic<int> calls{0};
  std::atomic<bool> failing{false};
  ScriptedServer server{[this](const RecordedRequest&) {
    ++calls;
    if (failing.load()) {
      return ScriptedReply::json(503, R"({"error":{"code":"x","message":"down"}})");
    }
    ScriptedReply r = ScriptedReply::json(200, kSearch);
    r.delay = std::chrono::milliseconds(150);  // long enough for everyone to pile up
    return r;
  }};
};

std::unique_ptr<ServeProcess> start(CountingSupplier& s, int ttl_ms, int stale_ms) {
  json c = json::parse(two_client_config("http://127.0.0.1:" + std::to_string(s.server.port())));
  c["cache"] = {{"search_ttl_ms", ttl_ms}, {"stale_ms", stale_ms}};
  // Two worker threads: coalescing must hold across threads, not only within one.
  return std::make_unique<ServeProcess>(std::vector<std::string>{
      "--config", write_temp_file(c.dump()), "--listen", "127.0.0.1:0", "--threads", "2"});
}

}  // namespace

TEST_CASE("serve cache: 100 concurrent identical searches make one supplier call",
          "[integration]") {
  CountingSupplier supplier;
  auto serve = start(supplier, 60'000, 0);
  REQUIRE(serve->ready());
  std::vector<HttpReply> replies(100);
  std::vector<std::thread> threads;
  for (int i = 0; i < 100; ++i) {
    threads.emplace_back(
        [&, i] { replies[i] = call(serve->port(), "GET", kQuery, i % 2 ? kAcmeKey : kGlobexKey); });
  }
  for (auto& t : threads) {
    t.join();
  }
  int ok = 0;
  for (const auto& r : replies) {
    ok += r.status == 200;
  }
  CHECK(ok == 100);
  CHECK(supplier.calls == 1);
  // Shared across clients, rendered for each: acme in USD, globex in EUR.
  const HttpReply usd = call(serve->port(), "GET", kQuery, kAcmeKey);
  const HttpReply eur = call(serve->port(), "GET", kQuery, kGlobexKey);
  CHECK(usd.header("x-cache") == "HIT");
  CHECK(eur.header("x-cache") == "HIT");
  CHECK(json::parse(usd.body)["currency"] == "USD");
  CHECK(json::parse(eur.body)["currency"] == "EUR");
  CHECK(supplier.calls == 1);
  // Another request (pax) is another key.
  CHECK(call(serve->port(), "GET", kQuery + "&pax=2", kAcmeKey).header("x-cache") == "MISS");
  CHECK(supplier.calls == 2);
  const std::string metrics = http_get("127.0.0.1", serve->port(), "/metrics").body;
  CHECK(metrics.find("travelctl_search_cache_total{result=\"coalesced\"}") != std::string::npos);
}

TEST_CASE("serve cache: the TTL ends a hit, stale-if-error serves the old answer in its window",
          "[integration]") {
  CountingSupplier supplier;
  auto serve = start(supplier, 300, 1500);
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();
  CHECK(call(port, "GET", kQuery, kAcmeKey).header("x-cache") == "MISS");
  CHECK(call(port, "GET", kQuery, kAcmeKey).header("x-cache") == "HIT");
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  CHECK(call(port, "GET", kQuery, kAcmeKey).header("x-cache") == "MISS");  // refreshed
  CHECK(supplier.calls == 2);

  supplier.failing = true;
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  const HttpReply stale = call(port, "GET", kQuery, kAcmeKey);
  CHECK(stale.status == 200);
  CHECK(stale.header("x-cache") == "STALE");
  CHECK(supplier.calls == 5);  // it did try the supplier first (a 503: tried again twice)
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const HttpReply gone = call(port, "GET", kQuery, kAcmeKey);
  CHECK(gone.status == 502);
  CHECK(json::parse(gone.body)["error"]["code"] == "supplier_error");
}
