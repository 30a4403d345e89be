// Tests of the client reading a body in place (straight into the response's storage when the head
// has the length of the last one on the connection): every way the bytes may arrive, heads that
// change length, bodies that outgrow the room, bodies cut short or followed by stray bytes.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "travelctl/core/http/client.hpp"

namespace {

namespace asio = boost::asio;
using namespace travelctl::core::http;
using std::chrono::milliseconds;

// One answer as pieces written with a pause after each; `close` ends the connection after it.
struct Answer {
  std::vector<std::string> pieces;
  milliseconds pause{0};
  bool close = false;
};

// A keep-alive server on 127.0.0.1 that answers the n-th request it reads (any connection) with
// script(n), byte for byte as scripted. Counts the connections it accepted.
class PieceServer {
 public:
  explicit PieceServer(std::function<Answer(int)> script) : script_(std::move(script)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 8);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~PieceServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  uint16_t port() const { return port_; }
  int connections() const { return connections_.load(); }

 private:
  void run() {
    for (;;) {
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) {
        return;
      }
      ++connections_;
      serve(c);
      ::close(c);
    }
  }
  void serve(int c) {
    std::string in;
    char buf[4096];
    for (;;) {
      while (in.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = ::recv(c, buf, sizeof buf, 0);
        if (n <= 0) {
          return;
        }
        in.append(buf, static_cast<std::size_t>(n));
      }
      in.erase(0, in.find("\r\n\r\n") + 4);  // GETs only: no body
      const Answer a = script_(requests_++);
      for (const auto& piece : a.pieces) {
        ::send(c, piece.data(), piece.size(), MSG_NOSIGNAL);
        std::this_thread::sleep_for(a.pause);
      }
      if (a.close) {
        return;
      }
    }
  }

  std::function<Answer(int)> script_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<int> connections_{0};
  int requests_ = 0;  // only the server thread touches it
  std::thread thread_;
};

// Bytes that differ from their neighbours and between answers (`seed`).
std::string pattern(std::size_t n, int seed) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) {
    s[i] = static_cast<char>('a' + (i * 7 + i / 1000 + static_cast<std::size_t>(seed)) % 26);
  }
  return s;
}

// A head whose length changes only with `pad` and the digits of the body's length.
std::string head(std::size_t body_size, std::size_t pad = 8) {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Pad: " + std::string(pad, 'p') +
         "\r\nContent-Length: " + std::to_string(body_size) + "\r\n\r\n";
}

struct Outcome {
  ClientResult result;
  bool done = false;
};

// One GET on `pool` into `response` (reused between calls, as the proxy reuses its replies).
Outcome get(ClientPool& pool, asio::io_context& ioc, Response& response) {
  Outcome out;
  asio::co_spawn(
      ioc,
      [&]() -> asio::awaitable<void> {
        ClientRequest req;
        req.target = "/x";
        req.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        out.result = co_await pool.request(req, response);
        out.done = true;
      },
      asio::detached);
  ioc.restart();
  while (!out.done && ioc.run_one_for(std::chrono::seconds(10)) > 0) {
  }
  REQUIRE(out.done);
  return out;
}

ClientOptions options_for(uint16_t port) {
  ClientOptions o;
  o.origin = *parse_http_url("http://127.0.0.1:" + std::to_string(port));
  return o;
}

}  // namespace

