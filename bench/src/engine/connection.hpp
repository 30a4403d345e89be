// One load connection, as a coroutine: connect (TLS or not), write a batch of requests (pipelined
// when -p > 1), read and parse the responses, record, repeat; reconnect on close or reset.
#pragma once

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "travelctl/bench/driver.hpp"
#include "travelctl/bench/response_parser.hpp"
#include "worker.hpp"

namespace travelctl::bench::engine {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
// Concrete io_context executors everywhere: no type-erased any_io_executor on the hot path.
using Executor = asio::io_context::executor_type;
using Socket = asio::basic_stream_socket<tcp, Executor>;
using TlsStream = asio::ssl::stream<Socket>;
using Timer = asio::basic_waitable_timer<std::chrono::steady_clock,
                                         asio::wait_traits<std::chrono::steady_clock>, Executor>;
template <class T>
using Task = asio::awaitable<T, Executor>;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable_t<Executor>{});
constexpr std::size_t kReadBufferBytes = 16 * 1024;
constexpr auto kReconnectBackoff = std::chrono::milliseconds(10);

template <class Stream>
class Connection final : public ConnectionBase {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  Connection(Worker& worker, uint32_t global_index, uint32_t thread_index, uint64_t seed)
      : w_(worker),
        ctx_(worker.ctx()),
        timer_(worker.ioc().get_executor()),
        driver_(*ctx_.plan, global_index, thread_index, ctx_.options->run_index, seed),
        read_buffer_(new char[kReadBufferBytes]),
        in_flight_(ctx_.options->pipelining),
        offsets_(ctx_.options->pipelining + 1) {
    // Spread the connections' schedules evenly over one interval.
    next_intended_ = ctx_.start_ns + (ctx_.interval_ns * global_index) /
                                         std::max<int64_t>(1, ctx_.total_connections);
  }

  void abort_io() override {
    if (stream_) {
      boost::system::error_code ignored;
      lowest().close(ignored);
    }
    timer_.cancel();
  }

  Task<void> run() {
    // Connect first, then start together with every other connection.
    if (co_await connect() && now_ns() < ctx_.start_ns) {
      timer_.expires_at(
          std::chrono::steady_clock::time_point(std::chrono::nanoseconds(ctx_.start_ns)));
      co_await timer_.async_wait(kNoThrow);
    }
    while (!w_.stopping()) {
      if (!stream_) {
        if (!co_await connect()) {
          if (w_.stopping() || now_ns() >= ctx_.end_ns) {
            break;
          }
          timer_.expires_after(kReconnectBackoff);
          co_await timer_.async_wait(kNoThrow);
          continue;
        }
      }
      const std::size_t n = co_await prepare_batch();
      if (n == 0) {
        break;
      }
      co_await exchange(n);
    }
    if (carried_ > 0) {  // no connection to send them on any more
      fail_from(0, carried_, now_ns());
      carried_ = 0;
    }
    close();
    w_.connection_finished();
  }

 private:
  Socket& lowest() {
    if constexpr (kTls) {
      return stream_->next_layer();
    } else {
      return *stream_;
    }
  }

  void close() {
    if (stream_) {
      boost::system::error_code ignored;
      lowest().close(ignored);
      stream_.reset();
    }
    phase_ = Phase::kIdle;
  }

  Task<bool> connect() {
    phase_ = Phase::kConnecting;
    phase_since_ = now_ns();
    timed_out_ = false;
    if constexpr (kTls) {
      stream_.emplace(w_.ioc().get_executor(), *ctx_.ssl);
      SSL_set_tlsext_host_name(stream_->native_handle(), ctx_.options->url.host.c_str());
    } else {
      stream_.emplace(w_.ioc().get_executor());
    }
    auto [ec, ep] = co_await asio::async_connect(lowest(), ctx_.endpoints, kNoThrow);
    if (!ec) {
      lowest().set_option(tcp::no_delay(true), ec);
    }
    if constexpr (kTls) {
      if (!ec) {
        auto [hec] = co_await stream_->async_handshake(asio::ssl::stream_base::client, kNoThrow);
        ec = hec;
      }
    }
    phase_ = Phase::kIdle;
    if (ec || timed_out_) {
      w_.note_connect_error(timed_out_ ? std::string("connect timed out") : ec.message());
      w_.on_error(ErrorKind::kConnect, now_ns());
      close();
      driver_.abort();  // a sequence cut here was already counted when its request failed
      co_return false;
    }
    w_.on_connected();
    co_return true;
  }

