// One keep-alive connection of the replay sender, plain TCP or TLS, with a deadline that closes
// it when a request takes too long.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace travelctl::bench::replay {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
inline constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

class Link {
 public:
  Link(asio::io_context& ioc, asio::ssl::context* tls, std::string sni)
      : ioc_(ioc), tls_ctx_(tls), sni_(std::move(sni)), deadline_(ioc) {}

  /// Arms the deadline: past it the connection is closed and the pending I/O fails.
  void arm(std::chrono::steady_clock::duration timeout) {
    timed_out_ = false;
    deadline_.expires_after(timeout);
    deadline_.async_wait([this](boost::system::error_code ec) {
      if (!ec) {
        timed_out_ = true;
        close();
      }
    });
  }
  void disarm() { deadline_.cancel(); }
  bool timed_out() const { return timed_out_; }
  bool open() const { return socket_ != nullptr && socket_->is_open(); }

  asio::awaitable<boost::system::error_code> connect(const std::vector<tcp::endpoint>& endpoints) {
    reset();
    socket_ = std::make_unique<tcp::socket>(ioc_);
    auto [ec, ep] = co_await asio::async_connect(*socket_, endpoints, kNoThrow);
    if (!ec) {
      socket_->set_option(tcp::no_delay(true), ec);
    }
    if (!ec && tls_ctx_ != nullptr) {
      tls_ = std::make_unique<asio::ssl::stream<tcp::socket&>>(*socket_, *tls_ctx_);
      SSL_set_tlsext_host_name(tls_->native_handle(), sni_.c_str());
      auto [hec] = co_await tls_->async_handshake(asio::ssl::stream_base::client, kNoThrow);
      ec = hec;
    }
    if (ec) {
      close();
    }
    co_return ec;
  }

  asio::awaitable<boost::system::error_code> write(const std::string& data) {
    std::tuple<boost::system::error_code, std::size_t> r;
    if (tls_) {
      r = co_await asio::async_write(*tls_, asio::buffer(data), kNoThrow);
    } else {
      r = co_await asio::async_write(*socket_, asio::buffer(data), kNoThrow);
    }
    co_return std::get<0>(r);
  }

  asio::awaitable<std::tuple<boost::system::error_code, std::size_t>> read_some(char* data,
                                                                                std::size_t size) {
    if (tls_) {
      co_return co_await tls_->async_read_some(asio::buffer(data, size), kNoThrow);
    }
    co_return co_await socket_->async_read_some(asio::buffer(data, size), kNoThrow);
  }

  void close() {
    if (socket_) {
      boost::system::error_code ignored;
      socket_->close(ignored);
    }
    // The objects stay until the next connect: an operation being cancelled may still use them.
  }
  void reset() {
    close();
    tls_.reset();
    socket_.reset();
  }

 private:
  asio::io_context& ioc_;
  asio::ssl::context* tls_ctx_;
  std::string sni_;
  asio::steady_timer deadline_;
  std::unique_ptr<tcp::socket> socket_;
  std::unique_ptr<asio::ssl::stream<tcp::socket&>> tls_;
  bool timed_out_ = false;
};

}  // namespace travelctl::bench::replay
