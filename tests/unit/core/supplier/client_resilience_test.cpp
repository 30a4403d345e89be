// The supplier client's resilience against a scripted supplier on loopback: retries (GET only,
// within the budget and the deadline), the circuit breaker, hedged search, the pool's wait queue.
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <catch2/catch.hpp>
#include <thread>

#include "support/run_awaitable.hpp"
#include "support/scripted_server.hpp"
#include "travelctl/core/supplier/client.hpp"

namespace {

namespace asio = boost::asio;
using namespace travelctl::core;
using supplier::CallContext;
using supplier::SupplierClient;
using supplier::SupplierClientOptions;
using supplier::SupplierReply;
using travelctl::test::RecordedRequest;
using travelctl::test::run_awaitable;
using travelctl::test::ScriptedReply;
using travelctl::test::ScriptedServer;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

SupplierClientOptions options_for(uint16_t port) {
  SupplierClientOptions o;
  o.http.origin = *http::parse_http_url("http://127.0.0.1:" + std::to_string(port));
  o.http.connect_timeout = milliseconds(500);
  o.api_key = "k";
  o.timeout = milliseconds(3000);
  o.backoff = milliseconds(1);
  o.max_backoff = milliseconds(5);
  o.breaker.failure_threshold = 1000;
  o.breaker.failure_rate_percent = 0;
  return o;
}

struct Observer : supplier::CallObserver {
  int calls = 0;
  int retries = 0;
  int exhausted = 0;
  int hedges_sent = 0;
  int hedges_used = 0;
  int rejected = 0;
  std::vector<resilience::BreakerState> moves;
  void on_supplier_call(supplier::Endpoint, const SupplierReply&,
                        std::chrono::nanoseconds) override {
    ++calls;
  }
  void on_retry(supplier::Endpoint, supplier::RetryReason) override { ++retries; }
  void on_retry_budget_exhausted(supplier::Endpoint) override { ++exhausted; }
  void on_hedge(bool used) override { ++(used ? hedges_used : hedges_sent); }
  void on_rejected(supplier::Endpoint, supplier::Rejection) override { ++rejected; }
  void on_breaker(resilience::BreakerState s) override { moves.push_back(s); }
};

// One call on a fresh reply, run to completion (and whatever it started).
SupplierReply call(asio::io_context& ioc, SupplierClient& client, const std::string& method,
                   CallContext ctx = {}) {
  SupplierReply reply;
  run_awaitable(ioc, [&]() -> asio::awaitable<void> {
    if (method == "POST") {
      co_await client.post("/v1/carts/c_1/reserve", "{}", ctx, reply);
    } else if (method == "SEARCH") {
      co_await client.search(101, 117, "2026-12-01", 1, ctx, reply);
    } else {
      co_await client.get("/v1/trips/T1", ctx, reply);
    }
  }());
  return reply;
}

// A script answering `first` to the first `n` requests, then 200 {}.
travelctl::test::Script first_n(int n, ScriptedReply first) {
  auto count = std::make_shared<std::atomic<int>>(0);
  return [=](const RecordedRequest&) {
    return ++*count <= n ? first : ScriptedReply::json(200, "{}");
  };
}

}  // namespace

TEST_CASE("Supplier resilience: a GET answered 503 then 200 is retried and succeeds", "[core]") {
  ScriptedServer server(first_n(1, ScriptedReply::json(503, R"({"error":{}})")));
  asio::io_context ioc;
  Observer seen;
  SupplierClient client(ioc, options_for(server.port()), &seen);
  const SupplierReply r = call(ioc, client, "GET");
  CHECK(r.error == http::ClientError::none);
  CHECK(r.status == 200);
  CHECK(r.attempts == 2);
  CHECK(server.requests().size() == 2);
  CHECK(seen.retries == 1);
  CHECK(seen.calls == 2);
}

TEST_CASE("Supplier resilience: a POST is never retried", "[core]") {
  ScriptedServer server(first_n(100, ScriptedReply::json(503, R"({"error":{}})")));
  asio::io_context ioc;
  Observer seen;
  SupplierClient client(ioc, options_for(server.port()), &seen);
  const SupplierReply r = call(ioc, client, "POST");
  CHECK(r.status == 503);
  CHECK(server.requests().size() == 1);
  CHECK(seen.retries == 0);
  ScriptedReply reset;
  reset.kind = ScriptedReply::Kind::reset;
  server.set_script(first_n(100, reset));
  const SupplierReply r2 = call(ioc, client, "POST");
  CHECK(r2.error == http::ClientError::reset);
  CHECK(server.requests().size() == 2);
}

