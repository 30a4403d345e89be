// HTTP/1.1 server: per-thread acceptors (SO_REUSEPORT), coroutine sessions, keep-alive, drain.
#include "travelctl/core/http/server.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_suffix.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <thread>
#include <type_traits>
#include <unordered_set>
#include <vector>

#include "send_now.hpp"
#include "travelctl/core/http/responses.hpp"
#include "travelctl/core/observe/request_id.hpp"

namespace travelctl::core::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

namespace {

// An io_context whose suspended coroutines (requests cut at the end of a drain) can be destroyed
// before the objects their frames use: execution_context::shutdown() is protected.
struct WorkerContext : asio::io_context {
  using asio::io_context::io_context;
  void destroy_suspended() { shutdown(); }
};

struct Worker {
  // First the cut requests' coroutines, while the handler and the rest they use still exist; the
  // members (the handler's sockets and timers among them) are then destroyed as usual.
  ~Worker() { ioc.destroy_suspended(); }
  WorkerContext ioc{1};
  tcp::acceptor acceptor{ioc};
  Handler handler;
  ReplyHandler reply_handler;  // set instead of `handler` by a ReplyHandlerFactory
  std::thread thread;
  std::unordered_set<beast::tcp_stream*> idle;  // sessions waiting for a next request
  bool draining = false;                        // touched only on this worker's thread
  // Requests from their first byte until their answer is written (read by stop()'s thread).
  std::atomic<std::size_t> in_flight{0};
};

// Counts one request as in flight for as long as it lives (a scope in the session loop).
class InFlight {
 public:
  explicit InFlight(Worker& w) : w_(w) { w_.in_flight.fetch_add(1, std::memory_order_relaxed); }
  ~InFlight() { w_.in_flight.fetch_sub(1, std::memory_order_release); }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

 private:
  Worker& w_;
};

// A read deadline that, unlike tcp_stream's expiry (which closes the socket), cancels the pending
// read and leaves the socket open, so that the server can still answer 408 to a slow client.
class ReadDeadline {
 public:
  ReadDeadline(asio::io_context& ioc, tcp::socket& socket) : timer_(ioc), socket_(socket) {}
  void arm(std::chrono::steady_clock::time_point at) {
    expired_ = false;
    timer_.expires_at(at);
    // A late handler (its read already done, or the session gone: then `ec` is set) does nothing.
    timer_.async_wait([this, g = ++generation_](beast::error_code ec) {
      if (!ec && g == generation_) {
        expired_ = true;
        beast::error_code ignored;
        socket_.cancel(ignored);
      }
    });
  }
  void disarm() {
    ++generation_;
    timer_.cancel();
  }
  bool expired() const { return expired_; }

