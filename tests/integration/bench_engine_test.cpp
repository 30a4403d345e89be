// End-to-end runs of the load engine against in-process servers (core::http::Server) with known
// behaviour: fixed latency, periodic stalls, errors of every kind, pipelining, sequences.
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "travelctl/bench/engine.hpp"
#include "travelctl/core/http/server.hpp"

using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace http = travelctl::core::http;
namespace b = travelctl::bench;

namespace {

http::Response text_response(http::Status status, std::string body) {
  http::Response r{status, 11};
  r.set(http::Field::content_type, "text/plain");
  r.body() = std::move(body);
  r.prepare_payload();
  return r;
}

// A core::http::Server on 127.0.0.1, port 0, stopped at scope exit.
class TestServer {
 public:
  explicit TestServer(http::HandlerFactory factory) : server_(options(), std::move(factory)) {
    auto port = server_.start();
    REQUIRE(port);
    port_ = *port;
  }
  ~TestServer() { server_.stop(0ms); }
  std::string url(const std::string& path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  static http::ServerOptions options() {
    http::ServerOptions o;
    o.threads = 1;
    return o;
  }
  http::Server server_;
  uint16_t port_ = 0;
};

// A handler factory from a per-request coroutine taking the worker's io_context.
template <class F>
http::HandlerFactory handler(F f) {
  return [f](asio::io_context& ioc, unsigned) -> http::Handler {
    return [f, &ioc](http::Request& req) -> asio::awaitable<http::Response> {
      co_return co_await f(ioc, req);
    };
  };
}

asio::awaitable<void> sleep_for(asio::io_context& ioc, std::chrono::nanoseconds d) {
  asio::steady_timer t(ioc, d);
  co_await t.async_wait(asio::use_awaitable);
}

b::RunOptions options(const std::string& url, unsigned connections,
                      std::chrono::milliseconds duration) {
  b::RunOptions o;
  o.url = *b::parse_url(url);
  o.connections = connections;
  o.duration = duration;
  o.timeout = 5s;
  return o;
}

b::RunStats run(const b::RunOptions& o, const b::Scenario& s) {
  auto stats = b::run_load(o, s);
  REQUIRE(stats);
  return std::move(*stats);
}

b::Scenario get(const b::RunOptions& o) {
  return b::make_single_request_scenario("get", "GET", o.url.target, {}, "");
}

double ms(uint64_t us) { return static_cast<double>(us) / 1000.0; }

}  // namespace

TEST_CASE("Engine: a fixed 20 ms server gives p50 within 1 ms of 20 ms", "[integration][bench]") {
  TestServer server(
      handler([](asio::io_context& ioc, http::Request&) -> asio::awaitable<http::Response> {
        co_await sleep_for(ioc, 20ms);
        co_return text_response(http::Status::ok, "ok");
      }));
  auto o = options(server.url(), 10, 1500ms);
  o.warmup = 200ms;
  const b::RunStats s = run(o, get(o));
  INFO("p50 " << ms(s.latency.percentile(50)) << " ms, requests " << s.requests);
  CHECK(s.errors.total() == 0);
  CHECK(s.requests > 300);  // 10 connections x 50 req/s x 1.5 s = 750
  CHECK(std::abs(ms(s.latency.percentile(50)) - 20.0) <= 1.0);
  CHECK(ms(s.latency.min()) >= 20.0);
  CHECK(s.rps() == Approx(500).epsilon(0.2));
  REQUIRE(s.timeline.size() == 2);
  CHECK(s.timeline[0].t_s == 1);
  CHECK(s.timeline[1].t_s == 2);
  CHECK(s.timeline[0].requests + s.timeline[1].requests == s.requests);
  CHECK(std::abs(s.timeline[0].p50_ms - 20.0) <= 1.0);
}

TEST_CASE("Engine: a stall shows in the open model's p99 and hides in the closed model's",
          "[integration][bench]") {
  // Stalls every request that arrives in [0.8 s, 1.8 s) of each 5 s cycle until the stall ends.
  auto stalling = [] {
    const auto t0 = std::chrono::steady_clock::now();
    return handler([t0](asio::io_context& ioc, http::Request&) -> asio::awaitable<http::Response> {
      const auto phase = (std::chrono::steady_clock::now() - t0) % 5s;
      if (phase >= 800ms && phase < 1800ms) {
        co_await sleep_for(ioc, 1800ms - phase);
      }
      co_return text_response(http::Status::ok, "ok");
    });
  };
  b::RunStats open, closed;
  {
    TestServer server(stalling());
    auto o = options(server.url(), 10, 2500ms);
    o.rate = 200;
    open = run(o, get(o));
  }
  {
    TestServer server(stalling());
    auto o = options(server.url(), 4, 2500ms);
    closed = run(o, get(o));
  }
  INFO("open p99 " << ms(open.latency.percentile(99)) << " ms over " << open.requests
                   << "; closed p99 " << ms(closed.latency.percentile(99)) << " ms over "
                   << closed.requests << ", max " << ms(closed.latency.max()));
  CHECK(open.errors.total() == 0);
  CHECK(closed.errors.total() == 0);
  // ~200 of ~500 intended sends fall in the stall and wait for it: p99 near the full second.
  CHECK(ms(open.latency.percentile(99)) > 700);
  CHECK(ms(open.latency.percentile(50)) < 50);
  REQUIRE(open.latency_uncorrected);
  CHECK(open.late_sends > 100);
  CHECK(open.sends == open.requests);
  // The closed model only ever has its 4 requests stuck: the stall is in max, not in p99.
  CHECK(ms(closed.latency.max()) > 700);
  CHECK(ms(closed.latency.percentile(99)) < 100);
  CHECK_FALSE(closed.latency_uncorrected);
}

TEST_CASE("Engine: non-2xx statuses are errors that keep their latency", "[integration][bench]") {
  std::atomic<int> n{0};
  TestServer server(
      handler([&n](asio::io_context&, http::Request&) -> asio::awaitable<http::Response> {
        co_return text_response(++n % 4 == 0 ? http::Status::service_unavailable : http::Status::ok,
                                "x");
      }));
  auto o = options(server.url(), 2, 500ms);
  o.requests = 2000;
  const b::RunStats s = run(o, get(o));
  CHECK(s.requests == 2000);
  CHECK(s.sends == 2000);
  CHECK(s.latency.count() == 2000);
  REQUIRE(s.errors.status.count(503) == 1);
  CHECK(s.errors.status.at(503) == Approx(500).margin(5));
  CHECK(s.errors.total() == s.errors.status.at(503));
}

TEST_CASE("Engine: pipelining keeps responses matched to requests", "[integration][bench]") {
  TestServer server(
      handler([](asio::io_context&, http::Request& req) -> asio::awaitable<http::Response> {
        co_return text_response(http::Status::ok, std::string(req.target()));
      }));
  auto o = options(server.url("/p"), 3, 500ms);
  o.pipelining = 8;
  o.requests = 3000;
  const b::RunStats s = run(o, get(o));
  CHECK(s.requests == 3000);
  CHECK(s.errors.total() == 0);
  CHECK(s.connections_opened == 3);
}

TEST_CASE("Engine: timeouts, connect failures and resets are counted by kind",
          "[integration][bench]") {
  SECTION("timeout") {
    TestServer server(
        handler([](asio::io_context& ioc, http::Request&) -> asio::awaitable<http::Response> {
          co_await sleep_for(ioc, 3s);
          co_return text_response(http::Status::ok, "late");
        }));
    auto o = options(server.url(), 2, 700ms);
    o.timeout = 200ms;
    const b::RunStats s = run(o, get(o));
    CHECK(s.requests == 0);
    CHECK(s.errors.timeout >= 4);  // 2 connections, one 200 ms timeout after another
    CHECK(s.errors.reset == 0);
  }
  SECTION("connect") {
    asio::io_context ioc;
    asio::ip::tcp::acceptor probe(ioc, {asio::ip::make_address("127.0.0.1"), 0});
    const auto port = probe.local_endpoint().port();
    probe.close();  // nothing listens there now
    auto o = options("http://127.0.0.1:" + std::to_string(port) + "/", 2, 300ms);
    const b::RunStats s = run(o, get(o));
    CHECK(s.requests == 0);
    CHECK(s.errors.connect > 2);
  }
  SECTION("reset") {
    // Accepts, reads a little, closes without answering.
    asio::io_context ioc;
    asio::ip::tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"), 0});
    const auto port = acceptor.local_endpoint().port();
    std::atomic<bool> stop{false};
    std::thread t([&] {
      acceptor.non_blocking(true);
      while (!stop) {
        boost::system::error_code ec;
        auto sock = acceptor.accept(ec);
        if (ec) {
          std::this_thread::sleep_for(1ms);
          continue;
        }
        char buf[256];
        sock.read_some(asio::buffer(buf), ec);
        sock.close(ec);
      }
    });
    auto o = options("http://127.0.0.1:" + std::to_string(port) + "/", 2, 300ms);
    const b::RunStats s = run(o, get(o));
    stop = true;
    t.join();
    CHECK(s.requests == 0);
    CHECK(s.errors.reset > 2);
    CHECK(s.connections_opened > 2);  // it reconnects after each reset
  }
}

TEST_CASE("Engine: a sequence carries values from response to request", "[integration][bench]") {
  std::atomic<int> searches{0}, items{0}, books{0}, wrong{0};
  TestServer server(
      handler([&](asio::io_context&, http::Request& req) -> asio::awaitable<http::Response> {
        const std::string target(req.target());
        if (target.rfind("/search?n=", 0) == 0) {
          ++searches;
          co_return text_response(http::Status::ok,
                                  R"({"items": [{"id": "it-)" + target.substr(10) + R"("}]})");
        }
        if (target.rfind("/item/it-", 0) == 0) {
          ++items;
          auto r = text_response(http::Status::ok, "{}");
          r.set("X-Token", "tok-" + target.substr(9));
          co_return r;
        }
        if (target == "/book" && req.method() == http::Verb::post &&
            req.body().find("\"tok-") != std::string::npos) {
          ++books;
          co_return text_response(http::Status::created, "{}");
        }
        ++wrong;
        co_return text_response(http::Status::not_found, "?");
      }));
  auto scenario = b::parse_scenario(R"({"variables": {"n": {"counter": 1}}, "requests": [
    {"sequence": [
      {"path": "/search?n=${n}", "extract": {"id": {"json": "/items/0/id"}}},
      {"path": "/item/${id}", "extract": {"token": {"header": "X-Token"}}},
      {"method": "POST", "path": "/book", "body": {"token": "${token}"}, "expect": 201}]}]})",
                                    "flow.json");
  REQUIRE(scenario);
  auto o = options(server.url(), 2, 500ms);
  o.requests = 300;
  const b::RunStats s = run(o, *scenario);
  CHECK(s.errors.total() == 0);
  CHECK(s.requests == 300);
  CHECK(wrong == 0);
  // -a counts requests, shared by the two connections as they go: each may stop inside a sequence
  // when the count runs out, so the steps differ by at most one per connection.
  CHECK(searches + items + books == 300);
  CHECK(searches >= items);
  CHECK(items >= books);
  CHECK(searches - books <= 2);
  CHECK(books >= 98);
  CHECK(s.has_sequences);
  CHECK(s.sequences_completed == static_cast<uint64_t>(books.load()));
  CHECK(s.sequences_aborted == 0);
  REQUIRE(s.steps.size() == 3);
  CHECK(s.steps[2].name == "sequence / POST /book");
  CHECK(s.steps[2].requests == static_cast<uint64_t>(books.load()));
  CHECK(s.steps[2].latency.count() == static_cast<uint64_t>(books.load()));
}

