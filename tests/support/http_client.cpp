// Blocking test client: Beast over a private io_context, run for at most the request's timeout.
#include "support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cctype>

namespace travelctl::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

std::string HttpReply::header(std::string name) const {
  for (auto& c : name) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

HttpReply http_request(const std::string& host, uint16_t port, const HttpRequest& req) {
  HttpReply reply;
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::flat_buffer buffer;
  bhttp::request<bhttp::string_body> out{bhttp::string_to_verb(req.method), req.target, 11};
  if (out.method() == bhttp::verb::unknown) {
    out.method_string(req.method);
  }
  out.set(bhttp::field::host, host + ":" + std::to_string(port));
  out.set(bhttp::field::connection, "close");
  for (const auto& [k, v] : req.headers) {
    out.insert(k, v);
  }
  out.body() = req.body;
  if (!req.body.empty()) {
    out.prepare_payload();
  }
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64u << 20);
  if (req.method == "HEAD") {
    parser.skip(true);
  }
  beast::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (ec) {
    reply.error = "bad address: " + host;
    return reply;
  }
  stream.expires_after(req.timeout);
  stream.async_connect(asio::ip::tcp::endpoint(address, port), [&](beast::error_code e) {
    if (e) {
      reply.error = "connect: " + e.message();
      return;
    }
    bhttp::async_write(stream, out, [&](beast::error_code e2, std::size_t) {
      if (e2) {
        reply.error = "write: " + e2.message();
        return;
      }
      bhttp::async_read(stream, buffer, parser, [&](beast::error_code e3, std::size_t) {
        if (e3) {
          reply.error = "read: " + e3.message();
        }
      });
    });
  });
  ioc.run_for(req.timeout + std::chrono::milliseconds(500));
  if (!ioc.stopped() && reply.error.empty()) {
    reply.error = "timeout";
  }
  if (!reply.error.empty()) {
    return reply;
  }
  auto res = parser.release();
  reply.status = static_cast<int>(res.result_int());
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& c : name) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    reply.headers[name] = std::string(f.value());
  }
  reply.body = std::move(res.body());
  return reply;
}

HttpReply http_get(const std::string& host, uint16_t port, const std::string& target,
                   std::vector<std::pair<std::string, std::string>> headers) {
  HttpRequest req;
  req.target = target;
  req.headers = std::move(headers);
  return http_request(host, port, req);
}

}  // namespace travelctl::test
