// Reads a response body straight into its own storage instead of through the connection's buffer
// (which Beast's parser would then copy from): one copy of every supplier body saved.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <cstddef>

#include "slack_string_body.hpp"

namespace travelctl::core::http {

using ResponseParser = boost::beast::http::response_parser<SlackStringBody>;

/// What read_in_place did: `done` with the whole response in `parser` (its body's `size` set), a
/// failure in `ec`, or neither, when the usual read must go on from where it stopped.
struct InPlaceRead {
  boost::beast::error_code ec;
  bool done = false;
  std::size_t parsed = 0;  ///< bytes `parser` took from `buffer` (when not done)
};

/// Reads with one recvmsg the next `head_bytes` into `buffer` and what follows into the body's
/// storage (its capacity, grown to `body_hint` plus room when smaller). When the head is exactly
/// `head_bytes` long (the length of the last head on this connection: a server's heads seldom
/// change length) and the body has a Content-Length, the body is read where it will stay. Else
/// every byte read is handed to `buffer`, in order and after what `parser` took, so that
/// beast::http::async_read on `buffer` and `parser` goes on as if it had read them itself. Bytes
/// past the body are left in `buffer` too. `buffer` must be empty and `parser` fresh, not skipping
/// a body (HEAD). Errors are those of beast::http::async_read (end_of_stream, partial_message, the
/// stream's timeout, the parser's limits).
boost::asio::awaitable<InPlaceRead> read_in_place(boost::beast::tcp_stream& stream,
                                                  boost::beast::flat_buffer& buffer,
                                                  ResponseParser& parser, std::size_t head_bytes,
                                                  std::size_t body_hint);

}  // namespace travelctl::core::http
