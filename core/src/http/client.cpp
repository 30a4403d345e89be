// Keep-alive HTTP/1.1 client pool: LIFO idle connections, bounded size, deadlines on every step,
// response size enforced while reading, one transparent retry when a reused connection was stale,
// a bounded wait queue and a maximum connection lifetime.
#include "travelctl/core/http/client.hpp"

#include <openssl/ssl.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_suffix.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <cstring>
#include <deque>
#include <optional>
#include <type_traits>
#include <vector>

#include "read_in_place.hpp"
#include "send_now.hpp"
#include "slack_string_body.hpp"

namespace travelctl::core::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

std::string_view to_string(ClientError e) {
  switch (e) {
    case ClientError::none:
      return "none";
    case ClientError::refused:
      return "refused";
    case ClientError::reset:
      return "reset";
    case ClientError::timeout:
      return "timeout";
    case ClientError::too_large:
      return "too_large";
    case ClientError::bad_response:
      return "bad_response";
    case ClientError::resolve:
      return "resolve";
    case ClientError::tls:
      return "tls";
    case ClientError::bad_request:
      return "bad_request";
    case ClientError::rejected:
      return "rejected";
  }
  return "unknown";
}

namespace {

struct Connection {
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;
  std::string head;  // the serialised request head, capacity reused
  // The last response's head and Content-Length body (head 0: unknown, or not so framed): the
  // next body is read in place when its head has the same length.
  std::size_t head_bytes = 0;
  std::size_t body_bytes = 0;
  std::size_t requests = 0;
  Clock::time_point created;
  Clock::time_point last_used;

  beast::tcp_stream& tcp() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
  void close() {
    beast::error_code ignored;
    tcp().socket().close(ignored);
  }
};
using ConnectionPtr = std::unique_ptr<Connection>;

// Someone waiting for a connection while the pool is full; woken by cancelling its timer.
struct Waiter {
  explicit Waiter(asio::io_context& ioc) : timer(ioc) {}
  asio::steady_timer timer;
  ConnectionPtr handed;  // a connection given directly by release()
};

ClientResult fail(ClientError e, std::string detail) { return {e, std::move(detail)}; }

bool is_stale_error(const beast::error_code& ec) {
  return ec == beast::http::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == asio::error::connection_aborted || ec == asio::ssl::error::stream_truncated;
}

ClientResult classify_read_error(const beast::error_code& ec) {
  if (ec == beast::error::timeout) {
    return fail(ClientError::timeout, "no whole response before the deadline");
  }
  if (ec == beast::http::error::body_limit) {
    return fail(ClientError::too_large, "response body over the limit");
  }
  if (ec == beast::http::error::header_limit) {
    return fail(ClientError::too_large, "response header over the limit");
  }
  if (is_stale_error(ec) || ec == beast::http::error::partial_message ||
      ec == asio::error::operation_aborted) {
    return fail(ClientError::reset, "connection closed or reset: " + ec.message());
  }
  if (ec.category() == beast::http::make_error_code(beast::http::error::bad_version).category()) {
    return fail(ClientError::bad_response, "malformed HTTP response: " + ec.message());
  }
  return fail(ClientError::reset, "read failed: " + ec.message());
}

constexpr std::size_t kReadBufferBytes = 64 * 1024;
static_assert(SlackStringBody::kSlack >= kResponseBodySlack);

// Two vectorised scans: find_first_of tests every byte against each of the set's bytes in turn.
bool has_crlf(std::string_view s) {
  return !s.empty() && (std::memchr(s.data(), '\r', s.size()) != nullptr ||
                        std::memchr(s.data(), '\n', s.size()) != nullptr);
}

}  // namespace

struct ClientPool::Impl {
  Impl(asio::io_context& c, ClientOptions o)
      : ioc(c),
        opt(std::move(o)),
        resolver(c),
        gauges(opt.gauges != nullptr ? *opt.gauges : own_gauges) {
    beast::error_code ec;
    auto addr = asio::ip::make_address(opt.origin.host, ec);
    if (!ec) {
      literal = tcp::endpoint(addr, opt.origin.port);
    }
    if (opt.origin.tls) {
      ssl_ctx.emplace(asio::ssl::context::tls_client);
      ssl_ctx->set_default_verify_paths(ec);
      ssl_ctx->set_verify_mode(opt.verify_tls ? asio::ssl::verify_peer : asio::ssl::verify_none);
    }
  }

