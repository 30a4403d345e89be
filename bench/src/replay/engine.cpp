// The replay sender (see engine.hpp): one io_context thread; a scheduler coroutine releases each
// request at its time when a concurrency slot is free; each exchange runs on an idle keep-alive
// link (or a new one) and is retried once on a fresh connection when a reused one was stale.
#include "travelctl/bench/replay/engine.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/write.hpp>
#include <memory>

#include "../engine/target.hpp"
#include "link.hpp"
#include "travelctl/bench/response_parser.hpp"

namespace travelctl::bench::replay {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kReadBytes = 64 * 1024;

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

std::string render_request(const PlannedRequest& r, const Url& target) {
  std::string out = r.method + " " + r.target +
                    " HTTP/1.1\r\nHost: " + (r.host.empty() ? target.host_header() : r.host) +
                    "\r\n";
  for (const auto& [name, value] : r.headers) {
    out += name + ": " + value + "\r\n";
  }
  if (!r.body.empty() || (r.method != "GET" && r.method != "HEAD")) {
    out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  }
  out += "\r\n";
  return out + r.body;
}

struct State {
  const std::vector<PlannedRequest>& requests;
  const EngineOptions& options;
  asio::io_context& ioc;
  std::vector<tcp::endpoint> endpoints;
  asio::ssl::context* tls = nullptr;
  std::vector<std::unique_ptr<Link>> idle;
  asio::steady_timer slot_freed;
  unsigned in_flight = 0;
  EngineRun run;
  Clock::time_point first_send{};
  Clock::time_point last_done{};

  std::unique_ptr<Link> take_link() {
    if (!idle.empty()) {
      auto link = std::move(idle.back());
      idle.pop_back();
      return link;
    }
    return std::make_unique<Link>(ioc, tls, options.target.host);
  }
};

// Outcome of one attempt: `stale` when a reused connection failed before any response byte.
struct Attempt {
  bool stale = false;
  bool keep_alive = false;
};

asio::awaitable<Attempt> attempt(State& st, Link& link, const std::string& wire, bool head,
                                 SendResult& out) {
  Attempt a;
  const bool reused = link.open();
  if (!reused) {
    if (auto ec = co_await link.connect(st.endpoints)) {
      out.error = link.timed_out() ? "connect: timed out" : "connect: " + ec.message();
      co_return a;
    }
  }
  if (auto ec = co_await link.write(wire)) {
    a.stale = reused && !link.timed_out();
    out.error = link.timed_out() ? "timeout" : "write: " + ec.message();
    co_return a;
  }
  // Each exchange its own buffer: reads of concurrent exchanges are pending at the same time.
  std::string buffer(kReadBytes, '\0');
  ResponseParser parser;
  parser.start(head);
  parser.capture_body(&out.body, st.options.max_body_bytes);
  bool any = false;
  for (;;) {
    auto [ec, n] = co_await link.read_some(buffer.data(), buffer.size());
    if (ec) {
      if (ec == asio::error::eof && any && parser.on_eof() == ResponseParser::Result::kDone) {
        break;
      }
      a.stale = reused && !any && !link.timed_out();
      out.error = link.timed_out()
                      ? "timeout after " + std::to_string(st.options.timeout.count()) + " ms"
                      : (any ? "reset: " : "no response: ") + ec.message();
      co_return a;
    }
    any = any || n > 0;
    std::size_t offset = 0;
    auto r = ResponseParser::Result::kNeedMore;
    while (offset < n && r == ResponseParser::Result::kNeedMore) {
      std::size_t used = 0;
      r = parser.feed(buffer.data() + offset, n - offset, used);
      offset += used;
    }
    if (r == ResponseParser::Result::kError) {
      out.error = "bad response: " + std::string(parser.error());
      co_return a;
    }
    if (r == ResponseParser::Result::kDone) {
      break;
    }
  }
  if (parser.body_truncated()) {
    out.error = "response body over " + std::to_string(st.options.max_body_bytes) + " bytes";
    co_return a;
  }
  out.status = parser.status();
  a.keep_alive = parser.keep_alive();
  co_return a;
}

asio::awaitable<void> exchange(State& st, std::size_t i) {
  const PlannedRequest& r = st.requests[i];
  SendResult& out = st.run.results[i];
  const std::string wire = render_request(r, st.options.target);
  const auto started = Clock::now();
  for (int tries = 0; tries < 2; ++tries) {
    auto link = st.take_link();
    out = SendResult{0, {}, {}, 0, out.late_us};
    link->arm(st.options.timeout - (Clock::now() - started));
    const Attempt a = co_await attempt(st, *link, wire, r.method == "HEAD", out);
    link->disarm();
    if (out.error.empty() && a.keep_alive) {
      st.idle.push_back(std::move(link));
    } else {
      link->reset();
    }
    if (!a.stale) {
      break;
    }
  }
  const auto done = Clock::now();
  out.latency_ms = ms_between(started, done);
  st.last_done = std::max(st.last_done, done);
  --st.in_flight;
  st.slot_freed.cancel();
}

asio::awaitable<void> scheduler(State& st) {
  asio::steady_timer timer(st.ioc);
  const auto start = Clock::now();
  st.first_send = start;
  for (std::size_t i = 0; i < st.requests.size(); ++i) {
    const auto intended = start + std::chrono::microseconds(st.requests[i].send_at_us);
    if (intended > Clock::now()) {
      timer.expires_at(intended);
      co_await timer.async_wait(kNoThrow);
    }
    while (st.in_flight >= st.options.concurrency) {
      st.slot_freed.expires_at(Clock::time_point::max());
      co_await st.slot_freed.async_wait(kNoThrow);
    }
    const auto late =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - intended).count();
    st.run.results[i].late_us = std::max<int64_t>(0, late);
    st.run.max_late_us = std::max(st.run.max_late_us, st.run.results[i].late_us);
    ++st.in_flight;
    asio::co_spawn(st.ioc, exchange(st, i), asio::detached);
  }
}

// One connection before anything is scheduled: an unreachable target fails fast, with no sends.
asio::awaitable<void> probe(State& st, std::string& error) {
  auto link = st.take_link();
  link->arm(st.options.timeout);
  const auto ec = co_await link->connect(st.endpoints);
  link->disarm();
  if (ec) {
    error = "cannot connect to " + st.options.target.origin() + ": " +
            (link->timed_out() ? std::string("timed out") : ec.message());
    co_return;
  }
  st.idle.push_back(std::move(link));
}

}  // namespace

Expected<EngineRun, std::string> run_replay(const std::vector<PlannedRequest>& requests,
                                            const EngineOptions& options) {
  auto endpoints = engine::resolve(options.target);
  if (!endpoints) {
    return unexpected(endpoints.error());
  }
  std::unique_ptr<asio::ssl::context> tls;
  if (options.target.tls) {
    tls = engine::make_tls_client_context(options.tls_verify);
  }
  asio::io_context ioc(1);
  State st{requests, options, ioc, std::move(*endpoints), tls.get(), {}, asio::steady_timer(ioc),
           0,        {}};
  st.run.results.resize(requests.size());
  std::string error;
  asio::co_spawn(ioc, probe(st, error), asio::detached);
  ioc.run();
  if (!error.empty()) {
    return unexpected(error);
  }
  ioc.restart();
  asio::co_spawn(ioc, scheduler(st), asio::detached);
  ioc.run();
  st.idle.clear();
  st.run.wall_s =
      requests.empty() ? 0 : std::chrono::duration<double>(st.last_done - st.first_send).count();
  return std::move(st.run);
}

}  // namespace travelctl::bench::replay
