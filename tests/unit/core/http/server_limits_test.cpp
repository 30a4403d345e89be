// Tests of the server's protections and drain over raw sockets: head and body limits, slow heads
// (slowloris), idle keep-alive, the connection limit, and a stop that lets requests finish.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <catch2/catch.hpp>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support/raw_exchange.hpp"
#include "travelctl/core/http/responses.hpp"
#include "travelctl/core/http/server.hpp"

namespace {

namespace asio = boost::asio;
using namespace travelctl::core::http;
using std::chrono::milliseconds;
using travelctl::test::HeldConnection;
using travelctl::test::raw_exchange;
using travelctl::test::RawExchange;

// "/slow" answers after `delay`; anything else at once. `started` counts requests that reached it.
HandlerFactory factory(milliseconds delay, std::shared_ptr<std::atomic<int>> started) {
  return [delay, started](asio::io_context& ioc, unsigned) -> Handler {
    return [&ioc, delay, started](Request& req) -> asio::awaitable<Response> {
      ++*started;
      if (req.target() == "/slow") {
        asio::steady_timer t(ioc, delay);
        co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
      }
      co_return json_response(Status::ok, R"({"target":")" + std::string(req.target()) + "\"}");
    };
  };
}

std::string error_code_of(const RawExchange& x) {
  const std::string body = x.body();
  const auto at = body.find(R"("code":")");
  return at == std::string::npos ? "" : body.substr(at + 8, body.find('"', at + 8) - at - 8);
}

}  // namespace