  asio::io_context& ioc;
  ClientOptions opt;
  tcp::resolver resolver;
  std::optional<tcp::endpoint> literal;
  std::optional<asio::ssl::context> ssl_ctx;
  std::vector<ConnectionPtr> idle;  // most recently used at the back
  std::size_t open = 0;             // idle + in use + being connected
  std::deque<Waiter*> waiters;
  PoolGauges own_gauges;  // used when the options name none
  PoolGauges& gauges;

  // Publishes the pool's shape (one writer: this thread).
  void publish() {
    gauges.idle.store(idle.size(), std::memory_order_relaxed);
    gauges.in_use.store(open - idle.size(), std::memory_order_relaxed);
    gauges.waiting.store(waiters.size(), std::memory_order_relaxed);
  }
  bool too_old(const Connection& c, Clock::time_point now) const {
    return opt.max_lifetime.count() > 0 && now - c.created >= opt.max_lifetime;
  }

  asio::awaitable<ClientResult> acquire(Clock::time_point deadline, ConnectionPtr& out,
                                        bool& reused, bool allow_reuse);
  asio::awaitable<ClientResult> connect(Connection& c, Clock::time_point deadline);
  void release(ConnectionPtr c, bool reusable);
  void wake_one_waiter();
  template <class Stream>
  asio::awaitable<ClientResult> exchange(Stream& s, Connection& c, const ClientRequest& req,
                                         Response& res, bool& stale);
  asio::awaitable<ClientResult> run_once(const ClientRequest& req, Response& res, bool& stale,
                                         bool allow_reuse);
};

asio::awaitable<ClientResult> ClientPool::Impl::acquire(Clock::time_point deadline,
                                                        ConnectionPtr& out, bool& reused,
                                                        bool allow_reuse) {
  for (;;) {
    while (allow_reuse && !idle.empty()) {
      ConnectionPtr c = std::move(idle.back());
      idle.pop_back();
      const auto now = Clock::now();
      if (now - c->last_used < opt.idle_timeout && !too_old(*c, now)) {
        reused = true;
        out = std::move(c);
        publish();
        co_return ClientResult{};
      }
      if (too_old(*c, now)) {
        gauges.expired.fetch_add(1, std::memory_order_relaxed);
      }
      c->close();
      --open;
    }
    if (open < opt.max_connections || (!allow_reuse && !idle.empty())) {
      if (open >= opt.max_connections) {
        idle.front()->close();  // make room for a fresh connection: drop the oldest idle one
        idle.erase(idle.begin());
        --open;
      }
      ++open;
      publish();
      auto c = std::make_unique<Connection>();
      c->created = Clock::now();
      // Beast reads at most the buffer's free capacity (512 bytes when empty): without room,
      // a 20 KB answer would take 40 reads.
      c->buffer.reserve(kReadBufferBytes);
      ClientResult r = co_await connect(*c, deadline);
      if (!r.ok()) {
        --open;
        wake_one_waiter();
        publish();
        co_return r;
      }
      reused = false;
      out = std::move(c);
      co_return r;
    }
    if (Clock::now() >= deadline) {
      co_return fail(ClientError::timeout, "no free supplier connection before the deadline");
    }
    if (waiters.size() >= opt.max_waiting) {
      // Queueing more only turns overload into timeouts: fail now, the caller answers 503.
      gauges.rejected.fetch_add(1, std::memory_order_relaxed);
      co_return fail(ClientError::rejected, "every connection is busy and the wait queue is full");
    }
    Waiter w(ioc);
    w.timer.expires_at(deadline);
    waiters.push_back(&w);
    publish();
    co_await w.timer.async_wait(kNoThrow);
    if (auto it = std::find(waiters.begin(), waiters.end(), &w); it != waiters.end()) {
      waiters.erase(it);
    }
    publish();
    if (w.handed) {
      reused = true;
      out = std::move(w.handed);
      co_return ClientResult{};
    }
  }
}

