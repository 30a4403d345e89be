// The simulator's assembly: shared context, per-thread handlers, faults chosen per request,
// latency applied with a timer, booking status changes handed to the webhook sender.
#include "travelctl/core/supplier/simulator.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <stdexcept>

#include "sim/fault_replies.hpp"
#include "sim/routes.hpp"
#include "travelctl/core/http/address.hpp"
#include "travelctl/core/supplier/sim/faults.hpp"
#include "travelctl/core/supplier/sim/latency.hpp"
#include "travelctl/core/supplier/sim/rng.hpp"
#include "travelctl/core/supplier/sim/webhook_chaos.hpp"
#include "travelctl/core/supplier/sim/webhook_event.hpp"
#include "travelctl/core/supplier/sim/webhook_retry.hpp"

namespace travelctl::core::supplier {
namespace asio = boost::asio;

namespace {

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The sender's settings from options that validate() accepted.
sim::WebhookSenderOptions webhook_options(const SimulatorOptions& o) {
  sim::WebhookSenderOptions w;
  w.url = http::parse_http_url(o.webhook_url).value();
  w.secret = o.webhook_secret.empty() ? std::string(kDevWebhookSecret) : o.webhook_secret;
  w.retry = sim::WebhookRetry::parse_backoff(o.webhook_retry).value();
  w.retry.attempts = o.webhook_attempts;
  w.retry.timeout = std::chrono::milliseconds(o.webhook_timeout_ms);
  w.chaos = sim::WebhookChaos::parse(o.webhook_chaos).value();
  w.seed = o.seed;
  return w;
}

}  // namespace

struct Simulator::Impl {
  explicit Impl(const SimulatorOptions& o)
      : options(o),
        ctx{sim::Catalogue(o.seed, o.trips_per_search), sim::BookingState(o.seed, o.hold_ms),
            o.partner_key},
        latency(sim::LatencyModel::parse(o.latency).value()),
        event_ids(o.seed) {
    ctx.faults.replace(sim::FaultPlan::parse(o.faults).value());
    if (!o.webhook_url.empty()) {
      start_webhooks();
    }
  }

  void start_webhooks() {
    sim::WebhookSenderOptions w = webhook_options(options);
    w.tick = [this] { return sweep(); };
    webhooks = std::make_unique<sim::WebhookSender>(std::move(w), ctx.webhooks);
    ctx.state.on_status_change([this](int64_t bid, sim::BookingStatus status, int64_t at_ms) {
      // Under the state's lock: ids are numbered in the order of the changes.
      webhooks->enqueue({event_ids.next(), bid, std::string(sim::status_name(status)), at_ms});
    });
  }

  // Expires reservations whose hold ran out (their events go out), then sleeps until the next
  // expiry known; one made meanwhile cannot expire sooner than a hold from now.
  std::chrono::milliseconds sweep() {
    const int64_t now = wall_ms();
    const auto next = ctx.state.sweep_expired(now);
    const int64_t wait = next ? *next - now : options.hold_ms;
    return std::chrono::milliseconds(std::clamp<int64_t>(wait, 1, 1000));
  }

  SimulatorOptions options;
  sim::SimContext ctx;
  sim::LatencyModel latency;
  sim::EventIds event_ids;
  // Last: stopped and destroyed before the state its tick sweeps.
  std::unique_ptr<sim::WebhookSender> webhooks;
};

namespace {

// What one worker thread keeps to itself: its random generators and its copy of the fault plan.
struct WorkerState {
  WorkerState(uint64_t seed, unsigned thread_index)
      : seed(seed),
        thread_index(thread_index),
        latency_rng(sim::hash_of({seed, 0x1A7E, thread_index})) {}

  // Picks up a new plan; the fault generator restarts with it, so that the faults after a
  // POST /_sim/faults depend only on the seed, the thread and the requests since.
  void refresh_faults(const sim::FaultSwitch& faults) {
    if (faults.refresh(plan, plan_version)) {
      fault_rng = sim::Rng(sim::hash_of({seed, 0xFA17, thread_index, plan_version}));
    }
  }

