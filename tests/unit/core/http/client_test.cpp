// Unit tests of the keep-alive client pool against a scripted server on loopback.
#include "travelctl/core/http/client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "support/scripted_server.hpp"

namespace {

namespace asio = boost::asio;
using namespace travelctl::core::http;
using travelctl::test::RecordedRequest;
using travelctl::test::ScriptedReply;
using travelctl::test::ScriptedServer;
using Clock = std::chrono::steady_clock;

ClientOptions options_for(uint16_t port) {
  ClientOptions o;
  o.origin = *parse_http_url("http://127.0.0.1:" + std::to_string(port));
  o.connect_timeout = std::chrono::milliseconds(500);
  return o;
}

struct Outcome {
  ClientResult result;
  Response response;
  bool done = false;
};

// Starts one GET on `pool`; the outcome is filled when it completes.
void spawn_get(asio::io_context& ioc, ClientPool& pool, Outcome& out, std::string target = "/x",
               std::chrono::milliseconds budget = std::chrono::milliseconds(2000)) {
  asio::co_spawn(
      ioc,
      [&pool, &out, target, budget]() -> asio::awaitable<void> {
        ClientRequest req;
        req.target = target;
        req.deadline = Clock::now() + budget;
        out.result = co_await pool.request(req, out.response);
        out.done = true;
      },
      asio::detached);
}

Outcome get_once(ClientPool& pool, asio::io_context& ioc, std::string target = "/x",
                 std::chrono::milliseconds budget = std::chrono::milliseconds(2000)) {
  Outcome out;
  spawn_get(ioc, pool, out, target, budget);
  ioc.restart();
  while (!out.done && ioc.run_one_for(std::chrono::seconds(5)) > 0) {
  }
  REQUIRE(out.done);
  return out;
}

}  // namespace

TEST_CASE("ClientPool: keeps the connection alive between requests", "[core]") {
  ScriptedServer server(
      [](const RecordedRequest& r) { return ScriptedReply::json(200, r.target); });
  asio::io_context ioc;
  ClientPool pool(ioc, options_for(server.port()));
  for (int i = 0; i < 3; ++i) {
    Outcome o = get_once(pool, ioc, "/r" + std::to_string(i));
    REQUIRE(o.result.ok());
    CHECK(o.response.result_int() == 200);
    CHECK(o.response.body() == "/r" + std::to_string(i));
  }
  CHECK(pool.open_connections() == 1);
  const auto seen = server.requests();
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].header("host") == "127.0.0.1:" + std::to_string(server.port()));
}

TEST_CASE("ClientPool: a reused response holds exactly each new body, with spare capacity",
          "[core]") {
  // Bodies shrink and grow on one Response: bytes left from a longer body must never show, and the
  // spare capacity promised to in-place parsers must be there whatever the body's framing.
  ScriptedServer server([](const RecordedRequest& r) {
    if (r.target == "/long") {
      return ScriptedReply::json(200, std::string(5000, 'a'));
    }
    if (r.target == "/empty") {
      return ScriptedReply::json(200, "");
    }
    if (r.target == "/chunked") {
      ScriptedReply c;
      c.kind = ScriptedReply::Kind::raw;
      c.raw =
          "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
          "3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n";
      return c;
    }
    return ScriptedReply::json(200, "xy");
  });
  asio::io_context ioc;
  ClientPool pool(ioc, options_for(server.port()));
  Outcome o;
  const std::vector<std::pair<std::string, std::string>> steps = {
      {"/long", std::string(5000, 'a')}, {"/short", "xy"},        {"/empty", ""},
      {"/long", std::string(5000, 'a')}, {"/chunked", "abcdefg"}, {"/short", "xy"}};
  for (const auto& [target, expected] : steps) {
    o.done = false;
    spawn_get(ioc, pool, o, target);
    ioc.restart();
    while (!o.done && ioc.run_one_for(std::chrono::seconds(5)) > 0) {
    }
    REQUIRE(o.done);
    INFO(target << ": " << o.result.detail);
    REQUIRE(o.result.ok());
    CHECK(o.response.body() == expected);
    CHECK(o.response.body().capacity() - o.response.body().size() >= kResponseBodySlack);
  }
}

