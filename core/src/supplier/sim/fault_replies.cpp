// Fault answers on the wire; the takeovers are coroutines on the worker's own io_context, so a held
// or dripping connection never blocks its thread.
#include "fault_replies.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <string>

#include "routes.hpp"
#include "travelctl/core/http/responses.hpp"

namespace travelctl::core::supplier::sim {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using std::chrono::microseconds;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// How often a slow answer drips a piece of its body, and how long one piece may take to write.
constexpr std::chrono::milliseconds kDripInterval{50};
constexpr std::chrono::seconds kPieceWriteTimeout{30};

// What a reverse proxy in front of a failing supplier sends, here with a 200 and the JSON type.
constexpr std::string_view kHtmlPage =
    "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
    "</center><hr><center>nginx</center></body></html>\n";

// Reads and drops whatever the client sends until it closes or `hold` passes: the request is
// never answered, and the client sees its own timeout.
asio::awaitable<void> hold_silently(beast::tcp_stream& stream, microseconds hold) {
  stream.expires_after(hold);
  std::array<char, 1024> sink;
  for (;;) {
    auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), kNoThrow);
    if (ec) {
      co_return;
    }
  }
}

// SO_LINGER 0 makes the close send RST instead of FIN.
asio::awaitable<void> reset_connection(beast::tcp_stream& stream) {
  beast::error_code ignored;
  stream.socket().set_option(asio::socket_base::linger(true, 0), ignored);
  stream.socket().close(ignored);
  co_return;
}

// The head promises the whole body (Content-Length); half of it goes out, then the server
// closes the connection.
asio::awaitable<void> send_truncated(beast::tcp_stream& stream, http::Response& res) {
  beast::http::response_serializer<beast::http::string_body> sr(res);
  auto [ec, n] = co_await beast::http::async_write_header(stream, sr, kNoThrow);
  if (ec) {
    co_return;
  }
  const std::string& body = res.body();
  co_await asio::async_write(stream, asio::buffer(body.data(), body.size() / 2), kNoThrow);
}

// The head at once, then the body in pieces spread evenly so that the last one leaves after
// `total`.
asio::awaitable<void> drip(beast::tcp_stream& stream, http::Response& res, microseconds total) {
  beast::http::response_serializer<beast::http::string_body> sr(res);
  auto [ec, n] = co_await beast::http::async_write_header(stream, sr, kNoThrow);
  if (ec) {
    co_return;
  }
  const std::string& body = res.body();
  const auto ticks = static_cast<std::size_t>(std::max<int64_t>(1, total / kDripInterval));
  const std::size_t pieces = std::max<std::size_t>(1, std::min(ticks, body.size()));
  const std::size_t piece = (body.size() + pieces - 1) / pieces;
  const auto start = std::chrono::steady_clock::now();
  asio::steady_timer timer(stream.get_executor());
  for (std::size_t i = 0, sent = 0; i < pieces && sent < body.size(); ++i) {
    timer.expires_at(start + total * static_cast<int64_t>(i + 1) / static_cast<int64_t>(pieces));
    co_await timer.async_wait(kNoThrow);
    const std::size_t len = std::min(piece, body.size() - sent);
    stream.expires_after(kPieceWriteTimeout);
    auto [wec, wn] =
        co_await asio::async_write(stream, asio::buffer(body.data() + sent, len), kNoThrow);
    if (wec) {
      co_return;
    }
    sent += len;
  }
}

// Grows a JSON object to `target` bytes with a field readers must ignore (supplier-api.md: fields
// not listed may appear), so that only a size limit can refuse it.
void pad_json_object(std::string& body, std::size_t target) {
  if (body.size() < 2 || body.front() != '{' || body.back() != '}') {
    body = "{}";
  }
  const std::string_view field = body == "{}" ? "\"padding\":\"" : ",\"padding\":\"";
  const std::size_t fixed = body.size() + field.size() + 1;  // + the closing quote
  body.pop_back();
  body.reserve(std::max(target, fixed + 1));
  body += field;
  body.append(target > fixed ? target - fixed : 0, 'x');
  body += "\"}";
}

}  // namespace

bool refuses_request(FaultKind kind) { return kind == FaultKind::k5xx || kind == FaultKind::k429; }

http::Response refusal(const Fault& fault, Rng& rng) {
  if (fault.kind == FaultKind::k429) {
    http::Response res = http::json_response(
        http::Status::too_many_requests,
        sim_error_body({429, "rate_limited", "too many requests (injected fault)", {}}));
    res.set(
        http::Field::retry_after,
        std::to_string(std::chrono::duration_cast<std::chrono::seconds>(fault.duration).count()));
    return res;
  }
  static constexpr int kStatuses[] = {500, 502, 503};
  const int status = fault.status != 0 ? fault.status : kStatuses[rng.below(3)];
  const char* code = status == 500   ? "internal_error"
                     : status == 502 ? "bad_gateway"
                     : status == 503 ? "service_unavailable"
                                     : "server_error";
  return http::json_response(static_cast<http::Status>(status),
                             sim_error_body({status, code, "injected fault", {}}));
}

http::Reply damage(const Fault& fault, http::Response real, Rng& rng) {
  http::Reply out{std::move(real), {}};
  http::Response& res = out.response;
  switch (fault.kind) {
    case FaultKind::kTimeout:
      out.takeover = [hold = fault.duration](beast::tcp_stream& s, http::Response&) {
        return hold_silently(s, hold);
      };
      break;
    case FaultKind::kReset:
      out.takeover = [](beast::tcp_stream& s, http::Response&) { return reset_connection(s); };
      break;
    case FaultKind::kTruncated:
      if (res.body().size() < 2) {
        res.body() = "{}";  // something to cut
        res.prepare_payload();
      }
      out.takeover = [](beast::tcp_stream& s, http::Response& r) { return send_truncated(s, r); };
      break;
    case FaultKind::kSlow:
      out.takeover = [total = fault.duration](beast::tcp_stream& s, http::Response& r) {
        return drip(s, r, total);
      };
      break;
    case FaultKind::kMalformed:
      // Either a proxy's HTML page, or JSON cut in the middle (well framed, so only a parser
      // notices).
      if (rng.chance(1, 2)) {
        res.body() = std::string(kHtmlPage);
      } else {
        res.body().resize(res.body().size() / 2);
      }
      res.prepare_payload();
      break;
    case FaultKind::kOversized:
      pad_json_object(res.body(), fault.bytes);
      res.prepare_payload();
      break;
    case FaultKind::kContentType:
      res.set(http::Field::content_type, fault.content_type);
      break;
    case FaultKind::k5xx:
    case FaultKind::k429:
      break;  // refusals, see refusal()
  }
  return out;
}

}  // namespace travelctl::core::supplier::sim