asio::awaitable<ClientResult> ClientPool::Impl::connect(Connection& c, Clock::time_point deadline) {
  const auto connect_deadline = std::min(deadline, Clock::now() + opt.connect_timeout);
  if (ssl_ctx) {
    c.tls.emplace(ioc, *ssl_ctx);
  } else {
    c.plain.emplace(ioc);
  }
  beast::tcp_stream& stream = c.tcp();
  stream.expires_at(connect_deadline);
  beast::error_code ec;
  if (literal) {
    std::tie(ec) = co_await stream.async_connect(*literal, kNoThrow);
  } else {
    auto [rec, results] =
        co_await resolver.async_resolve(opt.origin.host, std::to_string(opt.origin.port), kNoThrow);
    if (rec) {
      co_return fail(ClientError::resolve,
                     "cannot resolve " + opt.origin.host + ": " + rec.message());
    }
    std::tie(ec, std::ignore) = co_await stream.async_connect(results, kNoThrow);
  }
  if (ec == beast::error::timeout) {
    co_return fail(ClientError::timeout, "connect timed out");
  }
  if (ec) {
    co_return fail(ClientError::refused, "cannot connect: " + ec.message());
  }
  beast::error_code ignored;
  stream.socket().set_option(tcp::no_delay(true), ignored);
  if (c.tls) {
    if (!SSL_set_tlsext_host_name(c.tls->native_handle(), opt.origin.host.c_str())) {
      co_return fail(ClientError::tls, "cannot set the TLS server name");
    }
    if (opt.verify_tls) {
      c.tls->set_verify_callback(asio::ssl::host_name_verification(opt.origin.host));
    }
    auto [hec] = co_await c.tls->async_handshake(asio::ssl::stream_base::client, kNoThrow);
    if (hec == beast::error::timeout) {
      co_return fail(ClientError::timeout, "TLS handshake timed out");
    }
    if (hec) {
      co_return fail(ClientError::tls, "TLS handshake failed: " + hec.message());
    }
  }
  co_return ClientResult{};
}

void ClientPool::Impl::wake_one_waiter() {
  if (!waiters.empty()) {
    Waiter* w = waiters.front();
    waiters.pop_front();
    w->timer.cancel();
  }
}

void ClientPool::Impl::release(ConnectionPtr c, bool reusable) {
  const auto now = Clock::now();
  if (reusable && too_old(*c, now)) {
    gauges.expired.fetch_add(1, std::memory_order_relaxed);
    reusable = false;
  }
  if (!reusable) {
    c->close();
    --open;
    wake_one_waiter();  // it may open a new connection in the freed slot
    publish();
    return;
  }
  c->last_used = now;
  if (!waiters.empty()) {
    Waiter* w = waiters.front();
    waiters.pop_front();
    w->handed = std::move(c);
    w->timer.cancel();
    publish();
    return;
  }
  idle.push_back(std::move(c));
  publish();
}

template <class Stream>
asio::awaitable<ClientResult> ClientPool::Impl::exchange(Stream& s, Connection& c,
                                                         const ClientRequest& req, Response& res,
                                                         bool& stale) {
  c.tcp().expires_at(req.deadline);
  std::array<asio::const_buffer, 2> out{asio::buffer(c.head),
                                        asio::buffer(req.body.data(), req.body.size())};
  beast::buffers_suffix<std::array<asio::const_buffer, 2>> rest(out);
  if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
    // A request nearly always fits the socket's buffer: sent at once, no write timer or wait.
    rest.consume(send_now(s.socket(), out));
  }
  beast::error_code wec;
  if (beast::buffer_bytes(rest) > 0) {
    std::tie(wec, std::ignore) = co_await asio::async_write(s, rest, kNoThrow);
  } else {
    co_await yield_after_send(s.get_executor());
  }
  if (wec) {
    stale = is_stale_error(wec);
    co_return wec == beast::error::timeout
        ? fail(ClientError::timeout, "write timed out")
        : fail(ClientError::reset, "write failed: " + wec.message());
  }
  // The body is read into the previous response's buffer (reused capacity, no zero-filling).
  ResponseParser parser(std::piecewise_construct,
                        std::make_tuple(SlackStringBody::value_type{std::move(res.body())}));
  parser.body_limit(opt.max_response_bytes);
  parser.header_limit(static_cast<std::uint32_t>(opt.max_header_bytes));
  if (req.method == Verb::head) {
    parser.skip(true);
  }
  InPlaceRead in_place;
  if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
    if (c.head_bytes > 0 && c.buffer.size() == 0 && req.method != Verb::head) {
      in_place = co_await read_in_place(s, c.buffer, parser, c.head_bytes, c.body_bytes);
    }
  }
  beast::error_code ec = in_place.ec;
  std::size_t parsed = in_place.parsed;
  if (!ec && !in_place.done) {
    std::size_t n = 0;
    std::tie(ec, n) = co_await beast::http::async_read(s, c.buffer, parser, kNoThrow);
    parsed += n;
    // Learnt for the next response on this connection: the head's length, when the body is
    // framed by a Content-Length (the parser took exactly the head and the body).
    const auto length = parser.content_length();
    c.head_bytes =
        !ec && length && !parser.chunked() && req.method != Verb::head && parsed > *length
            ? parsed - static_cast<std::size_t>(*length)
            : 0;
  }
  if (ec) {
    stale = !parser.got_some() && is_stale_error(ec);
    ClientResult r = classify_read_error(ec);
    r.partial = parser.got_some();
    co_return r;
  }
  auto& m = parser.get();
  c.body_bytes = m.body().size;
  std::string body = std::move(m.body().text);
  body.resize(m.body().size);  // shrinks: the spare capacity stays
  if (body.capacity() - body.size() < kResponseBodySlack) {
    body.reserve(body.size() + kResponseBodySlack);  // a body the reader never saw (empty)
  }
  res = Response(std::move(m.base()), std::move(body));
  co_return ClientResult{};
}

