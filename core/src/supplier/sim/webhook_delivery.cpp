// One webhook copy on the wire: headers, signature, outcome, backoff between attempts.
#include "webhook_delivery.hpp"

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdio>
#include <utility>

namespace travelctl::core::supplier::sim {
namespace asio = boost::asio;

namespace {

std::string unix_seconds_now() {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count());
}

// Why an attempt failed, for the line printed when a copy is abandoned.
std::string failure_of(const http::ClientResult& r, const http::Response& res) {
  if (!r.ok()) {
    return std::string(http::to_string(r.error)) + ": " + r.detail;
  }
  return "status " + std::to_string(res.result_int());
}

}  // namespace

asio::awaitable<void> deliver(DeliveryContext& ctx, std::shared_ptr<const PreparedEvent> event) {
  auto executor = co_await asio::this_coro::executor;
  http::Response res;
  for (int attempt = 1;; ++attempt) {
    if (ctx.stopping) {
      co_return;
    }
    const std::string timestamp = unix_seconds_now();
    const std::string signature = webhook_signature(ctx.secret, timestamp, event->body);
    const std::array<std::pair<std::string_view, std::string_view>, 3> headers{{
        {"Content-Type", "application/json"},
        {"X-Supplier-Timestamp", timestamp},
        {"X-Supplier-Signature", signature},
    }};
    http::ClientRequest req;
    req.method = http::Verb::post;
    req.target = ctx.target;
    req.headers = headers.data();
    req.header_count = headers.size();
    req.body = event->body;
    req.deadline = std::chrono::steady_clock::now() + ctx.retry.timeout;
    // Receivers dedupe by event_id, so a resend on a fresh connection is harmless.
    req.idempotent = true;
    const http::ClientResult r = co_await ctx.pool.request(req, res);
    if (r.ok() && res.result_int() >= 200 && res.result_int() < 300) {
      ctx.counters.delivered.fetch_add(1, std::memory_order_relaxed);
      co_return;
    }
    ctx.counters.failed_attempts.fetch_add(1, std::memory_order_relaxed);
    if (attempt >= ctx.retry.attempts) {
      ctx.counters.abandoned.fetch_add(1, std::memory_order_relaxed);
      std::fprintf(stderr,
                   "supplier: webhook %s (bid %lld, %s) abandoned after %d attempt(s): %s\n",
                   event->event_id.c_str(), static_cast<long long>(event->bid),
                   event->status.c_str(), attempt, failure_of(r, res).c_str());
      co_return;
    }
    if (ctx.stopping) {
      co_return;
    }
    asio::steady_timer wait(executor, ctx.retry.backoff(attempt));
    TimerSet::Scope registered(ctx.timers, wait);
    co_await wait.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

}  // namespace travelctl::core::supplier::sim
