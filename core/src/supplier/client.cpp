// Supplier client: builds supplier targets and headers, runs them through the per-thread pool
// under the resilience policies (breaker, quota, deadline, retries with budget, hedged search).
#include "travelctl/core/supplier/client.hpp"

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <charconv>

#include "call_policy.hpp"
#include "travelctl/core/resilience/backoff.hpp"
#include "travelctl/core/resilience/supplier_quota.hpp"

namespace travelctl::core::supplier {
namespace asio = boost::asio;

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

void append_uint(std::string& out, uint64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

milliseconds ceil_ms(std::chrono::nanoseconds d) {
  return std::chrono::ceil<milliseconds>(std::max(d, std::chrono::nanoseconds(0)));
}

}  // namespace

std::string_view rejection_name(Rejection r) {
  static constexpr std::string_view kNames[kRejections] = {"none", "circuit_open", "quota",
                                                           "pool_full"};
  return kNames[static_cast<std::size_t>(r)];
}

std::string_view retry_reason_name(RetryReason r) {
  static constexpr std::string_view kNames[kRetryReasons] = {"status", "connect", "reset",
                                                             "stale_connection"};
  return kNames[static_cast<std::size_t>(r)];
}

std::string_view endpoint_name(Endpoint e) {
  static constexpr std::string_view kNames[kEndpointCount] = {
      "search", "trip", "cart", "schema", "reserve", "confirm", "booking", "cancel", "other"};
  return kNames[static_cast<std::size_t>(e)];
}

Endpoint classify_target(http::Verb method, std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  const bool get = method == http::Verb::get;
  const auto under = [&](std::string_view prefix, std::string_view suffix) {
    return path.size() > prefix.size() + suffix.size() && path.starts_with(prefix) &&
           path.ends_with(suffix) &&
           path.substr(prefix.size(), path.size() - prefix.size() - suffix.size()).find('/') ==
               std::string_view::npos;
  };
  if (get && path == "/v1/search") {
    return Endpoint::search;
  }
  if (get && under("/v1/trips/", "")) {
    return Endpoint::trip;
  }
  if (!get && path == "/v1/carts") {
    return Endpoint::cart;
  }
  if (get && under("/v1/carts/", "/schema")) {
    return Endpoint::schema;
  }
  if (!get && under("/v1/carts/", "/reserve")) {
    return Endpoint::reserve;
  }
  if (!get && under("/v1/bookings/", "/confirm")) {
    return Endpoint::confirm;
  }
  if (!get && under("/v1/bookings/", "/cancel")) {
    return Endpoint::cancel;
  }
  if (get && under("/v1/bookings/", "")) {
    return Endpoint::booking;
  }
  return Endpoint::other;
}

std::string_view SupplierReply::header(http::Field f) const {
  auto it = response.find(f);
  return it == response.end() ? std::string_view{} : std::string_view(it->value());
}

void SupplierReply::settle() {
  if (verdict_owner_ != nullptr) {
    verdict_owner_->settle(*this, false);
  }
}

void SupplierReply::report_malformed() {
  if (verdict_owner_ != nullptr) {
    verdict_owner_->settle(*this, true);
  }
}

SupplierClient::SupplierClient(asio::io_context& ioc, SupplierClientOptions options,
                               CallObserver* observer)
    : ioc_(ioc),
      options_(std::move(options)),
      pool_(std::make_unique<http::ClientPool>(ioc, options_.http)),
      observer_(observer),
      breaker_(options_.breaker),
      budget_(options_.budget_percent, options_.budget_min_retries),
      rng_(std::random_device{}()) {}

SupplierClient::~SupplierClient() = default;

asio::awaitable<void> SupplierClient::search(uint64_t from, uint64_t to, std::string_view date,
                                             int seats, const CallContext& ctx,
                                             SupplierReply& reply) {
  // Built in a local: another coroutine on this thread may build its own while this one waits.
  std::string target;
  target.reserve(options_.path_prefix.size() + 64 + date.size());
  target.append(options_.path_prefix).append("/v1/search?from=");
  append_uint(target, from);
  target.append("&to=");
  append_uint(target, to);
  target.append("&date=").append(date).append("&seats=");
  append_uint(target, static_cast<uint64_t>(seats));
  co_await send(http::Verb::get, target, {}, ctx, reply);
}

asio::awaitable<void> SupplierClient::get(std::string_view target, const CallContext& ctx,
                                          SupplierReply& reply) {
  const std::string full = options_.path_prefix + std::string(target);
  co_await send(http::Verb::get, full, {}, ctx, reply);
}

asio::awaitable<void> SupplierClient::post(std::string_view target, std::string_view body,
                                           const CallContext& ctx, SupplierReply& reply) {
  const std::string full = options_.path_prefix + std::string(target);
  co_await send(http::Verb::post, full, body, ctx, reply);
}

void SupplierClient::note_breaker() {
  const auto now = breaker_.state();
  if (now != noted_state_) {
    noted_state_ = now;
    if (observer_ != nullptr) {
      observer_->on_breaker(now);
    }
  }
}

void SupplierClient::settle(SupplierReply& reply, bool malformed) {
  const bool probe = reply.verdict_probe_;
  reply.verdict_owner_ = nullptr;
  reply.verdict_probe_ = false;
  if (malformed) {
    breaker_.on_failure(Clock::now(), probe);
  } else {
    breaker_.on_success(Clock::now(), probe);
  }
  note_breaker();
}

bool SupplierClient::take_quota(const CallContext& ctx) {
  if (options_.quota == nullptr) {
    return true;
  }
  return options_.quota->take(ctx.client, Clock::now().time_since_epoch()).allowed;
}

bool SupplierClient::admit(Endpoint endpoint, const CallContext& ctx, SupplierReply& reply,
                           bool& probe) {
  const auto now = Clock::now();
  const auto a = breaker_.admit(now);
  note_breaker();
  Rejection why = Rejection::none;
  milliseconds retry_after{0};
  if (!a.allowed) {
    why = Rejection::circuit_open;
    retry_after = a.retry_after;
  } else if (options_.quota != nullptr) {
    const auto d = options_.quota->take(ctx.client, now.time_since_epoch());
    if (!d.allowed) {
      breaker_.on_neutral(a.probe);  // the probe was not made: the next call may probe
      why = Rejection::quota;
      retry_after = ceil_ms(d.retry_after);
    }
  }
  if (why == Rejection::none) {
    probe = a.probe;
    return true;
  }
  reply.error = http::ClientError::rejected;
  reply.detail = why == Rejection::circuit_open
                     ? "the supplier's circuit breaker is open"
                     : "over the global supplier quota (supplier.max_rps)";
  reply.sent = false;
  reply.partial = false;
  reply.status = 0;
  reply.rejected = why;
  reply.retry_after = retry_after;
  if (observer_ != nullptr) {
    observer_->on_rejected(endpoint, why);
  }
  return false;
}

void SupplierClient::judge(SupplierReply& reply, bool probe) {
  switch (verdict_of(reply)) {
    case Verdict::failure:
      breaker_.on_failure(Clock::now(), probe);
      break;
    case Verdict::neutral:
      breaker_.on_neutral(probe);
      break;
    case Verdict::success:
      // Only the route can tell a usable body from a malformed one: it settles or reports.
      reply.verdict_owner_ = this;
      reply.verdict_probe_ = probe;
      break;
  }
  note_breaker();
}

std::optional<milliseconds> SupplierClient::retry_delay(const SupplierReply& reply,
                                                        Endpoint endpoint, int retry,
                                                        Clock::time_point deadline) {
  if (retry >= options_.max_retries) {
    return std::nullopt;
  }
  const auto reason = retry_reason(reply);
  if (!reason) {
    return std::nullopt;
  }
  const double unit = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
  milliseconds delay =
      resilience::backoff_delay(retry + 1, options_.backoff, options_.max_backoff, unit);
  if (reply.error == http::ClientError::none) {
    // The supplier said when: never sooner; and when that is longer than our own longest
    // backoff (or past the deadline, below), its answer goes back to the client with its
    // Retry-After rather than holding the request.
    if (auto after = resilience::parse_retry_after(reply.header(http::Field::retry_after))) {
      if (*after > options_.max_backoff) {
        return std::nullopt;
      }
      delay = std::max(delay, *after);
    }
  }
  const auto now = Clock::now();
  if (deadline != Clock::time_point::max() && now + delay >= deadline) {
    return std::nullopt;
  }
  if (!budget_.try_spend(now)) {
    if (observer_ != nullptr) {
      observer_->on_retry_budget_exhausted(endpoint);
    }
    return std::nullopt;
  }
  if (observer_ != nullptr) {
    observer_->on_retry(endpoint, *reason);
  }
  return delay;
}

asio::awaitable<void> SupplierClient::attempt(const http::ClientRequest& req, Endpoint endpoint,
                                              SupplierReply& reply) {
  const auto start = Clock::now();
  http::ClientResult r = co_await pool_->request(req, reply.response);
  const bool resent = r.resent;
  copy_result(std::move(r), reply);
  ++reply.attempts;
  if (resent) {
    // The pool's own re-send on a fresh connection: a retry like the others, so it is charged.
    ++reply.attempts;
    budget_.spend_anyway(Clock::now());
    if (observer_ != nullptr) {
      observer_->on_retry(endpoint, RetryReason::stale_connection);
    }
  }
  if (reply.error == http::ClientError::rejected) {
    reply.rejected = Rejection::pool_full;
    reply.retry_after = milliseconds(1'000);
    if (observer_ != nullptr) {
      observer_->on_rejected(endpoint, Rejection::pool_full);
    }
    co_return;  // not a call: the supplier never saw it
  }
  if (observer_ != nullptr) {
    observer_->on_supplier_call(endpoint, reply, Clock::now() - start);
  }
}

asio::awaitable<void> SupplierClient::send(http::Verb method, std::string_view path,
                                           std::string_view body, const CallContext& ctx,
                                           SupplierReply& reply) {
  reply.settle();  // the previous call on this reply was used: its verdict is final
  reply.attempts = 0;
  const Endpoint endpoint = classify_target(method, path.substr(options_.path_prefix.size()));
  const bool has_body = method == http::Verb::post;
  std::array<std::pair<std::string_view, std::string_view>, 5> headers{{
      {"X-Partner-Key", options_.api_key},
      {"Accept", "application/json"},
      {"X-Request-Id", ctx.request_id},
      {"Content-Type", has_body ? "application/json" : ""},
      {"traceparent", ctx.traceparent},
  }};
  // Only the headers that apply, without copying: drop the unused ones from the end or middle.
  std::size_t count = 3;
  if (has_body) {
    ++count;
  } else {
    headers[3] = headers[4];
  }
  if (!ctx.traceparent.empty()) {
    ++count;
  }
  http::ClientRequest req;
  req.method = method;
  req.target = path;
  req.headers = headers.data();
  req.header_count = count;
  req.body = body;
  req.idempotent = method == http::Verb::get;
  const bool hedge = options_.hedge_after.count() > 0 && endpoint == Endpoint::search;
  budget_.on_call(Clock::now());
  for (int retry = 0;; ++retry) {
    const auto now = Clock::now();
    if (now >= ctx.deadline) {
      // The request's time is spent (by earlier calls, or backoff): not the supplier's fault.
      copy_result({http::ClientError::timeout, "the request's deadline passed before this call"},
                  reply);
      co_return;
    }
    bool probe = false;
    if (retry > 0) {
      // A retry refused by the breaker or the quota: the last try's answer stands.
      SupplierReply refusal;
      if (!admit(endpoint, ctx, refusal, probe)) {
        co_return;
      }
    } else if (!admit(endpoint, ctx, reply, probe)) {
      co_return;
    }
    req.deadline = std::min(ctx.deadline, now + options_.timeout);
    if (hedge) {
      co_await hedged(req, endpoint, ctx, reply);
    } else {
      co_await attempt(req, endpoint, reply);
    }
    judge(reply, probe);
    if (!req.idempotent) {
      co_return;  // a POST changes state: never sent twice
    }
    const auto delay = retry_delay(reply, endpoint, retry, ctx.deadline);
    if (!delay) {
      co_return;
    }
    if (delay->count() > 0) {
      asio::steady_timer wait(ioc_);
      wait.expires_after(*delay);
      co_await wait.async_wait(kNoThrow);
    }
  }
}

}  // namespace travelctl::core::supplier