 private:
  asio::steady_timer timer_;
  tcp::socket& socket_;
  uint64_t generation_ = 0;
  bool expired_ = false;
};

// Answers a protocol error that happened before the handler saw the request, then closes
// lingering: the client may still be sending (a body over the limit), and closing a socket with
// unread input sends a reset that can destroy the answer before the client reads it. So stop
// sending, read and drop what still comes for a bounded time and amount, as nginx does.
asio::awaitable<void> write_protocol_error(beast::tcp_stream& stream, Status status,
                                           std::string_view code, std::string_view message,
                                           std::chrono::milliseconds timeout) {
  Response res = error_response(status, code, message, observe::new_request_id());
  res.keep_alive(false);
  stream.expires_after(timeout);
  auto [wec, wn] = co_await beast::http::async_write(stream, res, kNoThrow);
  if (wec) {
    co_return;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  constexpr std::size_t kMaxDrainBytes = 64u << 20;
  constexpr auto kMaxDrainTime = std::chrono::seconds(2);
  stream.expires_after(kMaxDrainTime);
  std::array<char, 16384> sink;
  for (std::size_t drained = 0; drained < kMaxDrainBytes;) {
    auto [rec, n] = co_await stream.async_read_some(asio::buffer(sink), kNoThrow);
    if (rec) {
      break;  // end of stream, reset, or the drain time is up
    }
    drained += n;
  }
}

// Writes the status line and fields of `res` (HTTP/1.x) into `out`; false when the response needs
// Beast's serializer (chunked or no length), which is rare: the hot path writes head + body itself.
bool serialize_head(const Response& res, std::string& out) {
  if (res.chunked() || !res.has_content_length()) {
    return false;
  }
  out.append(res.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  char code[4] = {static_cast<char>('0' + res.result_int() / 100),
                  static_cast<char>('0' + res.result_int() / 10 % 10),
                  static_cast<char>('0' + res.result_int() % 10), ' '};
  out.append(code, 4);
  out.append(res.reason());
  out.append("\r\n");
  for (const auto& f : res) {
    out.append(f.name_string()).append(": ").append(f.value()).append("\r\n");
  }
  out.append("\r\n");
  return true;
}

// Parses what is already buffered: usually the whole request, which came in the read that
// noticed it, so no read deadline is armed and no completion is posted for it. True when that
// settled the request (whole, or a protocol error in `ec`); false when more bytes must be read.
bool parse_buffered(beast::flat_buffer& buffer,
                    beast::http::request_parser<beast::http::string_body>& parser,
                    beast::error_code& ec) {
  parser.eager(true);
  while (buffer.size() > 0 && !parser.is_done()) {
    const std::size_t used = parser.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec == beast::http::error::need_more) {
      ec = {};
      return false;
    }
    if (ec) {
      return true;
    }
    if (used == 0) {
      break;  // no progress without an error: leave it to the timed read
    }
  }
  return parser.is_done();
}

// What a worker's handler returns: a Response, or a Reply for servers built with a
// ReplyHandlerFactory (chosen per connection, so the plain handlers' path has no extra step).
template <bool kReplies>
using HandlerResult = std::conditional_t<kReplies, Reply, Response>;

template <bool kReplies>
asio::awaitable<HandlerResult<kReplies>> call_handler(Worker& w, Request& req) {
  if constexpr (kReplies) {
    return w.reply_handler(req);
  } else {
    return w.handler(req);
  }
}

Response& response_of(Response& res) { return res; }
Response& response_of(Reply& reply) { return reply.response; }

}  // namespace

struct Server::Impl {
  ServerOptions options;
  HandlerFactory factory;
  ReplyHandlerFactory reply_factory;
  std::vector<std::unique_ptr<Worker>> workers;
  uint16_t port = 0;
  std::atomic<bool> stopped{false};
  // Open connections of every worker: one atomic step per connection, none per request.
  std::atomic<std::size_t> connections{0};
  std::string overloaded_answer;  // the whole 503 written to a connection over the limit

  asio::awaitable<void> accept_loop(Worker& w);
  void refuse(tcp::socket& socket) const;
  template <bool kReplies>
  asio::awaitable<void> session(Worker& w, tcp::socket socket);
  asio::awaitable<bool> wait_for_request(Worker& w, beast::tcp_stream& stream,
                                         beast::flat_buffer& buffer, bool kept_alive,
                                         bool just_sent);
  asio::awaitable<beast::error_code> read_request(
      beast::tcp_stream& stream, beast::flat_buffer& buffer,
      beast::http::request_parser<beast::http::string_body>& parser,
      std::chrono::steady_clock::time_point head_deadline, ReadDeadline& deadline);
};

// Over max_connections: a short 503 in one non-blocking send (a fresh socket's buffer takes it
// whole; if not, the client only sees the close), then close. Nothing is spawned for it, so a
// flood of connections costs no more than accepting them.
void Server::Impl::refuse(tcp::socket& socket) const {
  beast::error_code ignored;
  socket.non_blocking(true, ignored);
  socket.send(asio::buffer(overloaded_answer), 0, ignored);
  socket.shutdown(tcp::socket::shutdown_send, ignored);
  socket.close(ignored);
}

asio::awaitable<void> Server::Impl::accept_loop(Worker& w) {
  for (;;) {
    auto [ec, socket] = co_await w.acceptor.async_accept(kNoThrow);
    if (ec == asio::error::operation_aborted || !w.acceptor.is_open()) {
      co_return;
    }
    if (ec) {
      // Out of descriptors or a transient error: back off briefly instead of spinning.
      asio::steady_timer t(w.ioc, std::chrono::milliseconds(50));
      co_await t.async_wait(kNoThrow);
      continue;
    }
    if (connections.fetch_add(1, std::memory_order_relaxed) >= options.max_connections) {
      connections.fetch_sub(1, std::memory_order_relaxed);
      refuse(socket);
      continue;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    if (w.reply_handler) {
      asio::co_spawn(w.ioc, session<true>(w, std::move(socket)), asio::detached);
    } else {
      asio::co_spawn(w.ioc, session<false>(w, std::move(socket)), asio::detached);
    }
  }
}

// Waits for the first byte of the next request (under the stream's expiry, set by the caller).
// Returns false when the connection should close (peer closed, silent too long, or a keep-alive
// connection while draining): a connection that sent nothing is closed without an answer, as
// nginx does, since a 408 there would race with a client about to reuse it. A new connection
// still gets its first request served while draining (before stop() closes the acceptor, a load
// balancer may still send one). `just_sent`: the last answer went out at once (see
// yield_after_send).
asio::awaitable<bool> Server::Impl::wait_for_request(Worker& w, beast::tcp_stream& stream,
                                                     beast::flat_buffer& buffer, bool kept_alive,
                                                     bool just_sent) {
  if (buffer.size() > 0) {
    co_return true;  // a pipelined request is already buffered
  }
  if (just_sent) {
    co_await yield_after_send(stream.get_executor());
  }
  if (kept_alive && w.draining) {
    co_return false;
  }
  if (kept_alive) {
    w.idle.insert(&stream);
  }
  auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), kNoThrow);
  if (kept_alive) {
    w.idle.erase(&stream);
  }
  if (ec) {
    co_return false;
  }
  buffer.commit(n);
  co_return true;
}