TEST_CASE("ClientPool: a stale kept-alive connection is replaced transparently", "[core]") {
  // Answers keep-alive (HTTP/1.1 default) and then closes: the pooled connection goes stale.
  ScriptedServer server([](const RecordedRequest&) {
    ScriptedReply r;
    r.kind = ScriptedReply::Kind::raw;
    r.raw = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
    return r;
  });
  asio::io_context ioc;
  ClientPool pool(ioc, options_for(server.port()));
  REQUIRE(get_once(pool, ioc).result.ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the server has closed by now
  Outcome second = get_once(pool, ioc);
  INFO(second.result.detail);
  REQUIRE(second.result.ok());
  CHECK(second.response.body() == "{}");
  CHECK(server.requests().size() == 2);
}

TEST_CASE("ClientPool: the response size limit holds while reading", "[core]") {
  ScriptedServer server([](const RecordedRequest& r) {
    ScriptedReply reply;
    if (r.target == "/announced") {
      return ScriptedReply::json(200, std::string(5000, 'x'));
    }
    reply.kind = ScriptedReply::Kind::raw;
    reply.raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 10; ++i) {
      reply.raw += "3e8\r\n" + std::string(1000, 'y') + "\r\n";
    }
    reply.raw += "0\r\n\r\n";
    return reply;
  });
  asio::io_context ioc;
  ClientOptions o = options_for(server.port());
  o.max_response_bytes = 4096;
  ClientPool pool(ioc, o);
  CHECK(get_once(pool, ioc, "/announced").result.error == ClientError::too_large);
  CHECK(get_once(pool, ioc, "/chunked").result.error == ClientError::too_large);
  CHECK(pool.open_connections() == 0);  // a connection in an unknown state is never reused
}

TEST_CASE("ClientPool: failures are classified", "[core]") {
  ScriptedServer server([](const RecordedRequest& r) {
    ScriptedReply reply;
    if (r.target == "/reset") {
      reply.kind = ScriptedReply::Kind::reset;
    } else if (r.target == "/hang") {
      reply.kind = ScriptedReply::Kind::hang;
      reply.delay = std::chrono::milliseconds(1500);
    } else {
      reply.kind = ScriptedReply::Kind::raw;
      reply.raw = "SMTP ready\r\n\r\n";
    }
    return reply;
  });
  asio::io_context ioc;
  ClientPool pool(ioc, options_for(server.port()));
  CHECK(get_once(pool, ioc, "/reset").result.error == ClientError::reset);
  CHECK(get_once(pool, ioc, "/garbage").result.error == ClientError::bad_response);
  const auto start = Clock::now();
  CHECK(get_once(pool, ioc, "/hang", std::chrono::milliseconds(200)).result.error ==
        ClientError::timeout);
  CHECK(Clock::now() - start < std::chrono::milliseconds(1400));  // the deadline, not the server

  uint16_t closed = 0;
  {
    asio::io_context tmp;
    asio::ip::tcp::acceptor a(tmp, {asio::ip::make_address("127.0.0.1"), 0});
    closed = a.local_endpoint().port();
  }
  ClientPool refused(ioc, options_for(closed));
  CHECK(get_once(refused, ioc).result.error == ClientError::refused);
}

TEST_CASE("ClientPool: headers with CR or LF are never sent", "[core]") {
  ScriptedServer server([](const RecordedRequest&) { return ScriptedReply::json(200, "{}"); });
  asio::io_context ioc;
  ClientPool pool(ioc, options_for(server.port()));
  Outcome out;
  std::pair<std::string_view, std::string_view> bad[] = {{"X-Request-Id", "a\r\nX-Evil: 1"}};
  asio::co_spawn(
      ioc,
      [&]() -> asio::awaitable<void> {
        ClientRequest req;
        req.target = "/x";
        req.headers = bad;
        req.header_count = 1;
        req.deadline = Clock::now() + std::chrono::seconds(1);
        out.result = co_await pool.request(req, out.response);
        out.done = true;
      },
      asio::detached);
  ioc.run_for(std::chrono::seconds(2));
  REQUIRE(out.done);
  CHECK(out.result.error == ClientError::bad_request);
  CHECK(server.requests().empty());
}

TEST_CASE("ClientPool: never opens more than max_connections, waiters time out", "[core]") {
  ScriptedServer server([](const RecordedRequest& r) {
    ScriptedReply reply = ScriptedReply::json(200, r.target);
    reply.delay = std::chrono::milliseconds(r.target == "/slow" ? 600 : 100);
    return reply;
  });
  asio::io_context ioc;
  ClientOptions o = options_for(server.port());
  o.max_connections = 1;
  ClientPool pool(ioc, o);
  Outcome a, b, c;
  spawn_get(ioc, pool, a, "/a");
  spawn_get(ioc, pool, b, "/b");
  ioc.run_for(std::chrono::milliseconds(50));
  CHECK(pool.open_connections() == 1);
  while (!(a.done && b.done) && ioc.run_one_for(std::chrono::seconds(5)) > 0) {
  }
  REQUIRE(a.result.ok());
  REQUIRE(b.result.ok());
  CHECK(b.response.body() == "/b");
  CHECK(pool.open_connections() == 1);

  // The only connection is busy for 600 ms; a request with 150 ms to live gives up.
  spawn_get(ioc, pool, a = Outcome{}, "/slow");
  spawn_get(ioc, pool, c, "/c", std::chrono::milliseconds(150));
  ioc.restart();
  while (!(a.done && c.done) && ioc.run_one_for(std::chrono::seconds(5)) > 0) {
  }
  CHECK(a.result.ok());
  CHECK(c.result.error == ClientError::timeout);
}
