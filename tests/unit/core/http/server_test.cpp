// Tests of the server's reply handlers: a plain Reply is written as usual, a takeover gets the
// connection instead and the server closes it afterwards.
#include "travelctl/core/http/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <string>

#include "support/raw_exchange.hpp"
#include "travelctl/core/http/responses.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using namespace travelctl::core::http;
using std::chrono::milliseconds;
using travelctl::test::raw_exchange;
using travelctl::test::RawExchange;

// Writes its own bytes, including what the server handed over, instead of the response.
asio::awaitable<void> write_own(beast::tcp_stream& stream, Response& res) {
  const std::string body = std::string(res.keep_alive() ? "kept" : "closing") + ":" + res.body();
  const std::string raw =
      "HTTP/1.1 299 Taken\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  co_await asio::async_write(stream, asio::buffer(raw), asio::as_tuple(asio::use_awaitable));
}

// "/take" is taken over, anything else answered with a plain Reply.
ReplyHandlerFactory factory() {
  return [](asio::io_context&, unsigned) -> ReplyHandler {
    return [](Request& req) -> asio::awaitable<Reply> {
      Reply r{json_response(Status::ok, R"({"target":")" + std::string(req.target()) + "\"}"), {}};
      if (req.target() == "/take") {
        r.takeover = [](beast::tcp_stream& s, Response& res) { return write_own(s, res); };
      }
      co_return std::move(r);
    };
  };
}

}  // namespace

TEST_CASE("Server: a Reply without a takeover is written as usual, keep-alive included", "[core]") {
  Server server(ServerOptions{}, factory());
  const auto port = server.start();
  REQUIRE(port.has_value());
  // Two pipelined requests on one connection: both answered, the second closes it.
  const RawExchange x = raw_exchange(
      *port,
      "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      milliseconds(2000));
  CHECK(x.end == RawExchange::End::closed);
  CHECK(x.status() == 200);
  CHECK_THAT(x.data, Catch::Contains(R"({"target":"/a"})"));
  CHECK_THAT(x.data, Catch::EndsWith(R"({"target":"/b"})"));
  server.stop();
}

TEST_CASE("Server: a takeover writes instead of the server, which then closes", "[core]") {
  Server server(ServerOptions{}, factory());
  const auto port = server.start();
  REQUIRE(port.has_value());
  // The client asks for keep-alive; the takeover sees it turned off, and the connection closes.
  const RawExchange x =
      raw_exchange(*port, "GET /take HTTP/1.1\r\nHost: x\r\n\r\n", milliseconds(2000));
  CHECK(x.end == RawExchange::End::closed);
  CHECK(x.data == "HTTP/1.1 299 Taken\r\nContent-Length: 26\r\n\r\nclosing:{\"target\":\"/take\"}");
  CHECK(x.elapsed < milliseconds(1000));
  // The worker goes on serving.
  const RawExchange after =
      raw_exchange(*port, "GET /c HTTP/1.1\r\nConnection: close\r\n\r\n", milliseconds(2000));
  CHECK(after.status() == 200);
  CHECK(after.body() == R"({"target":"/c"})");
  server.stop();
}