TEST_CASE("Supplier resilience: resets before an answer and refused connections are retried",
          "[core]") {
  ScriptedReply reset;
  reset.kind = ScriptedReply::Kind::reset;
  ScriptedServer server(first_n(1, reset));
  asio::io_context ioc;
  Observer seen;
  SupplierClient client(ioc, options_for(server.port()), &seen);
  const SupplierReply r = call(ioc, client, "GET");
  CHECK(r.status == 200);
  CHECK(server.requests().size() == 2);

  // Nothing listens: two retries, then the failure.
  asio::io_context ioc2;
  uint16_t closed = 0;
  {
    asio::ip::tcp::acceptor a(ioc2, {asio::ip::make_address("127.0.0.1"), 0});
    closed = a.local_endpoint().port();
  }
  Observer seen2;
  SupplierClient refused(ioc2, options_for(closed), &seen2);
  const SupplierReply r2 = call(ioc2, refused, "GET");
  CHECK(r2.error == http::ClientError::refused);
  CHECK(r2.attempts == 3);
  CHECK(seen2.retries == 2);
}

TEST_CASE("Supplier resilience: a Retry-After past the deadline is not waited for", "[core]") {
  ScriptedReply busy = ScriptedReply::json(429, R"({"error":{}})");
  busy.headers = {{"Retry-After", "5"}};
  ScriptedServer server(first_n(100, busy));
  asio::io_context ioc;
  Observer seen;
  auto o = options_for(server.port());
  o.max_backoff = milliseconds(10'000);
  SupplierClient client(ioc, o, &seen);
  CallContext ctx;
  ctx.deadline = Clock::now() + milliseconds(1500);
  const auto start = Clock::now();
  const SupplierReply r = call(ioc, client, "GET", ctx);
  CHECK(r.status == 429);
  CHECK(server.requests().size() == 1);
  CHECK(Clock::now() - start < milliseconds(1000));

  // Within the deadline it is honoured: 1 s, then the answer.
  busy.headers = {{"Retry-After", "1"}};
  server.set_script(first_n(1, busy));
  ctx.deadline = Clock::now() + milliseconds(5000);
  const auto again = Clock::now();
  const SupplierReply r2 = call(ioc, client, "GET", ctx);
  CHECK(r2.status == 200);
  CHECK(Clock::now() - again >= milliseconds(1000));
}

TEST_CASE("Supplier resilience: a Retry-After longer than max_backoff goes back to the caller",
          "[core]") {
  ScriptedReply busy = ScriptedReply::json(503, R"({"error":{}})");
  busy.headers = {{"Retry-After", "1"}};
  ScriptedServer server(first_n(1, busy));
  asio::io_context ioc;
  SupplierClient client(ioc, options_for(server.port()));  // max_backoff 5 ms
  const SupplierReply r = call(ioc, client, "GET");
  CHECK(r.status == 503);
  CHECK(r.header(http::Field::retry_after) == "1");
  CHECK(server.requests().size() == 1);
}

TEST_CASE("Supplier resilience: the budget caps retries under a total outage", "[core]") {
  ScriptedServer server(first_n(1000, ScriptedReply::json(502, R"({"error":{}})")));
  asio::io_context ioc;
  Observer seen;
  auto o = options_for(server.port());
  o.budget_percent = 10;
  o.budget_min_retries = 3;
  SupplierClient client(ioc, o, &seen);
  for (int i = 0; i < 20; ++i) {
    CHECK(call(ioc, client, "GET").status == 502);
  }
  // 20 calls wanting 2 retries each: 3 + 10 % of 20 allowed.
  CHECK(seen.retries == 5);
  CHECK(server.requests().size() == 25);
  CHECK(seen.exhausted == 19);  // every call that wanted one more
}

TEST_CASE("Supplier resilience: the breaker opens, refuses fast, half-opens and closes", "[core]") {
  ScriptedServer server(first_n(3, ScriptedReply::json(500, R"({"error":{}})")));
  asio::io_context ioc;
  Observer seen;
  auto o = options_for(server.port());
  o.breaker.failure_threshold = 3;
  o.breaker.open_for = milliseconds(200);
  o.max_retries = 0;
  SupplierClient client(ioc, o, &seen);
  for (int i = 0; i < 3; ++i) {
    CHECK(call(ioc, client, "GET").status == 500);
  }
  CHECK(client.breaker_state() == resilience::BreakerState::open);
  const SupplierReply refused = call(ioc, client, "GET");
  CHECK(refused.error == http::ClientError::rejected);
  CHECK(refused.rejected == supplier::Rejection::circuit_open);
  CHECK(refused.retry_after > milliseconds(0));
  CHECK(refused.retry_after <= milliseconds(200));
  CHECK_FALSE(refused.sent);
  CHECK(server.requests().size() == 3);  // never sent
  CHECK(seen.rejected == 1);

  std::this_thread::sleep_for(milliseconds(250));
  {
    SupplierReply probe;
    run_awaitable(
        ioc, [&]() -> asio::awaitable<void> { co_await client.get("/v1/trips/T1", {}, probe); }());
    CHECK(probe.status == 200);
    CHECK(client.breaker_state() == resilience::BreakerState::half_open);
    probe.settle();  // the route used the answer
  }
  CHECK(client.breaker_state() == resilience::BreakerState::closed);
  CHECK(seen.moves == std::vector<resilience::BreakerState>{resilience::BreakerState::open,
                                                            resilience::BreakerState::half_open,
                                                            resilience::BreakerState::closed});
}

TEST_CASE("Supplier resilience: malformed bodies reported by the route open the breaker",
          "[core]") {
  ScriptedServer server(first_n(0, {}));
  asio::io_context ioc;
  auto o = options_for(server.port());
  o.breaker.failure_threshold = 2;
  SupplierClient client(ioc, o);
  for (int i = 0; i < 2; ++i) {
    SupplierReply r = call(ioc, client, "GET");
    CHECK(r.status == 200);
    r.report_malformed();
    r.settle();  // settling after a report changes nothing
  }
  CHECK(client.breaker_state() == resilience::BreakerState::open);
}

TEST_CASE("Supplier resilience: one deadline bounds a call whatever the per-try timeout",
          "[core]") {
  ScriptedReply slow = ScriptedReply::json(200, "{}");
  slow.delay = milliseconds(1500);
  ScriptedServer server(first_n(100, slow));
  asio::io_context ioc;
  SupplierClient client(ioc, options_for(server.port()));
  CallContext ctx;
  ctx.deadline = Clock::now() + milliseconds(300);
  const auto start = Clock::now();
  const SupplierReply r = call(ioc, client, "GET", ctx);
  const auto took = Clock::now() - start;
  CHECK(r.error == http::ClientError::timeout);
  CHECK(took >= milliseconds(290));
  CHECK(took < milliseconds(1200));
  // A call that starts after the deadline is not sent at all.
  const SupplierReply late = call(ioc, client, "GET", ctx);
  CHECK(late.error == http::ClientError::timeout);
  CHECK_FALSE(late.sent);
  CHECK(server.requests().size() == 1);
}

TEST_CASE("Supplier resilience: a hedged search uses the faster of two identical tries", "[core]") {
  auto count = std::make_shared<std::atomic<int>>(0);
  ScriptedServer server([count](const RecordedRequest&) {
    ScriptedReply r = ScriptedReply::json(200, ++*count == 1 ? R"({"slow":1})" : R"({"fast":1})");
    if (*count == 1) {
      r.delay = milliseconds(1000);
    }
    return r;
  });
  asio::io_context ioc;
  Observer seen;
  auto o = options_for(server.port());
  o.hedge_after = milliseconds(50);
  SupplierClient client(ioc, o, &seen);
  SupplierReply reply;
  Clock::duration took{};
  run_awaitable(ioc, [&]() -> asio::awaitable<void> {
    const auto start = Clock::now();
    co_await client.search(101, 117, "2026-12-01", 1, {}, reply);
    took = Clock::now() - start;
  }());
  CHECK(reply.status == 200);
  CHECK(reply.body() == R"({"fast":1})");
  CHECK(took < milliseconds(800));
  CHECK(took >= milliseconds(50));
  CHECK(seen.hedges_sent == 1);
  CHECK(seen.hedges_used == 1);
  const auto reqs = server.requests();
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[0].target == reqs[1].target);  // identical
  CHECK(seen.calls == 2);                   // the loser finished later, still counted
}

TEST_CASE("Supplier resilience: a full pool wait queue fails fast", "[core]") {
  ScriptedReply slow = ScriptedReply::json(200, "{}");
  slow.delay = milliseconds(300);
  ScriptedServer server(first_n(100, slow));
  asio::io_context ioc;
  Observer seen;
  auto o = options_for(server.port());
  o.http.max_connections = 1;
  o.http.max_waiting = 0;
  SupplierClient client(ioc, o, &seen);
  SupplierReply a, b;
  auto first = [&]() -> asio::awaitable<void> { co_await client.get("/v1/trips/A", {}, a); };
  run_awaitable(ioc, [&]() -> asio::awaitable<void> {
    asio::co_spawn(ioc, first(), asio::detached);
    co_await asio::post(ioc, asio::use_awaitable);  // A takes the only connection first
    co_await client.get("/v1/trips/B", {}, b);
  }());
  CHECK(a.status == 200);
  CHECK(b.error == http::ClientError::rejected);
  CHECK(b.rejected == supplier::Rejection::pool_full);
  CHECK(seen.rejected == 1);
}
