// A keep-alive HTTP/1.1 client pool to one origin, owned by one worker thread (no locks).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "travelctl/core/http/address.hpp"
#include "travelctl/core/http/types.hpp"

namespace boost::asio {
class io_context;
}

namespace travelctl::core::http {

/// A pool's gauges and counters, readable from any thread (relaxed atomics, one writer).
struct PoolGauges {
  std::atomic<uint64_t> in_use{0};    ///< connections lent out or being opened
  std::atomic<uint64_t> idle{0};      ///< kept-alive connections waiting for a request
  std::atomic<uint64_t> waiting{0};   ///< requests waiting for a connection
  std::atomic<uint64_t> rejected{0};  ///< requests refused because the wait queue was full
  std::atomic<uint64_t> expired{0};   ///< connections closed because they reached max_lifetime
};

struct ClientOptions {
  Url origin;  ///< scheme, host, port; `https` uses OpenSSL with the system's trust store
  std::chrono::milliseconds connect_timeout{1'000};
  std::size_t max_response_bytes = 8u << 20;  ///< enforced while reading
  std::size_t max_header_bytes = 64u << 10;
  std::size_t max_connections = 64;  ///< open at once; more requests wait for one to free up
  std::size_t max_waiting = 256;     ///< requests waiting at once; more fail fast (`rejected`)
  std::chrono::milliseconds max_lifetime{300'000};  ///< a connection is not reused past this age
  std::chrono::milliseconds idle_timeout{30'000};  ///< an idle connection older than this is closed
  std::size_t max_requests_per_connection = 10'000;
  bool verify_tls = true;        ///< verify the server's certificate and host name
  PoolGauges* gauges = nullptr;  ///< not owned; must outlive the pool; null: not published
};

/// Why a request got no usable response.
enum class ClientError {
  none,
  refused,       ///< connection refused (or unreachable)
  reset,         ///< the connection was reset or closed before the response was whole
  timeout,       ///< no whole response before the deadline (connect, pool wait, write or read)
  too_large,     ///< the response body (or header) is over the limit
  bad_response,  ///< not valid HTTP/1.1
  resolve,       ///< the host name does not resolve
  tls,           ///< the TLS handshake failed
  bad_request,   ///< the request itself cannot be sent (a header with CR/LF)
  rejected,      ///< refused here before sending (the pool's wait queue is full; the caller's
                 ///< own policies, such as a circuit breaker, use it too)
};

/// A short stable name ("refused", "timeout", ...) for logs and metrics.
std::string_view to_string(ClientError e);

/// One outgoing request. Header values must not contain CR or LF (else ClientError::bad_request).
struct ClientRequest {
  Verb method = Verb::get;
  std::string_view target;  ///< origin-form: path and query
  std::pair<std::string_view, std::string_view> const* headers = nullptr;
  std::size_t header_count = 0;
  std::string_view body;                           ///< sent with a Content-Length when non-empty
  std::chrono::steady_clock::time_point deadline;  ///< the whole exchange must end by then
  bool idempotent = true;  ///< may be sent again on a fresh connection when a reused one was stale
};

/// The outcome: `error == none` and `response` filled, or the failure with a short detail.
struct ClientResult {
  ClientError error = ClientError::none;
  std::string detail;  ///< empty on success
  /// The request may have reached the server (writing had begun). A failure with `sent` false
  /// certainly did nothing there; with `sent` true a non-idempotent request's outcome is unknown.
  bool sent = false;
  bool partial = false;  ///< some of the response had arrived when it failed
  /// The pool sent the request a second time, on a fresh connection, because the kept-alive one
  /// it first used was closed before any answer (idempotent requests only): a retry to count.
  bool resent = false;
  bool ok() const { return error == ClientError::none; }
};

/// A response body read by ClientPool keeps at least this much spare capacity past its end, so that
/// a parser that reads past the end of its input (simdjson: 64 bytes) can parse it in place.
inline constexpr std::size_t kResponseBodySlack = 64;

/// Keep-alive connections to one origin for one io_context (one worker thread). Not thread-safe by
/// design: each worker owns its own pool. Must outlive every request it runs.
class ClientPool {
 public:
  ClientPool(boost::asio::io_context& ioc, ClientOptions options);
  ~ClientPool();
  ClientPool(const ClientPool&) = delete;
  ClientPool& operator=(const ClientPool&) = delete;

  /// Sends `req` and reads the whole response into `response` (its body's capacity is reused).
  /// Never throws for network or protocol failures: they come back as a ClientResult.
  boost::asio::awaitable<ClientResult> request(const ClientRequest& req, Response& response);

  /// Closes idle connections (at shutdown).
  void close_idle();

  std::size_t open_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace travelctl::core::http