TEST_CASE("ClientPool: bodies read in place are exactly each answer's body, however they arrive",
          "[core]") {
  // Each step: the body, and how it is sent.
  struct Step {
    std::string name;
    std::string body;
    Answer answer;
  };
  std::vector<Step> steps;
  auto whole = [](std::string h, const std::string& b) { return Answer{{h + b}, {}, false}; };
  const std::string b0 = pattern(10000, 0), b1 = pattern(10000, 1), b2 = pattern(12000, 2);
  const std::string b3 = pattern(60000, 3), b4 = pattern(10, 4), b5 = pattern(10, 5);
  const std::string b6 = pattern(10, 6), b7 = pattern(11000, 7);
  steps.push_back({"first: the head's length is learnt", b0, whole(head(b0.size()), b0)});
  steps.push_back({"same head length, one piece", b1, whole(head(b1.size()), b1)});
  steps.push_back(
      {"same head length, the head alone then the body in three pieces", b2,
       Answer{{head(b2.size()), b2.substr(0, 100), b2.substr(100, 5000), b2.substr(5100)},
              milliseconds(30),
              false}});
  steps.push_back(
      {"same head length, a body past the room of the first read", b3,
       Answer{{head(b3.size()) + b3.substr(0, 20000), b3.substr(20000)}, milliseconds(30), false}});
  steps.push_back({"a shorter head", b4, whole(head(b4.size()), b4)});
  steps.push_back({"a longer head", b5, whole(head(b5.size(), 40), b5)});
  steps.push_back({"a head cut inside, then the rest", b6,
                   Answer{{head(b6.size(), 40).substr(0, 30), head(b6.size(), 40).substr(30) + b6},
                          milliseconds(30),
                          false}});
  steps.push_back({"chunked", "abcdefg",
                   Answer{{"HTTP/1.1 200 OK\r\nTransfer-Encoding: "
                           "chunked\r\n\r\n3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n"},
                          {},
                          false}});
  steps.push_back({"after chunked", b7, whole(head(b7.size()), b7)});
  steps.push_back({"same head length again", b1, whole(head(b1.size()), b1)});
  steps.push_back({"no body", "",
                   whole("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Pad: "
                         "ppppppppppppppppppp\r\nContent-Length: 0\r\n\r\n",
                         "")});
  steps.push_back({"then a body again", b0, whole(head(b0.size()), b0)});

  PieceServer server([&steps](int n) {
    return n < static_cast<int>(steps.size()) ? steps[static_cast<std::size_t>(n)].answer
                                              : Answer{{}, {}, true};
  });
  asio::io_context ioc;
  ClientPool pool(ioc, options_for(server.port()));
  Response response;
  for (const auto& step : steps) {
    const Outcome o = get(pool, ioc, response);
    INFO(step.name << ": " << o.result.detail);
    REQUIRE(o.result.ok());
    CHECK(response.result_int() == 200);
    CHECK(response.body().size() == step.body.size());
    CHECK((response.body() == step.body));
    CHECK(response.body().capacity() - response.body().size() >= kResponseBodySlack);
  }
  CHECK(server.connections() == 1);  // every answer left the connection reusable
}

TEST_CASE(
    "ClientPool: a body read in place that is cut short or followed by stray bytes fails or "
    "closes the connection",
    "[core]") {
  const std::string b = pattern(10000, 0);
  PieceServer server([&b](int n) {
    switch (n) {
      case 0:
      case 2:
        return Answer{{head(b.size()) + b}, {}, false};
      case 1:  // the same head, half the body, then the connection closes
        return Answer{{head(b.size()) + b.substr(0, 5000)}, milliseconds(30), true};
      default:  // the same head and body, then bytes that belong to no answer
        return Answer{{head(b.size()) + b + "HTTP/1.1 200 OK\r\n"}, {}, false};
    }
  });
  asio::io_context ioc;
  ClientPool pool(ioc, options_for(server.port()));
  Response response;
  REQUIRE(get(pool, ioc, response).result.ok());
  const Outcome cut = get(pool, ioc, response);
  CHECK(cut.result.error == ClientError::reset);
  CHECK(cut.result.partial);
  CHECK(pool.open_connections() == 0);
  REQUIRE(get(pool, ioc, response).result.ok());  // a new connection: the head is learnt again
  const Outcome stray = get(pool, ioc, response);
  INFO(stray.result.detail);
  REQUIRE(stray.result.ok());
  CHECK((response.body() == b));
  CHECK(pool.open_connections() == 0);  // bytes past the body: the connection is not reused
  CHECK(server.connections() == 2);
}