// Reads one request: its head by `head_deadline` (slowloris), the whole of it within
// read_timeout of its first byte; a deadline that passes is beast::error::timeout.
asio::awaitable<beast::error_code> Server::Impl::read_request(
    beast::tcp_stream& stream, beast::flat_buffer& buffer,
    beast::http::request_parser<beast::http::string_body>& parser,
    std::chrono::steady_clock::time_point head_deadline, ReadDeadline& deadline) {
  const auto whole_deadline = std::chrono::steady_clock::now() + options.read_timeout;
  stream.expires_never();
  deadline.arm(std::min(head_deadline, whole_deadline));
  auto [ec, n] = co_await beast::http::async_read_header(stream, buffer, parser, kNoThrow);
  if (!ec && !parser.is_done()) {
    deadline.arm(whole_deadline);
    std::tie(ec, n) = co_await beast::http::async_read(stream, buffer, parser, kNoThrow);
  }
  const bool late = deadline.expired();
  deadline.disarm();
  if (ec == asio::error::operation_aborted && late) {
    co_return beast::error::timeout;
  }
  co_return ec;
}

template <bool kReplies>
asio::awaitable<void> Server::Impl::session(Worker& w, tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  ReadDeadline deadline(w.ioc, stream.socket());
  beast::flat_buffer buffer;
  std::string head;
  // A new connection's first head must come within header_timeout of the accept; later ones
  // within header_timeout of their first byte, after up to idle_timeout of keep-alive silence.
  auto head_deadline = std::chrono::steady_clock::now() + options.header_timeout;
  stream.expires_at(head_deadline);
  bool sent_now = false;  // the last answer went out in one send
  for (bool first = true;; first = false) {
    if (!first) {
      stream.expires_after(options.idle_timeout);
    }
    if (!co_await wait_for_request(w, stream, buffer, !first, sent_now)) {
      break;
    }
    InFlight counted(w);
    beast::http::request_parser<beast::http::string_body> parser;
    parser.body_limit(options.max_body_bytes);
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    beast::error_code ec;
    if (!parse_buffered(buffer, parser, ec)) {
      if (!first) {
        head_deadline = std::chrono::steady_clock::now() + options.header_timeout;
      }
      ec = co_await read_request(stream, buffer, parser, head_deadline, deadline);
    }
    if (ec == beast::http::error::body_limit) {
      co_await write_protocol_error(
          stream, Status::payload_too_large, "payload_too_large",
          "request body is over the limit of " + std::to_string(options.max_body_bytes) + " bytes",
          options.write_timeout);
      break;
    }
    if (ec == beast::http::error::header_limit) {
      co_await write_protocol_error(stream, Status::request_header_fields_too_large,
                                    "invalid_request",
                                    "request headers are over the limit of " +
                                        std::to_string(options.max_header_bytes) + " bytes",
                                    options.write_timeout);
      break;
    }
    if (ec == beast::error::timeout) {
      co_await write_protocol_error(stream, Status::request_timeout, "invalid_request",
                                    "the request did not arrive in time", options.write_timeout);
      break;
    }
    if (ec == beast::http::error::end_of_stream || ec == asio::error::connection_reset ||
        ec == asio::error::eof || ec == beast::http::error::partial_message) {
      break;
    }
    if (ec) {
      co_await write_protocol_error(stream, Status::bad_request, "invalid_request",
                                    "malformed HTTP request: " + ec.message(),
                                    options.write_timeout);
      break;
    }
    Request& req = parser.get();
    const bool keep_alive = req.keep_alive();
    stream.expires_never();  // the handler bounds its own work (supplier deadlines)
    HandlerResult<kReplies> result = co_await call_handler<kReplies>(w, req);
    Response& res = response_of(result);
    res.keep_alive(keep_alive && !w.draining);
    if constexpr (kReplies) {
      if (result.takeover) {
        stream.expires_after(options.write_timeout);
        res.keep_alive(false);
        co_await result.takeover(stream, res);
        break;
      }
    }
    head.clear();
    bool direct = serialize_head(res, head);
    beast::error_code wec;
    sent_now = false;
    if (direct) {
      std::array<asio::const_buffer, 2> bufs{asio::buffer(head), asio::buffer(res.body())};
      // Most answers fit the socket's buffer: sent at once, no write timer or wait for them.
      const std::size_t sent = send_now(stream.socket(), bufs);
      sent_now = sent == head.size() + res.body().size();
      if (!sent_now) {
        beast::buffers_suffix<std::array<asio::const_buffer, 2>> rest(bufs);
        rest.consume(sent);
        stream.expires_after(options.write_timeout);
        std::tie(wec, std::ignore) = co_await asio::async_write(stream, rest, kNoThrow);
      }
    } else {
      stream.expires_after(options.write_timeout);
      std::tie(wec, std::ignore) = co_await beast::http::async_write(stream, res, kNoThrow);
    }
    if (wec || !res.keep_alive()) {
      break;
    }
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.close();
  connections.fetch_sub(1, std::memory_order_relaxed);
}

Server::Server(ServerOptions options, HandlerFactory factory) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->factory = std::move(factory);
}

