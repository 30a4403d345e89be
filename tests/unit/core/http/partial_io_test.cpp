// Tests of the paths taken when bytes do not all move at once: a request that arrives in pieces,
// an answer or a request body larger than the socket takes in one send (the rest is written
// asynchronously after the immediate send), checked byte for byte.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <thread>

#include "travelctl/core/http/client.hpp"
#include "travelctl/core/http/responses.hpp"
#include "travelctl/core/http/server.hpp"

namespace {

namespace asio = boost::asio;
using namespace travelctl::core::http;
using std::chrono::milliseconds;

// Bytes that differ from their neighbours, so that a lost or repeated piece shows.
std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) {
    s[i] = static_cast<char>('a' + (i * 7 + i / 4096) % 26);
  }
  return s;
}

// "/big" answers kBigAnswer bytes of pattern(); anything else echoes the request body's size and
// whether it equals pattern() of that size.
constexpr std::size_t kBigAnswer = 16u << 20;
HandlerFactory factory() {
  return [](asio::io_context&, unsigned) -> Handler {
    return [](Request& req) -> asio::awaitable<Response> {
      if (req.target() == "/big") {
        co_return json_response(Status::ok, pattern(kBigAnswer));
      }
      const bool same = req.body() == pattern(req.body().size());
      co_return json_response(Status::ok,
                              std::to_string(req.body().size()) + (same ? " same" : " different"));
    };
  };
}

// A blocking loopback client that writes the given pieces with a pause after each, waits, then
// reads until the server closes the connection.
std::string exchange_in_pieces(uint16_t port, const std::vector<std::string>& pieces,
                               milliseconds pause, milliseconds before_reading) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  for (const auto& piece : pieces) {
    REQUIRE(::send(fd, piece.data(), piece.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(piece.size()));
    std::this_thread::sleep_for(pause);
  }
  std::this_thread::sleep_for(before_reading);
  std::string got;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {
      break;
    }
    got.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return got;
}

std::string body_of(const std::string& raw) {
  const auto at = raw.find("\r\n\r\n");
  return at == std::string::npos ? std::string() : raw.substr(at + 4);
}

}  // namespace

TEST_CASE("Server: a request whose head and body come in pieces is answered whole", "[core]") {
  Server server(ServerOptions{}, factory());
  const auto port = server.start();
  REQUIRE(port.has_value());
  const std::string body = pattern(3000);
  const std::string raw = exchange_in_pieces(
      *port,
      {"POST /echo HTTP/1.1\r\nHost: x\r\nConn", "ection: close\r\nContent-Length: 3000\r\n\r\n",
       body.substr(0, 1000), body.substr(1000)},
      milliseconds(50), milliseconds(0));
  CHECK(raw.rfind("HTTP/1.1 200 ", 0) == 0);
  CHECK(body_of(raw) == "3000 same");
  server.stop();
}

TEST_CASE("Server: an answer larger than the socket takes at once reaches a late reader whole",
          "[core]") {
  Server server(ServerOptions{}, factory());
  const auto port = server.start();
  REQUIRE(port.has_value());
  // The client reads only after a pause: the first send fills the socket's buffers and the rest
  // of the 16 MiB goes out as the client drains them.
  const std::string raw =
      exchange_in_pieces(*port, {"GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"},
                         milliseconds(0), milliseconds(200));
  CHECK(raw.rfind("HTTP/1.1 200 ", 0) == 0);
  const std::string got = body_of(raw);
  CHECK(got.size() == kBigAnswer);
  CHECK((got == pattern(kBigAnswer)));
  server.stop();
}

TEST_CASE("ClientPool: a request body larger than the socket takes at once is sent whole",
          "[core]") {
  ServerOptions so;
  so.max_body_bytes = 32u << 20;
  Server server(so, factory());
  const auto port = server.start();
  REQUIRE(port.has_value());
  asio::io_context ioc;
  ClientOptions co;
  co.origin = *parse_http_url("http://127.0.0.1:" + std::to_string(*port));
  ClientPool pool(ioc, co);
  const std::string body = pattern(16u << 20);
  ClientResult result;
  Response response;
  bool done = false;
  asio::co_spawn(
      ioc,
      [&]() -> asio::awaitable<void> {
        ClientRequest req;
        req.method = Verb::post;
        req.target = "/echo";
        req.body = body;
        req.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        result = co_await pool.request(req, response);
        done = true;
      },
      asio::detached);
  ioc.run();
  REQUIRE(done);
  REQUIRE(result.ok());
  CHECK(response.result_int() == 200);
  CHECK(response.body() == std::to_string(body.size()) + " same");
  server.stop();
}