TEST_CASE("Server limits: a head over max_header_bytes is 431 and the connection closes",
          "[core]") {
  ServerOptions o;
  o.max_header_bytes = 2048;
  Server server(o, factory(milliseconds(0), std::make_shared<std::atomic<int>>(0)));
  const auto port = server.start();
  REQUIRE(port.has_value());
  const std::string big(3000, 'a');
  const RawExchange x = raw_exchange(
      *port, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n", milliseconds(5000));
  CHECK(x.status() == 431);
  CHECK(x.header("connection") == "close");
  CHECK(error_code_of(x) == "invalid_request");
  CHECK_THAT(x.body(), Catch::Contains("2048 bytes"));
  CHECK(x.end == RawExchange::End::closed);
  // Just under the limit is served.
  const std::string fits(1500, 'a');
  const RawExchange ok = raw_exchange(
      *port, "GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Fits: " + fits + "\r\n\r\n",
      milliseconds(5000));
  CHECK(ok.status() == 200);
  server.stop();
}

TEST_CASE("Server limits: a body over max_body_bytes is 413 payload_too_large", "[core]") {
  ServerOptions o;
  o.max_body_bytes = 1000;
  Server server(o, factory(milliseconds(0), std::make_shared<std::atomic<int>>(0)));
  const auto port = server.start();
  REQUIRE(port.has_value());
  const std::string body(5000, 'x');
  const RawExchange x = raw_exchange(*port,
                                     "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                                     "\r\nContent-Length: 5000\r\n\r\n" +
                                         body,
                                     milliseconds(5000));
  CHECK(x.status() == 413);
  CHECK(error_code_of(x) == "payload_too_large");
  CHECK(x.header("connection") == "close");
  server.stop();
}

TEST_CASE("Server limits: a head that does not arrive within header_timeout is 408 and closed",
          "[core]") {
  ServerOptions o;
  o.header_timeout = milliseconds(300);
  o.idle_timeout = milliseconds(60'000);
  auto started = std::make_shared<std::atomic<int>>(0);
  Server server(o, factory(milliseconds(0), started));
  const auto port = server.start();
  REQUIRE(port.has_value());
  // Slowloris: a head that never ends.
  const RawExchange x =
      raw_exchange(*port, "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n", milliseconds(10'000));
  CHECK(x.status() == 408);
  CHECK(x.header("connection") == "close");
  CHECK(error_code_of(x) == "invalid_request");
  CHECK(x.end == RawExchange::End::closed);
  CHECK(x.elapsed >= milliseconds(250));
  CHECK(x.elapsed < milliseconds(5000));
  // A connection that sends nothing is closed without an answer, within the same time.
  HeldConnection silent(*port);
  REQUIRE(silent.connected());
  const auto t0 = std::chrono::steady_clock::now();
  CHECK(silent.closed_by_server(milliseconds(10'000)));
  CHECK(std::chrono::steady_clock::now() - t0 < milliseconds(5000));
  CHECK(started->load() == 0);
  server.stop();
}

TEST_CASE("Server limits: an idle keep-alive connection is closed after idle_timeout", "[core]") {
  ServerOptions o;
  o.idle_timeout = milliseconds(300);
  Server server(o, factory(milliseconds(0), std::make_shared<std::atomic<int>>(0)));
  const auto port = server.start();
  REQUIRE(port.has_value());
  const RawExchange x =
      raw_exchange(*port, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n", milliseconds(10'000));
  CHECK(x.status() == 200);
  CHECK(x.header("connection").empty());     // kept alive...
  CHECK(x.end == RawExchange::End::closed);  // ...until the idle timeout closed it
  CHECK(x.elapsed >= milliseconds(250));
  CHECK(x.elapsed < milliseconds(5000));
  server.stop();
}

TEST_CASE("Server limits: one connection over max_connections gets 503 overloaded", "[core]") {
  ServerOptions o;
  o.max_connections = 3;
  o.threads = 2;  // the limit is for the process, whichever worker accepts
  Server server(o, factory(milliseconds(0), std::make_shared<std::atomic<int>>(0)));
  const auto port = server.start();
  REQUIRE(port.has_value());
  std::vector<std::unique_ptr<HeldConnection>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<HeldConnection>(*port));
    REQUIRE(held.back()->connected());
  }
  // The accepts are asynchronous: wait until the server counts all three.
  for (int i = 0; i < 500 && server.connections() < 3; ++i) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  REQUIRE(server.connections() == 3);
  const RawExchange x = raw_exchange(*port, "", milliseconds(5000));
  CHECK(x.status() == 503);
  CHECK(x.header("retry-after") == "1");
  CHECK(x.header("connection") == "close");
  CHECK(error_code_of(x) == "overloaded");
  CHECK(x.end == RawExchange::End::closed);
  // A freed slot is usable again.
  held.pop_back();
  for (int i = 0; i < 500 && server.connections() > 2; ++i) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  const RawExchange ok =
      raw_exchange(*port, "GET /ok HTTP/1.1\r\nConnection: close\r\n\r\n", milliseconds(5000));
  CHECK(ok.status() == 200);
  server.stop();
}

TEST_CASE("Server drain: stop() lets in-flight requests finish and refuses new connections",
          "[core]") {
  ServerOptions o;
  o.threads = 2;
  auto started = std::make_shared<std::atomic<int>>(0);
  Server server(o, factory(milliseconds(600), started));
  const auto port = server.start();
  REQUIRE(port.has_value());
  constexpr int kRequests = 6;
  std::vector<std::future<RawExchange>> replies;
  for (int i = 0; i < kRequests; ++i) {
    replies.push_back(std::async(std::launch::async, [p = *port] {
      return raw_exchange(p, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n", milliseconds(10'000));
    }));
  }
  for (int i = 0; i < 500 && started->load() < kRequests; ++i) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  REQUIRE(started->load() == kRequests);
  const auto t0 = std::chrono::steady_clock::now();
  std::size_t cut = kRequests;
  std::thread stopper([&] { cut = server.stop(milliseconds(10'000)); });
  // While draining, the listener is closed: a new connection is refused.
  std::this_thread::sleep_for(milliseconds(100));
  const RawExchange late = raw_exchange(*port, "GET / HTTP/1.1\r\n\r\n", milliseconds(2000));
  stopper.join();
  CHECK(cut == 0);
  CHECK(std::chrono::steady_clock::now() - t0 < milliseconds(5000));
  CHECK(late.end == RawExchange::End::failed);
  CHECK_THAT(late.error, Catch::Contains("connect"));
  for (auto& f : replies) {
    const RawExchange x = f.get();
    CHECK(x.status() == 200);
    CHECK(x.header("connection") == "close");  // answered during the drain: not kept alive
    CHECK(x.body() == R"({"target":"/slow"})");
  }
}

TEST_CASE("Server drain: a request still running at the drain deadline is counted as cut",
          "[core]") {
  auto started = std::make_shared<std::atomic<int>>(0);
  Server server(ServerOptions{}, factory(milliseconds(5000), started));
  const auto port = server.start();
  REQUIRE(port.has_value());
  auto reply = std::async(std::launch::async, [p = *port] {
    return raw_exchange(p, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n", milliseconds(10'000));
  });
  for (int i = 0; i < 500 && started->load() < 1; ++i) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  REQUIRE(started->load() == 1);
  CHECK(server.stop(milliseconds(200)) == 1);
  const RawExchange x = reply.get();
  CHECK(x.status() == 0);  // cut: no answer
}

TEST_CASE("Server drain: begin_drain keeps serving new connections but closes every answer",
          "[core]") {
  Server server(ServerOptions{}, factory(milliseconds(0), std::make_shared<std::atomic<int>>(0)));
  const auto port = server.start();
  REQUIRE(port.has_value());
  const RawExchange before = raw_exchange(*port, "GET /a HTTP/1.1\r\n\r\n", milliseconds(300));
  CHECK(before.status() == 200);
  CHECK(before.header("connection").empty());
  server.begin_drain();
  std::this_thread::sleep_for(milliseconds(50));
  const RawExchange during = raw_exchange(*port, "GET /b HTTP/1.1\r\n\r\n", milliseconds(5000));
  CHECK(during.status() == 200);
  CHECK(during.header("connection") == "close");
  CHECK(during.end == RawExchange::End::closed);
  server.stop();
}
