// An HTTP/1.1 server: one io_context per worker thread, each with its own SO_REUSEPORT acceptor.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "travelctl/core/expected.hpp"
#include "travelctl/core/http/reply.hpp"
#include "travelctl/core/http/types.hpp"

namespace boost::asio {
class io_context;
}

namespace travelctl::core::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  ///< 0 picks a free port; see Server::port()
  unsigned threads = 1;
  std::size_t max_body_bytes = 1 << 20;            ///< larger bodies get 413
  std::size_t max_header_bytes = 16 * 1024;        ///< larger headers get 431
  std::chrono::milliseconds idle_timeout{60'000};  ///< keep-alive wait for the next request
  /// A new connection's first request head, or a keep-alive request's head once its first byte
  /// came, must arrive whole by then (slowloris); else 408 when some bytes came, a close if none.
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds read_timeout{15'000};  ///< a started request must arrive whole by then
  std::chrono::milliseconds write_timeout{30'000};
  /// Open client connections of the whole process (all workers); one more is answered
  /// `503 overloaded` with `Retry-After: 1` and closed at once.
  std::size_t max_connections = 10'000;
};

/// Builds the handler of one worker thread (per-thread state lives in the handler's captures).
using HandlerFactory = std::function<Handler(boost::asio::io_context&, unsigned thread_index)>;
/// The same for handlers that may take their connection over (see Reply).
using ReplyHandlerFactory =
    std::function<ReplyHandler(boost::asio::io_context&, unsigned thread_index)>;

/// Runs workers on their own threads until stop(). Protocol errors (bad request, oversized header
/// or body, timeouts) are answered by the server with the client-api.md error body.
class Server {
 public:
  Server(ServerOptions options, HandlerFactory factory);
  /// A server whose handlers may take a connection over instead of answering (test doubles).
  Server(ServerOptions options, ReplyHandlerFactory factory);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds every worker's acceptor and starts the threads; the error says what failed to bind.
  Expected<uint16_t, std::string> start();
  uint16_t port() const;
  /// Still accepts and serves, but every answer from now on says `Connection: close` and idle
  /// keep-alive connections are closed: clients move to other instances before stop().
  void begin_drain();
  /// Stops accepting, closes idle keep-alive connections, lets in-flight requests finish for up
  /// to `drain`, then stops the workers and joins them. Returns how many requests were still in
  /// flight when the drain time ran out (0: all finished). Safe to call more than once.
  std::size_t stop(std::chrono::milliseconds drain = std::chrono::milliseconds{5000});
  /// Open client connections now, all workers together.
  std::size_t connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace travelctl::core::http
