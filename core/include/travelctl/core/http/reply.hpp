// A handler's answer that may take the connection over, for test doubles that must misbehave on
// the wire (silence, reset, a truncated or dripped body); the proxy's handlers never need it.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <functional>

#include "travelctl/core/http/types.hpp"

namespace travelctl::core::http {

/// Does what it likes with the connection instead of the server writing the response: the server
/// hands over the stream (write timeout armed) and the response (keep-alive off), writes nothing
/// itself, and closes the connection when the takeover returns. Must not block.
using Takeover = std::function<boost::asio::awaitable<void>(boost::beast::tcp_stream&, Response&)>;

/// A response, optionally with a takeover of its connection.
struct Reply {
  Response response;
  Takeover takeover;  ///< empty: the server writes `response` as usual
};

/// Like Handler, for servers built with a ReplyHandlerFactory; must not block.
using ReplyHandler = std::function<boost::asio::awaitable<Reply>(Request&)>;

}  // namespace travelctl::core::http