TEST_CASE("Engine: warm-up is excluded from the figures", "[integration][bench]") {
  std::atomic<int> served{0};
  TestServer server(
      handler([&](asio::io_context& ioc, http::Request&) -> asio::awaitable<http::Response> {
        ++served;
        co_await sleep_for(ioc, 10ms);
        co_return text_response(http::Status::ok, "ok");
      }));
  auto o = options(server.url(), 2, 500ms);
  o.warmup = 500ms;
  const b::RunStats s = run(o, get(o));
  // ~100 responses in warm-up and ~100 measured: only the measured ones count.
  CHECK(s.requests > 50);
  CHECK(static_cast<int>(s.requests) < served.load() * 3 / 4);
  CHECK(s.duration_s == Approx(0.5).margin(0.1));
}

TEST_CASE("Engine: a failing step is one error and ends its sequence", "[integration][bench]") {
  std::atomic<int> n{0};
  TestServer server(
      handler([&](asio::io_context&, http::Request& req) -> asio::awaitable<http::Response> {
        if (req.target() == "/first") {
          co_return text_response(http::Status::ok, R"({"id": "x"})");
        }
        // Every other second step fails: 409 (a status error) or 202 (not the 201 expected).
        const int k = ++n;
        co_return text_response(k % 2 == 0   ? http::Status::created
                                : k % 4 == 1 ? http::Status::conflict
                                             : http::Status::accepted,
                                "{}");
      }));
  auto scenario = b::parse_scenario(R"({"requests": [{"sequence": [
      {"path": "/first", "extract": {"id": {"json": "/id"}}},
      {"path": "/second/${id}", "expect": 201}]}]})",
                                    "f.json");
  REQUIRE(scenario);
  auto o = options(server.url(), 1, 500ms);
  o.requests = 400;
  const b::RunStats s = run(o, *scenario);
  CHECK(s.requests == 400);
  CHECK(s.sequences_completed == 100);
  CHECK(s.sequences_aborted == 100);
  CHECK(s.errors.status.at(409) == 50);
  CHECK(s.errors.unexpected == 50);  // the 202s; the 409s are counted once, by status
  CHECK(s.errors.total() == 100);
  REQUIRE(s.steps.size() == 2);
  CHECK(s.steps[0].errors == 0);
  CHECK(s.steps[1].errors == 100);
}

