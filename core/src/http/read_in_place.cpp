// Reads a response body straight into its own storage: see read_in_place.hpp.
#include "read_in_place.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/error.hpp>
#include <cstring>
#include <string>

namespace travelctl::core::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

namespace {

// Room past the last body's length, so that a body a little longer still fits the first read;
// the hint is capped so that one huge body does not make every later read zero-fill as much.
constexpr std::size_t kRoom = 4096;
constexpr std::size_t kMaxHint = 256u << 10;

void append(beast::flat_buffer& buffer, const char* data, std::size_t n) {
  if (n > 0) {
    std::memcpy(buffer.prepare(n).data(), data, n);
    buffer.commit(n);
  }
}

}  // namespace

asio::awaitable<InPlaceRead> read_in_place(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                           ResponseParser& parser, std::size_t head_bytes,
                                           std::size_t body_hint) {
  constexpr std::size_t kSlack = SlackStringBody::kSlack;
  std::string& text = parser.get().body().text;
  // Growing a string zero-fills: only the part past the last body on this buffer is filled.
  if (const std::size_t want = std::min(body_hint, kMaxHint) + kRoom + kSlack; text.size() < want) {
    text.resize(want);
  }
  const std::size_t region = text.size() - kSlack;
  const std::array<asio::mutable_buffer, 2> into{buffer.prepare(head_bytes),
                                                 asio::buffer(text.data(), region)};
  auto [ec, got] = co_await stream.async_read_some(into, kNoThrow);
  if (ec) {
    // As beast::http::async_read reports a close before any byte.
    co_return InPlaceRead{ec == asio::error::eof ? beast::http::error::end_of_stream : ec, false};
  }
  const std::size_t in_head = std::min(got, head_bytes);
  const std::size_t in_body = got - in_head;
  buffer.commit(in_head);
  parser.eager(false);  // the head only: the body is not the parser's to copy
  beast::error_code pec;
  const std::size_t used = parser.put(buffer.data(), pec);
  buffer.consume(used);
  if (pec && pec != beast::http::error::need_more) {
    co_return InPlaceRead{pec, false};  // malformed, or over a limit: as async_read would fail
  }
  const bool same_head = !pec && used == head_bytes;
  if (!same_head || parser.is_done() || parser.chunked() || !parser.content_length()) {
    // Another head length, no body, or a body framed otherwise: the usual read takes it from here.
    append(buffer, text.data(), in_body);
    co_return InPlaceRead{{}, false, used};
  }
  const auto length = static_cast<std::size_t>(*parser.content_length());
  if (in_body > length) {
    append(buffer, text.data() + length, in_body - length);  // past the body: not this response's
  } else if (in_body < length) {
    if (length > region) {
      text.reserve(length + kSlack);
      text.resize(length);
    }
    auto [rec, n] = co_await asio::async_read(
        stream, asio::buffer(text.data() + in_body, length - in_body), kNoThrow);
    if (rec) {
      // As beast::http::async_read reports a close inside a body.
      co_return InPlaceRead{rec == asio::error::eof ? beast::http::error::partial_message : rec,
                            false};
    }
  }
  parser.get().body().size = length;
  co_return InPlaceRead{{}, true};
}

}  // namespace travelctl::core::http