asio::awaitable<ClientResult> ClientPool::Impl::run_once(const ClientRequest& req, Response& res,
                                                         bool& stale, bool allow_reuse) {
  ConnectionPtr c;
  bool reused = false;
  ClientResult r = co_await acquire(req.deadline, c, reused, allow_reuse);
  if (!r.ok()) {
    co_return r;
  }
  // The head is built per connection so that its buffer's capacity is reused.
  std::string& h = c->head;
  h.clear();
  h.append(beast::http::to_string(req.method)).append(" ").append(req.target);
  h.append(" HTTP/1.1\r\nHost: ").append(opt.origin.host_header);
  h.append("\r\nUser-Agent: travelctl/" TRAVELCTL_VERSION "\r\n");
  for (std::size_t i = 0; i < req.header_count; ++i) {
    h.append(req.headers[i].first).append(": ").append(req.headers[i].second).append("\r\n");
  }
  if (!req.body.empty()) {
    h.append("Content-Length: ").append(std::to_string(req.body.size())).append("\r\n");
  }
  h.append("\r\n");
  bool s = false;
  // From here on the server may see the request, whatever happens next.
  if (c->tls) {
    r = co_await exchange(*c->tls, *c, req, res, s);
  } else {
    r = co_await exchange(*c->plain, *c, req, res, s);
  }
  r.sent = true;
  stale = s && reused;
  const bool reusable = r.ok() && res.keep_alive() && c->buffer.size() == 0 &&
                        ++c->requests < opt.max_requests_per_connection;
  release(std::move(c), reusable);
  co_return r;
}

ClientPool::ClientPool(asio::io_context& ioc, ClientOptions options)
    : impl_(std::make_unique<Impl>(ioc, std::move(options))) {}

ClientPool::~ClientPool() { close_idle(); }

void ClientPool::close_idle() {
  for (auto& c : impl_->idle) {
    c->close();
    --impl_->open;
  }
  impl_->idle.clear();
  impl_->publish();
}

std::size_t ClientPool::open_connections() const { return impl_->open; }

asio::awaitable<ClientResult> ClientPool::request(const ClientRequest& req, Response& response) {
  if (has_crlf(req.target)) {
    co_return fail(ClientError::bad_request, "the target contains CR or LF");
  }
  for (std::size_t i = 0; i < req.header_count; ++i) {
    if (has_crlf(req.headers[i].first) || has_crlf(req.headers[i].second)) {
      co_return fail(ClientError::bad_request, "a header contains CR or LF");
    }
  }
  if (Clock::now() >= req.deadline) {
    co_return fail(ClientError::timeout, "the deadline passed before the request was sent");
  }
  bool stale = false;
  ClientResult r = co_await impl_->run_once(req, response, stale, true);
  if (stale && req.idempotent && Clock::now() < req.deadline) {
    // The server closed a kept-alive connection before reading our request: send it once more
    // on a fresh connection (never on another idle one, which is likely stale too).
    r = co_await impl_->run_once(req, response, stale, false);
    r.resent = true;
  }
  co_return r;
}

}  // namespace travelctl::core::http