  uint64_t seed;
  unsigned thread_index;
  sim::Rng latency_rng;
  sim::Rng fault_rng{0};
  std::shared_ptr<const sim::FaultPlan> plan;
  uint64_t plan_version = 0;
};

// The answer to a supplier request, a fault's or the real one; 5xx and 429 refuse the request
// before it is served, the other faults damage the real answer.
http::Reply answer(sim::SimContext& ctx, WorkerState& ws, const sim::Target& t,
                   http::Request& req) {
  ws.refresh_faults(ctx.faults);
  const sim::Fault* fault = ws.plan->choose(t.endpoint, ws.fault_rng);
  if (fault == nullptr) {
    return {sim::route(ctx, req, t, wall_ms()), {}};
  }
  ctx.injected[static_cast<size_t>(fault->kind)].fetch_add(1, std::memory_order_relaxed);
  if (sim::refuses_request(fault->kind)) {
    return {sim::refusal(*fault, ws.fault_rng), {}};
  }
  return sim::damage(*fault, sim::route(ctx, req, t, wall_ms()), ws.fault_rng);
}

// One request: answer computed at once, then held back by the sampled latency (never blocking
// the thread: the wait is a timer on this worker's io_context). The simulator's own routes get
// neither latency nor faults.
// `keep_alive` holds the simulator's state for as long as the coroutine frame lives.
asio::awaitable<http::Reply> serve_one([[maybe_unused]] std::shared_ptr<void> keep_alive,
                                       sim::SimContext& ctx, const sim::LatencyModel& latency,
                                       asio::io_context& ioc, WorkerState& ws, http::Request& req) {
  const auto start = std::chrono::steady_clock::now();
  const sim::Target t = sim::classify(ctx, req);
  http::Reply reply;
  if (t.own) {
    reply.response = sim::route(ctx, req, t, wall_ms());
  } else {
    reply = answer(ctx, ws, t, req);
    const auto until = start + latency.sample(t.endpoint, ws.latency_rng);
    if (until > std::chrono::steady_clock::now()) {
      asio::steady_timer timer(ioc, until);
      co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
  }
  sim::echo_request_id(req, reply.response);
  reply.response.version(req.version());
  co_return std::move(reply);
}

}  // namespace

namespace {

std::optional<std::string> validate_webhooks(const SimulatorOptions& o) {
  if (auto u = http::parse_http_url(o.webhook_url); !o.webhook_url.empty() && !u) {
    return "webhook url: " + u.error();
  }
  if (auto r = sim::WebhookRetry::parse_backoff(o.webhook_retry); !r) {
    return "webhook retry: " + r.error();
  }
  if (o.webhook_attempts < 1 || o.webhook_attempts > 100) {
    return "webhook attempts must be from 1 to 100";
  }
  if (o.webhook_timeout_ms < 1 || o.webhook_timeout_ms > 600'000) {
    return "the webhook timeout must be from 1ms to 10 minutes";
  }
  if (auto c = sim::WebhookChaos::parse(o.webhook_chaos); !c) {
    return "webhook chaos: " + c.error();
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> Simulator::validate(const SimulatorOptions& o) {
  if (o.trips_per_search < 0 || o.trips_per_search > 100'000) {
    return "trips per search must be from 0 to 100000";
  }
  if (o.partner_key.empty()) {
    return "the partner key must not be empty";
  }
  if (o.hold_ms <= 0) {
    return "the hold time must be positive";
  }
  if (auto l = sim::LatencyModel::parse(o.latency); !l) {
    return "latency: " + l.error();
  }
  if (auto f = sim::FaultPlan::parse(o.faults); !f) {
    return "faults: " + f.error();
  }
  return validate_webhooks(o);
}

Simulator::Simulator(SimulatorOptions options) {
  if (auto problem = validate(options)) {
    throw std::invalid_argument(*problem);
  }
  impl_ = std::make_shared<Impl>(options);
}

Simulator::~Simulator() { stop_webhooks(std::chrono::milliseconds(1000)); }

void Simulator::stop_webhooks(std::chrono::milliseconds grace) {
  if (impl_->webhooks) {
    impl_->webhooks->stop(grace);
  }
}

http::ReplyHandlerFactory Simulator::handler_factory() {
  return [impl = impl_](asio::io_context& ioc, unsigned thread_index) -> http::ReplyHandler {
    // Each worker has its own generators: deterministic per thread, no shared lock.
    auto ws = std::make_shared<WorkerState>(impl->options.seed, thread_index);
    return [impl, &ioc, ws](http::Request& req) {
      return serve_one(impl, impl->ctx, impl->latency, ioc, *ws, req);
    };
  };
}

std::optional<std::string> Simulator::set_faults(std::string_view spec) {
  auto plan = sim::FaultPlan::parse(spec);
  if (!plan) {
    return "faults: " + plan.error();
  }
  impl_->ctx.faults.replace(std::move(*plan));
  return std::nullopt;
}

SimulatorStats Simulator::stats() const {
  const sim::SimStats s = impl_->ctx.state.stats();
  SimulatorStats out;
  out.carts = s.carts;
  out.reservations = s.reservations;
  out.confirmations = s.confirmations;
  out.cancellations = s.cancellations;
  out.expirations = s.expirations;
  out.search_requests = impl_->ctx.requests[static_cast<size_t>(sim::Endpoint::kSearch)].load(
      std::memory_order_relaxed);
  for (size_t i = 0; i < sim::kFaultKindCount; ++i) {
    out.faults[i] = impl_->ctx.injected[i].load(std::memory_order_relaxed);
  }
  out.webhooks = impl_->ctx.webhooks.snapshot();
  return out;
}

std::string Simulator::describe_latency() const { return impl_->latency.describe(); }

std::string Simulator::describe_faults() const { return impl_->ctx.faults.current()->describe(); }

std::string Simulator::describe_webhooks() const {
  const SimulatorOptions& o = impl_->options;
  if (o.webhook_url.empty()) {
    return "none";
  }
  const sim::WebhookSenderOptions w = webhook_options(o);
  return "POST " + o.webhook_url + " (" + w.retry.describe() + "; chaos " + w.chaos.describe() +
         (o.webhook_secret.empty() ? "; the development secret)" : ")");
}

}  // namespace travelctl::core::supplier
