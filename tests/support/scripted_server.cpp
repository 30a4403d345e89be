// ScriptedServer: an Asio coroutine server on one thread; the script picks each answer.
#include "support/scripted_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cctype>
#include <mutex>
#include <thread>

namespace travelctl::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

std::string RecordedRequest::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

ScriptedReply ScriptedReply::json(unsigned status, std::string body) {
  ScriptedReply r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

struct ScriptedServer::Impl {
  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  std::thread thread;
  mutable std::mutex mu;
  Script script;
  std::vector<RecordedRequest> requests;

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(kNoThrow);
      if (ec) {
        co_return;
      }
      asio::co_spawn(ioc, session(std::move(socket)), asio::detached);
    }
  }

  asio::awaitable<void> pause(std::chrono::milliseconds d) {
    if (d.count() > 0) {
      asio::steady_timer t(ioc, d);
      co_await t.async_wait(kNoThrow);
    }
  }

  asio::awaitable<void> session(tcp::socket socket) {
    beast::flat_buffer buffer;
    for (;;) {
      bhttp::request<bhttp::string_body> req;
      auto [ec, n] = co_await bhttp::async_read(socket, buffer, req, kNoThrow);
      if (ec) {
        co_return;
      }
      RecordedRequest rec;
      rec.method = std::string(req.method_string());
      rec.target = std::string(req.target());
      rec.body = req.body();
      for (const auto& f : req) {
        std::string name(f.name_string());
        for (auto& c : name) {
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        rec.headers[name] = std::string(f.value());
      }
      ScriptedReply reply;
      {
        std::lock_guard lock(mu);
        requests.push_back(rec);
        reply = script ? script(rec) : ScriptedReply::json(404, R"({"error":{}})");
      }
      co_await pause(reply.delay);
      beast::error_code ignored;
      switch (reply.kind) {
        case ScriptedReply::Kind::reset:
          socket.set_option(asio::socket_base::linger(true, 0), ignored);
          socket.close(ignored);
          co_return;
        case ScriptedReply::Kind::hang:
          socket.close(ignored);
          co_return;
        case ScriptedReply::Kind::raw:
          co_await asio::async_write(socket, asio::buffer(reply.raw), kNoThrow);
          socket.shutdown(tcp::socket::shutdown_send, ignored);
          co_await pause(std::chrono::milliseconds(50));
          socket.close(ignored);
          co_return;
        case ScriptedReply::Kind::respond:
          break;
      }
      bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(reply.status), 11};
      res.set(bhttp::field::content_type, reply.content_type);
      for (const auto& [k, v] : reply.headers) {
        res.insert(k, v);
      }
      res.body() = std::move(reply.body);
      res.prepare_payload();
      res.keep_alive(req.keep_alive());
      auto [wec, wn] = co_await bhttp::async_write(socket, res, kNoThrow);
      if (wec || !res.keep_alive()) {
        co_return;
      }
    }
  }
};

ScriptedServer::ScriptedServer(Script script) : impl_(std::make_shared<Impl>()) {
  impl_->script = std::move(script);
  tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen();
  asio::co_spawn(impl_->ioc, impl_->accept_loop(), asio::detached);
  impl_->thread = std::thread([impl = impl_] { impl->ioc.run(); });
}

ScriptedServer::~ScriptedServer() {
  impl_->ioc.stop();
  impl_->thread.join();
}

uint16_t ScriptedServer::port() const { return impl_->acceptor.local_endpoint().port(); }

std::vector<RecordedRequest> ScriptedServer::requests() const {
  std::lock_guard lock(impl_->mu);
  return impl_->requests;
}

void ScriptedServer::set_script(Script script) {
  std::lock_guard lock(impl_->mu);
  impl_->script = std::move(script);
}

}  // namespace travelctl::test
