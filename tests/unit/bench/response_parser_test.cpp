// ResponseParser: framing (Content-Length, chunked, close-delimited, no-body statuses),
// keep-alive rules, pipelined responses, captures and malformed input, fed in any piece size.
#include "travelctl/bench/response_parser.hpp"

#include <catch2/catch.hpp>
#include <string>

using travelctl::bench::ResponseParser;
using Result = ResponseParser::Result;

namespace {

struct Fed {
  Result result = Result::kNeedMore;
  std::size_t consumed = 0;  // bytes of `text` used up to the end of the response
};

// Feeds `text` in pieces of `piece` bytes until the response completes or fails.
Fed feed_in_pieces(ResponseParser& p, const std::string& text, std::size_t piece) {
  Fed f;
  while (f.consumed < text.size()) {
    const std::size_t n = std::min(piece, text.size() - f.consumed);
    std::size_t used = 0;
    f.result = p.feed(text.data() + f.consumed, n, used);
    f.consumed += used;
    if (f.result != Result::kNeedMore) {
      return f;
    }
    REQUIRE(used == n);
  }
  return f;
}

const std::size_t kPieces[] = {1, 2, 3, 7, 64, 100000};

}  // namespace

TEST_CASE("ResponseParser: Content-Length body in any piece size", "[bench]") {
  const std::string text =
      "HTTP/1.1 200 OK\r\nServer: x\r\ncontent-LENGTH: 11\r\nX-Id: abc\r\n\r\nhello world";
  for (std::size_t piece : kPieces) {
    ResponseParser p;
    p.start();
    std::string body, id;
    p.capture_body(&body, 1 << 20);
    p.capture_header("x-id", &id);
    const Fed f = feed_in_pieces(p, text, piece);
    INFO("piece " << piece);
    CHECK(f.result == Result::kDone);
    CHECK(f.consumed == text.size());
    CHECK(p.status() == 200);
    CHECK(p.keep_alive());
    CHECK(body == "hello world");
    CHECK(id == "abc");
  }
}

TEST_CASE("ResponseParser: chunked body with extensions and trailers", "[bench]") {
  const std::string text =
      "HTTP/1.1 201 Created\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
      "5;ext=1\r\nhello\r\n6\r\n world\r\nA\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n";
  for (std::size_t piece : kPieces) {
    ResponseParser p;
    p.start();
    std::string body;
    p.capture_body(&body, 1 << 20);
    const Fed f = feed_in_pieces(p, text, piece);
    INFO("piece " << piece);
    CHECK(f.result == Result::kDone);
    CHECK(f.consumed == text.size());
    CHECK(p.status() == 201);
    CHECK(body == "hello world0123456789");
  }
}

TEST_CASE("ResponseParser: pipelined responses in one buffer", "[bench]") {
  const std::string first = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  const std::string second = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
  const std::string third = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
  const std::string all = first + second + third;
  ResponseParser p;
  std::size_t offset = 0;
  int statuses[3] = {};
  for (int i = 0; i < 3; ++i) {
    p.start();
    std::size_t used = 0;
    REQUIRE(p.feed(all.data() + offset, all.size() - offset, used) == Result::kDone);
    offset += used;
    statuses[i] = p.status();
  }
  CHECK(offset == all.size());
  CHECK(statuses[0] == 200);
  CHECK(statuses[1] == 404);
  CHECK(statuses[2] == 200);
}

TEST_CASE("ResponseParser: keep-alive follows HTTP version and Connection", "[bench]") {
  auto parse = [](const std::string& text) {
    ResponseParser p;
    p.start();
    std::size_t used = 0;
    REQUIRE(p.feed(text.data(), text.size(), used) == Result::kDone);
    return p.keep_alive();
  };
  CHECK(parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
  CHECK_FALSE(parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"));
  CHECK_FALSE(parse("HTTP/1.1 200 OK\r\nConnection: Upgrade, Close\r\nContent-Length: 0\r\n\r\n"));
  CHECK_FALSE(parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"));
  CHECK(parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n"));
}

TEST_CASE("ResponseParser: a body without length ends with the connection", "[bench]") {
  ResponseParser p;
  p.start();
  std::string body;
  p.capture_body(&body, 100);
  const std::string text = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nsome data";
  std::size_t used = 0;
  CHECK(p.feed(text.data(), text.size(), used) == Result::kNeedMore);
  CHECK(p.on_eof() == Result::kDone);
  CHECK(body == "some data");
  CHECK_FALSE(p.keep_alive());
}

TEST_CASE("ResponseParser: HEAD, 204, 304 and interim 100 responses", "[bench]") {
  {
    ResponseParser p;
    p.start(true);
    const std::string text = "HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n";
    std::size_t used = 0;
    CHECK(p.feed(text.data(), text.size(), used) == Result::kDone);
    CHECK(used == text.size());
  }
  for (const char* status : {"204 No Content", "304 Not Modified"}) {
    ResponseParser p;
    p.start();
    const std::string text = std::string("HTTP/1.1 ") + status + "\r\nContent-Length: 10\r\n\r\n";
    std::size_t used = 0;
    CHECK(p.feed(text.data(), text.size(), used) == Result::kDone);
  }
  {
    ResponseParser p;
    p.start();
    const std::string text =
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx";
    const Fed f = feed_in_pieces(p, text, 5);
    CHECK(f.result == Result::kDone);
    CHECK(p.status() == 200);
  }
}

TEST_CASE("ResponseParser: captured bodies stop at the limit", "[bench]") {
  ResponseParser p;
  p.start();
  std::string body;
  p.capture_body(&body, 4);
  const std::string text = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789";
  std::size_t used = 0;
  CHECK(p.feed(text.data(), text.size(), used) == Result::kDone);
  CHECK(body == "0123");
  CHECK(p.body_truncated());
}

TEST_CASE("ResponseParser: malformed responses are errors with a reason", "[bench]") {
  const char* bad[] = {
      "HTTP/2 200 OK\r\n\r\n",
      "HTTP/1.1 2x0 OK\r\n\r\n",
      "garbage that is not http\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
      "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF\r\n",
  };
  for (const char* text : bad) {
    for (std::size_t piece : {std::size_t{1}, std::size_t{1000}}) {
      ResponseParser p;
      p.start();
      const Fed f = feed_in_pieces(p, text, piece);
      INFO(text << " piece " << piece);
      CHECK(f.result == Result::kError);
      CHECK_FALSE(p.error().empty());
      CHECK_FALSE(p.keep_alive());
    }
  }
}

TEST_CASE("ResponseParser: truncated responses and oversized headers", "[bench]") {
  {
    ResponseParser p;
    p.start();
    CHECK(p.idle());
    CHECK(p.on_eof() == Result::kError);  // closed before any byte
  }
  {
    ResponseParser p;
    p.start();
    const std::string text = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123";
    std::size_t used = 0;
    CHECK(p.feed(text.data(), text.size(), used) == Result::kNeedMore);
    CHECK_FALSE(p.idle());
    CHECK(p.on_eof() == Result::kError);
    CHECK(p.error() == "response truncated by close");
  }
  {
    ResponseParser p;
    p.start();
    const std::string header = "HTTP/1.1 200 OK\r\nX: " + std::string(70000, 'a');
    const Fed f = feed_in_pieces(p, header, 4096);
    CHECK(f.result == Result::kError);
  }
}
