// End to end: graceful drain on SIGTERM/SIGINT (in-flight requests finish, /ready 503 in the
// grace), SIGHUP reloads (good and bad files), and the server limits set from the configuration.
#include <signal.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "booking_support.hpp"
#include "serve_process.hpp"
#include "support/http_client.hpp"
#include "support/raw_exchange.hpp"
#include "support/scripted_server.hpp"

namespace {

using nlohmann::json;
using namespace travelctl::test;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

constexpr const char* kKey = "lifecycle-test-key-0001";

const char* kEmptySearch =
    R"({"search_id":"s_1","trips":[],"stations":{},"operators":{},"classes":{},)"
    R"("fx":{"base":"THB","rates":{"THB":"1","USD":"0.028571"}}})";

json one_client_config(uint16_t supplier_port) {
  return {
      {"supplier",
       {{"base_url", "http://127.0.0.1:" + std::to_string(supplier_port)}, {"api_key", "partner"}}},
      {"cache", {{"search_ttl_ms", 0}}},  // every search reaches the supplier
      {"clients", json::array({{{"id", "acme"}, {"api_keys", {kKey}}, {"currency", "USD"}}})}};
}

std::string search_target(int day) {
  return "/v1/itineraries?from=101&to=117&date=" + date_in_days(day);
}

// Rewrites the file in place (same path, as an operator's editor or a config tool would).
void rewrite(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// How often `needle` occurs in the serve's stderr.
std::size_t count_in_stderr(ServeProcess& serve, const std::string& needle) {
  const std::string err = serve.child().stderr_text();
  std::size_t n = 0;
  for (auto at = err.find(needle); at != std::string::npos; at = err.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

// Waits until `needle` occurs `times` times in stderr (a reload's log line, say).
bool wait_for_count(ServeProcess& serve, const std::string& needle, std::size_t times) {
  for (int i = 0; i < 1000; ++i) {
    if (count_in_stderr(serve, needle) >= times) {
      return true;
    }
    std::this_thread::sleep_for(milliseconds(10));
  }
  return false;
}

// The first itinerary's price amount in cents for client `key` (the simulator's catalogue).
long long first_price_cents(uint16_t port, const std::string& key) {
  const HttpReply r =
      call(port, "GET", "/v1/itineraries?from=101&to=117&date=" + date_in_days(25), key);
  INFO(r.status << " " << r.body);
  REQUIRE(r.status == 200);
  const json body = json::parse(r.body);
  REQUIRE(!body["itineraries"].empty());
  return std::llround(std::stod(body["itineraries"][0]["price"]["amount"].get<std::string>()) *
                      100);
}

}  // namespace

TEST_CASE("serve lifecycle: SIGTERM lets in-flight requests finish, refuses new ones, exit 0",
          "[integration]") {
  ScriptedServer supplier([](const RecordedRequest&) {
    ScriptedReply r = ScriptedReply::json(200, kEmptySearch);
    r.delay = milliseconds(1000);
    return r;
  });
  json config = one_client_config(supplier.port());
  config["server"] = {{"drain_ms", 8000}};
  auto serve = std::make_unique<ServeProcess>(std::vector<std::string>{
      "--config", write_temp_file(config.dump()), "--listen", "127.0.0.1:0", "--threads", "2"});
  REQUIRE(serve->ready());
  constexpr int kRequests = 6;
  std::vector<std::future<HttpReply>> replies;
  for (int i = 0; i < kRequests; ++i) {
    replies.push_back(std::async(std::launch::async, [port = serve->port(), i] {
      HttpRequest req;
      req.target = search_target(10 + i);
      req.headers = {{"X-Api-Key", kKey}};
      req.timeout = milliseconds(15'000);
      return http_request("127.0.0.1", port, req);
    }));
  }
  for (int i = 0; i < 1000 && supplier.requests().size() < kRequests; ++i) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  REQUIRE(supplier.requests().size() == kRequests);
  const auto t0 = Clock::now();
  serve->child().send_signal(SIGTERM);
  REQUIRE(serve->child().wait_for_output("SIGTERM received, draining", std::chrono::seconds(5)));
  std::this_thread::sleep_for(milliseconds(200));
  // The listener is closed: a new client cannot connect.
  const HttpReply late = http_get("127.0.0.1", serve->port(), "/health");
  CHECK(late.status == 0);
  CHECK_FALSE(late.error.empty());
  for (auto& f : replies) {
    const HttpReply r = f.get();
    INFO(r.status << " " << r.error << " " << r.body);
    CHECK(r.status == 200);
  }
  const auto status = serve->child().wait_exit(std::chrono::seconds(10));
  REQUIRE(status.has_value());
  CHECK(*status == 0);
  CHECK(Clock::now() - t0 < milliseconds(8000));  // well within server.drain_ms
  const std::string err = serve->child().stderr_text();
  CHECK_THAT(err, Catch::Contains("drained: every in-flight request finished"));
  CHECK_THAT(err, Catch::Contains("travelctl serve: stopped"));
}

TEST_CASE("serve lifecycle: a request longer than --drain is cut, still exit 0 (flag over key)",
          "[integration]") {
  ScriptedServer supplier([](const RecordedRequest&) {
    ScriptedReply r = ScriptedReply::json(200, kEmptySearch);
    r.delay = milliseconds(6000);
    return r;
  });
  json config = one_client_config(supplier.port());
  config["server"] = {{"drain_ms", 60000}};
  auto serve = ServeProcess::with_config(config.dump(), {"--drain", "300ms"});
  REQUIRE(serve->ready());
  auto reply = std::async(std::launch::async, [port = serve->port()] {
    HttpRequest req;
    req.target = search_target(11);
    req.headers = {{"X-Api-Key", kKey}};
    req.timeout = milliseconds(15'000);
    return http_request("127.0.0.1", port, req);
  });
  for (int i = 0; i < 1000 && supplier.requests().empty(); ++i) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  REQUIRE(supplier.requests().size() == 1);
  const auto t0 = Clock::now();
  serve->child().send_signal(SIGTERM);
  const auto status = serve->child().wait_exit(std::chrono::seconds(10));
  REQUIRE(status.has_value());
  CHECK(*status == 0);
  CHECK(Clock::now() - t0 < milliseconds(4000));  // the 300 ms flag, not the 60 s key
  CHECK(reply.get().status == 0);
  CHECK_THAT(serve->child().stderr_text(), Catch::Contains("requests still in flight were cut"));
}

TEST_CASE("serve lifecycle: in the drain grace /ready is 503 draining and requests still served",
          "[integration]") {
  ScriptedServer supplier(
      [](const RecordedRequest&) { return ScriptedReply::json(200, kEmptySearch); });
  json config = one_client_config(supplier.port());
  config["server"] = {{"drain_grace_ms", 2000}, {"drain_ms", 2000}};
  auto serve = ServeProcess::with_config(config.dump());
  REQUIRE(serve->ready());
  REQUIRE(http_get("127.0.0.1", serve->port(), "/ready").status == 200);
  const auto t0 = Clock::now();
  serve->child().send_signal(SIGTERM);
  REQUIRE(serve->child().wait_for_output("SIGTERM received, draining", std::chrono::seconds(5)));
  const HttpReply ready = http_get("127.0.0.1", serve->port(), "/ready");
  CHECK(ready.status == 503);
  CHECK(ready.header("cache-control") == "no-store");
  const json body = json::parse(ready.body);
  CHECK(body["error"]["code"] == "not_ready");
  CHECK(body["error"]["details"]["reason"] == "draining");
  // Traffic the load balancer still sends is served, each answer closing its connection.
  const RawExchange x = raw_exchange(
      serve->port(), raw_get(search_target(12), "X-Api-Key: " + std::string(kKey) + "\r\n"),
      milliseconds(5000));
  CHECK(x.status() == 200);
  CHECK(x.header("connection") == "close");
  CHECK(http_get("127.0.0.1", serve->port(), "/health").status == 200);
  const auto status = serve->child().wait_exit(std::chrono::seconds(10));
  REQUIRE(status.has_value());
  CHECK(*status == 0);
  CHECK(Clock::now() - t0 >= milliseconds(1800));  // the grace was kept
}

TEST_CASE("serve lifecycle: SIGINT skips the grace, a second SIGTERM cuts it short",
          "[integration]") {
  ScriptedServer supplier(
      [](const RecordedRequest&) { return ScriptedReply::json(200, kEmptySearch); });
  json config = one_client_config(supplier.port());
  config["server"] = {{"drain_grace_ms", 30000}};
  for (int second : {SIGINT, SIGTERM}) {
    auto serve = ServeProcess::with_config(config.dump());
    REQUIRE(serve->ready());
    const auto t0 = Clock::now();
    if (second == SIGTERM) {
      serve->child().send_signal(SIGTERM);
      REQUIRE(
          serve->child().wait_for_output("SIGTERM received, draining", std::chrono::seconds(5)));
    }
    serve->child().send_signal(second);
    const auto status = serve->child().wait_exit(std::chrono::seconds(15));
    REQUIRE(status.has_value());
    CHECK(*status == 0);
    CHECK(Clock::now() - t0 < milliseconds(10'000));  // not the 30 s grace
  }
}

TEST_CASE("serve lifecycle: SIGHUP swaps keys, markups, clients and limits at once",
          "[integration]") {
  SupplierProcess supplier;
  REQUIRE(supplier.port() != 0);
  const std::string base = "http://127.0.0.1:" + std::to_string(supplier.port());
  const auto config = [&](const json& clients) {
    return json{{"supplier", {{"base_url", base}, {"api_key", "partner"}}}, {"clients", clients}}
        .dump();
  };
  const json globex = {{"id", "globex"},
                       {"api_keys", {"hup-globex-1"}},
                       {"currency", "USD"},
                       {"rate_limit", {{"per_second", 1}, {"burst", 60}}}};
  const std::string path = write_temp_file(config(
      json::array({{{"id", "acme"}, {"api_keys", {"hup-acme-1"}}, {"currency", "USD"}}, globex})));
  ServeProcess serve({"--config", path, "--listen", "127.0.0.1:0", "--threads", "2"});
  REQUIRE(serve.ready());
  const uint16_t port = serve.port();
  const long long before = first_price_cents(port, "hup-acme-1");
  // globex spends 30 of its 60 tokens before the reload.
  std::string remaining;
  for (int i = 0; i < 30; ++i) {
    remaining = call(port, "GET", "/v1/bookings/1", "hup-globex-1").header("ratelimit-remaining");
  }
  CHECK(std::stoi(remaining) <= 31);

  rewrite(path, config(json::array({{{"id", "acme"},
                                     {"api_keys", {"hup-acme-2"}},
                                     {"currency", "USD"},
                                     {"markup", {{"percent_bps", 10000}}}},
                                    globex,
                                    {{"id", "initech"},
                                     {"api_keys", {"hup-initech-1"}},
                                     {"currency", "USD"},
                                     {"rate_limit", {{"per_second", 1}, {"burst", 1}}}}})));
  serve.child().send_signal(SIGHUP);
  REQUIRE(wait_for_count(serve, "SIGHUP: configuration reloaded", 1));
  CHECK_THAT(serve.child().stderr_text(), Catch::Contains("added=initech"));
  CHECK_THAT(serve.child().stderr_text(), Catch::Contains("changed=acme"));

  // The removed key is refused; the new one works, with the new markup (100 %: twice the price).
  CHECK(call(port, "GET", search_target(25), "hup-acme-1").status == 401);
  const long long after = first_price_cents(port, "hup-acme-2");
  CHECK(std::llabs(after - 2 * before) <= 1);
  // A new client with its limit: one request, then 429.
  CHECK(call(port, "GET", search_target(25), "hup-initech-1").status == 200);
  CHECK(call(port, "GET", search_target(25), "hup-initech-1").status == 429);
  // globex's limit did not change: its bucket went on where it was (a new one would say 59).
  const HttpReply g = call(port, "GET", "/v1/bookings/1", "hup-globex-1");
  CHECK(std::stoi(g.header("ratelimit-remaining")) < 50);
  const std::string metrics = http_get("127.0.0.1", port, "/metrics").body;
  CHECK_THAT(metrics, Catch::Contains("travelctl_config_reloads_total{result=\"ok\"} 1"));
  CHECK_THAT(metrics, Catch::Contains("travelctl_client_requests_total{client=\"initech\"}"));
}

TEST_CASE("serve lifecycle: a bad file on SIGHUP is refused with every problem, the old stays",
          "[integration]") {
  ScriptedServer supplier(
      [](const RecordedRequest&) { return ScriptedReply::json(200, kEmptySearch); });
  const json good = one_client_config(supplier.port());
  const std::string path = write_temp_file(good.dump());
  ServeProcess serve({"--config", path, "--listen", "127.0.0.1:0", "--threads", "1"});
  REQUIRE(serve.ready());
  const uint16_t port = serve.port();

  json bad = good;
  bad["clients"][0]["currency"] = "usd";
  bad["clients"][0]["api_keys"] = json::array({"new-key-never-applied"});
  bad["clients"][0]["markup"] = {{"percent_bps", -1}};
  rewrite(path, bad.dump());
  serve.child().send_signal(SIGHUP);
  REQUIRE(wait_for_count(serve, "reload refused", 1));
  std::string err = serve.child().stderr_text();
  CHECK_THAT(err, Catch::Contains("clients[0].currency"));
  CHECK_THAT(err, Catch::Contains("clients[0].markup.percent_bps"));
  CHECK_THAT(err, Catch::Contains("clients[0].currencies[0]"));  // "usd" by default too
  CHECK_THAT(err, Catch::Contains("problems=3"));
  CHECK(call(port, "GET", search_target(10), kKey).status == 200);
  CHECK(call(port, "GET", search_target(10), "new-key-never-applied").status == 401);

  rewrite(path, "{\"clients\": [");  // not JSON at all
  serve.child().send_signal(SIGHUP);
  REQUIRE(wait_for_count(serve, "reload refused", 2));
  CHECK_THAT(serve.child().stderr_text(), Catch::Contains("not valid JSON at line 1"));
  CHECK(call(port, "GET", search_target(10), kKey).status == 200);

  // A key that needs a restart is reported and not applied; the rest of the file is.
  json restart = good;
  restart["server"] = {{"threads", 3}, {"max_connections", 7}};
  rewrite(path, restart.dump());
  serve.child().send_signal(SIGHUP);
  REQUIRE(wait_for_count(serve, "SIGHUP: configuration reloaded", 1));
  err = serve.child().stderr_text();
  // server.threads is also a flag here (--threads 1 wins), so only max_connections changed.
  CHECK_THAT(err,
             Catch::Contains("changed key not applied until restart key=server.max_connections"));
  CHECK_THAT(err, !Catch::Contains("key=server.threads"));
  const std::string metrics = http_get("127.0.0.1", port, "/metrics").body;
  CHECK_THAT(metrics, Catch::Contains("travelctl_config_reloads_total{result=\"failed\"} 2"));
  CHECK_THAT(metrics, Catch::Contains("travelctl_config_reloads_total{result=\"ok\"} 1"));
  serve.child().send_signal(SIGTERM);
  CHECK(serve.child().wait_exit(std::chrono::seconds(10)) == std::optional<int>(0));
}

TEST_CASE("serve lifecycle: SIGHUP on the embedded default says there is nothing to reload",
          "[integration]") {
  ServeProcess serve({"--listen", "127.0.0.1:0", "--threads", "1"});
  REQUIRE(serve.ready());
  serve.child().send_signal(SIGHUP);
  REQUIRE(serve.child().wait_for_output("nothing to reload", std::chrono::seconds(5)));
  CHECK(http_get("127.0.0.1", serve.port(), "/health").status == 200);
}

TEST_CASE("serve protection: the server limits come from the configuration", "[integration]") {
  ScriptedServer supplier(
      [](const RecordedRequest&) { return ScriptedReply::json(200, kEmptySearch); });
  json config = one_client_config(supplier.port());
  config["server"] = {{"max_header_bytes", 2048},
                      {"header_timeout_ms", 1500},
                      {"idle_timeout_ms", 400},
                      {"max_body_bytes", 1024},
                      {"max_connections", 2}};
  auto serve = ServeProcess::with_config(config.dump());
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();

  const RawExchange big_head = raw_exchange(
      port, raw_get("/health", "X-Big: " + std::string(4000, 'a') + "\r\n"), milliseconds(5000));
  CHECK(big_head.status() == 431);
  CHECK(big_head.header("connection") == "close");

  const RawExchange big_body =
      raw_exchange(port,
                   "POST /v1/bookings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                   "Content-Length: 4096\r\n\r\n" +
                       std::string(4096, ' '),
                   milliseconds(5000));
  CHECK(big_body.status() == 413);
  CHECK_THAT(big_body.body(), Catch::Contains("payload_too_large"));

  const RawExchange slow =
      raw_exchange(port, "GET /health HTTP/1.1\r\nHost: x\r\n", milliseconds(5000));
  CHECK(slow.status() == 408);
  CHECK(slow.header("connection") == "close");
  CHECK(slow.end == RawExchange::End::closed);

  const RawExchange idle = raw_exchange(port, raw_get("/health"), milliseconds(5000));
  CHECK(idle.status() == 200);
  CHECK(idle.end == RawExchange::End::closed);  // the idle keep-alive was closed by the server
  CHECK(idle.elapsed < milliseconds(4000));

  HeldConnection a(port), b(port);
  REQUIRE(a.connected());
  REQUIRE(b.connected());
  std::this_thread::sleep_for(milliseconds(200));  // both accepted (closed after 1.5 s silent)
  const RawExchange over = raw_exchange(port, "", milliseconds(3000));
  CHECK(over.status() == 503);
  CHECK(over.header("retry-after") == "1");
  CHECK_THAT(over.body(), Catch::Contains("overloaded"));
}