  // Renders the next batch into the send buffer; 0 when this connection is done.
  Task<std::size_t> prepare_batch() {
    if (carried_ > 0) {  // requests the server closed on: their bytes are in send_buffer_
      resent_ = carried_;
      carried_ = 0;
      out_ = &send_buffer_;
      co_return resent_;
    }
    resent_ = 0;
    int64_t now = now_ns();
    const unsigned p = ctx_.options->pipelining;
    std::size_t n = 0;
    if (ctx_.open_model) {
      if (next_intended_ >= ctx_.end_ns) {
        co_return 0;
      }
      if (next_intended_ > now) {
        timer_.expires_at(
            std::chrono::steady_clock::time_point(std::chrono::nanoseconds(next_intended_)));
        co_await timer_.async_wait(kNoThrow);
        if (w_.stopping() || !stream_) {
          co_return 0;
        }
        now = now_ns();
      }
    } else if (now >= ctx_.end_ns) {
      co_return 0;
    }
    const std::string& batch = ctx_.plan->static_batch();
    if (!batch.empty() && !ctx_.open_model) {
      for (; n < p; ++n) {
        if (!w_.claim(now)) {
          break;
        }
        in_flight_[n] = {now, 0, {}};
        offsets_[n] = batch.size() / p * n;
      }
      offsets_[n] = batch.size() / p * n;
      out_ = n == p ? nullptr : &send_buffer_;
      if (out_ != nullptr) {
        send_buffer_.assign(batch.data(), batch.size() / p * n);
      }
      co_return n;
    }
    send_buffer_.clear();
    out_ = &send_buffer_;
    while (n < p) {
      int64_t intended = now;
      if (ctx_.open_model) {
        if (next_intended_ >= ctx_.end_ns || (n > 0 && next_intended_ > now)) {
          break;
        }
        intended = next_intended_;
      }
      if (!w_.claim(intended)) {
        break;
      }
      if (ctx_.open_model) {
        next_intended_ += ctx_.interval_ns;
      }
      offsets_[n] = send_buffer_.size();
      const Driver::Sent sent = driver_.next(send_buffer_);
      in_flight_[n++] = {intended, 0, sent};
      if (sent.continues) {
        break;  // the rest of the sequence needs this response first
      }
    }
    offsets_[n] = send_buffer_.size();
    co_return n;
  }

  // Writes the batch, then reads until every response of it is complete or the connection fails.
  Task<void> exchange(std::size_t n) {
    const int64_t sent_at = now_ns();
    for (std::size_t i = 0; i < n; ++i) {
      in_flight_[i].sent_ns = sent_at;
      if (i >= resent_) {
        w_.on_sent(in_flight_[i].intended, sent_at);
      }
    }
    phase_ = Phase::kBusy;
    phase_since_ = sent_at;
    const std::string& data = out_ != nullptr ? *out_ : ctx_.plan->static_batch();
    // async_write_some in a loop: one speculative send usually does it, without the composed
    // operation's overhead.
    for (std::size_t written = 0; written < data.size();) {
      auto [wec, wn] = co_await stream_->async_write_some(
          asio::buffer(data.data() + written, data.size() - written), kNoThrow);
      if (wec) {
        fail_from(0, n, now_ns());
        co_return;
      }
      written += wn;
    }
    std::size_t done = 0;
    start_response(0);
    while (done < n) {
      auto [ec, got] = co_await stream_->async_read_some(
          asio::buffer(read_buffer_.get(), kReadBufferBytes), kNoThrow);
      const int64_t now = now_ns();
      if (ec) {
        if (ec == asio::error::eof && !timed_out_ &&
            parser_.on_eof() == ResponseParser::Result::kDone) {
          complete(done++, now);
        }
        fail_from(done, n, now);
        co_return;
      }
      w_.on_bytes(got, now);
      std::size_t offset = 0;
      while (offset < got && done < n) {
        std::size_t used = 0;
        const auto r = parser_.feed(read_buffer_.get() + offset, got - offset, used);
        offset += used;
        if (r == ResponseParser::Result::kNeedMore) {
          break;
        }
        if (r == ResponseParser::Result::kError) {
          w_.on_error(ErrorKind::kProtocol, now);
          fail_from(done + 1, n, now);
          co_return;
        }
        const bool keep_alive = parser_.keep_alive();
        complete(done++, now);
        if (!keep_alive) {
          carry_over(done, n);
          co_return;
        }
        if (done < n) {
          start_response(done);
        }
      }
    }
    phase_ = Phase::kIdle;
  }