Server::Server(ServerOptions options, ReplyHandlerFactory factory)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->reply_factory = std::move(factory);
}

Server::~Server() { stop(std::chrono::milliseconds{0}); }

uint16_t Server::port() const { return impl_->port; }

Expected<uint16_t, std::string> Server::start() {
  auto& o = impl_->options;
  beast::error_code ec;
  auto address = asio::ip::make_address(o.host, ec);
  if (ec) {
    return unexpected("bad listen address '" + o.host + "': " + ec.message());
  }
  const unsigned threads =
      o.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : o.threads;
  uint16_t port = o.port;
  for (unsigned i = 0; i < threads; ++i) {
    auto w = std::make_unique<Worker>();
    tcp::endpoint ep(address, port);
    w->acceptor.open(ep.protocol(), ec);
    if (!ec) {
      w->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
      int one = 1;
      ::setsockopt(w->acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
      w->acceptor.bind(ep, ec);
    }
    if (!ec) {
      w->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
      return unexpected("cannot listen on " + o.host + ":" + std::to_string(port) + ": " +
                        ec.message());
    }
    port = w->acceptor.local_endpoint().port();  // the rest share the port the first one got
    if (impl_->reply_factory) {
      w->reply_handler = impl_->reply_factory(w->ioc, i);
    } else {
      w->handler = impl_->factory(w->ioc, i);
    }
    impl_->workers.push_back(std::move(w));
  }
  impl_->port = port;
  Response overloaded =
      error_response(Status::service_unavailable, "overloaded",
                     "too many open connections; try again shortly", observe::new_request_id());
  overloaded.set(Field::retry_after, "1");
  overloaded.keep_alive(false);
  serialize_head(overloaded, impl_->overloaded_answer);
  impl_->overloaded_answer += overloaded.body();
  for (auto& w : impl_->workers) {
    asio::co_spawn(w->ioc, impl_->accept_loop(*w), asio::detached);
    w->thread = std::thread([&ioc = w->ioc] { ioc.run(); });
  }
  return port;
}

std::size_t Server::connections() const {
  return impl_->connections.load(std::memory_order_relaxed);
}

void Server::begin_drain() {
  for (auto& w : impl_->workers) {
    asio::post(w->ioc, [&w = *w] {
      beast::error_code ignored;
      w.draining = true;
      for (auto* s : w.idle) {
        s->socket().close(ignored);
      }
    });
  }
}

std::size_t Server::stop(std::chrono::milliseconds drain) {
  if (impl_->stopped.exchange(true)) {
    return 0;
  }
  for (auto& w : impl_->workers) {
    asio::post(w->ioc, [&w = *w] {
      beast::error_code ignored;
      w.draining = true;
      w.acceptor.close(ignored);
      for (auto* s : w.idle) {
        s->socket().close(ignored);
      }
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + drain;
  std::size_t left = 0;
  for (auto& w : impl_->workers) {
    while (w->in_flight.load(std::memory_order_acquire) > 0 &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    left += w->in_flight.load(std::memory_order_acquire);
  }
  for (auto& w : impl_->workers) {
    w->ioc.stop();
  }
  for (auto& w : impl_->workers) {
    if (w->thread.joinable()) {
      w->thread.join();
    }
  }
  return left;
}

}  // namespace travelctl::core::http