TEST_CASE("Engine: requests behind a Connection: close are sent again, not lost",
          "[integration][bench]") {
  // A raw server: answers each request, and says "Connection: close" then closes on every 5th.
  asio::io_context ioc;
  asio::ip::tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"), 0});
  const auto port = acceptor.local_endpoint().port();
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0};
  std::vector<std::thread> sessions;
  std::thread accept_thread([&] {
    acceptor.non_blocking(true);
    while (!stop) {
      boost::system::error_code ec;
      auto sock = acceptor.accept(ec);
      if (ec) {
        std::this_thread::sleep_for(1ms);
        continue;
      }
      sessions.emplace_back([&answered, s = std::move(sock)]() mutable {
        std::string pending;
        char buf[4096];
        for (int served = 0; served < 5;) {
          boost::system::error_code rec;
          const std::size_t n = s.read_some(asio::buffer(buf), rec);
          if (rec) {
            return;
          }
          pending.append(buf, n);
          for (auto end = pending.find("\r\n\r\n"); end != std::string::npos && served < 5;
               end = pending.find("\r\n\r\n")) {
            pending.erase(0, end + 4);
            ++served;
            ++answered;
            const std::string res = served == 5 ? "HTTP/1.1 200 OK\r\nConnection: close\r\n"
                                                  "Content-Length: 2\r\n\r\nok"
                                                : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
            asio::write(s, asio::buffer(res), rec);
          }
        }
        boost::system::error_code ignored;
        s.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
      });
    }
  });
  auto o = options("http://127.0.0.1:" + std::to_string(port) + "/", 2, 500ms);
  o.pipelining = 3;  // batches of 3 straddle every 5th response
  o.requests = 300;
  const b::RunStats s = run(o, get(o));
  stop = true;
  accept_thread.join();
  for (auto& t : sessions) {
    t.join();
  }
  CHECK(s.requests == 300);
  CHECK(s.errors.total() == 0);
  CHECK(s.sends == 300);  // a request sent again is still one request
  CHECK(answered == 300);
  CHECK(s.connections_opened >= 60);
}