  void start_response(std::size_t i) {
    parser_.start(in_flight_[i].info.head);
    driver_.prepare(in_flight_[i].info, parser_);
  }

  void complete(std::size_t i, int64_t now) {
    const InFlight& f = in_flight_[i];
    const int status = parser_.status();
    const auto outcome = driver_.on_response(f.info, status, parser_);
    const bool measured = w_.measured(f.intended);
    const bool status_error = status < 200 || status >= 300;
    // A non-2xx is counted by its status; "unexpected" is only for what that misses.
    const bool unexpected = outcome != Driver::Outcome::kOk && !status_error;
    if (unexpected && measured) {
      w_.on_error(ErrorKind::kUnexpected, now);
    }
    w_.on_response(f.intended, f.sent_ns, now, status,
                   ctx_.plan->flat_index(f.info.item, f.info.step), status_error || unexpected);
    if (measured && ctx_.plan->scenario().items[f.info.item].sequence &&
        (outcome != Driver::Outcome::kOk || !f.info.continues)) {
      w_.on_sequence_end(outcome == Driver::Outcome::kOk);
    }
  }

  // The server announced it closes, so it never processed requests [from, n) of the batch: they
  // go again, first thing, on the next connection (RFC 9112 9.3.1), and are not errors.
  void carry_over(std::size_t from, std::size_t n) {
    const std::string& data = out_ != nullptr ? *out_ : ctx_.plan->static_batch();
    const std::size_t base = offsets_[from];
    if (out_ == &send_buffer_) {
      send_buffer_.erase(0, base);
    } else {
      send_buffer_.assign(data, base, std::string::npos);
    }
    for (std::size_t i = from; i <= n; ++i) {
      offsets_[i - from] = offsets_[i] - base;
      if (i < n) {
        in_flight_[i - from] = in_flight_[i];
      }
    }
    carried_ = n - from;
    close();
  }

  // Requests [from, n) got no response: counted as timeouts or resets, and the connection closes.
  void fail_from(std::size_t from, std::size_t n, int64_t now) {
    uint64_t measured = 0;
    for (std::size_t i = from; i < n; ++i) {
      if (w_.measured(in_flight_[i].intended)) {
        ++measured;
        w_.on_step_failure(ctx_.plan->flat_index(in_flight_[i].info.item, in_flight_[i].info.step));
      }
    }
    if (measured > 0) {
      w_.on_error(timed_out_ ? ErrorKind::kTimeout : ErrorKind::kReset, now, measured);
    }
    timed_out_ = false;
    if (driver_.abort() && n > from && w_.measured(in_flight_[from].intended)) {
      w_.on_sequence_end(false);
    }
    close();
  }

  struct InFlight {
    int64_t intended = 0;  // the schedule's send time (open model), else the actual one
    int64_t sent_ns = 0;
    Driver::Sent info;
  };

  Worker& w_;
  const RunContext& ctx_;
  Timer timer_;
  std::optional<Stream> stream_;
  Driver driver_;
  ResponseParser parser_;
  std::string send_buffer_;
  const std::string* out_ = nullptr;
  std::unique_ptr<char[]> read_buffer_;
  std::vector<InFlight> in_flight_;
  std::vector<std::size_t> offsets_;  // where each request of the batch starts in its bytes
  std::size_t carried_ = 0;           // requests to send again on the next connection
  std::size_t resent_ = 0;            // how many of the current batch are such requests
  int64_t next_intended_ = 0;
};

}  // namespace travelctl::bench::engine
