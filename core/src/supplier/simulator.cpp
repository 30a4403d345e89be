// The simulator's assembly: shared context, per-thread handlers, latency applied with a timer.
#include "travelctl/core/supplier/simulator.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <stdexcept>

#include "sim/routes.hpp"
#include "travelctl/core/supplier/sim/latency.hpp"
#include "travelctl/core/supplier/sim/rng.hpp"

namespace travelctl::core::supplier {
namespace asio = boost::asio;

struct Simulator::Impl {
  explicit Impl(const SimulatorOptions& o)
      : options(o),
        ctx{sim::Catalogue(o.seed, o.trips_per_search), sim::BookingState(o.seed, o.hold_ms),
            o.partner_key},
        latency(sim::LatencyModel::parse(o.latency).value()) {}

  SimulatorOptions options;
  sim::SimContext ctx;
  sim::LatencyModel latency;
};

namespace {

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One request: answer computed at once, then held back by the sampled latency (never blocking
// the thread: the wait is a timer on this worker's io_context).
// `keep_alive` holds the simulator's state for as long as the coroutine frame lives.
asio::awaitable<http::Response> serve_one([[maybe_unused]] std::shared_ptr<void> keep_alive,
                                          sim::SimContext& ctx, const sim::LatencyModel& latency,
                                          asio::io_context& ioc, sim::Rng& rng,
                                          http::Request& req) {
  const auto start = std::chrono::steady_clock::now();
  sim::Routed r = sim::route(ctx, req, wall_ms());
  if (r.delayed) {
    const auto delay = latency.sample(r.endpoint, rng);
    const auto until = start + delay;
    if (until > std::chrono::steady_clock::now()) {
      asio::steady_timer timer(ioc, until);
      co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
  }
  r.response.version(req.version());
  co_return std::move(r.response);
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
  if (!o.faults.empty()) {
    return "faults: fault injection is not implemented yet";
  }
  return std::nullopt;
}

Simulator::Simulator(SimulatorOptions options) {
  if (auto problem = validate(options)) {
    throw std::invalid_argument(*problem);
  }
  impl_ = std::make_shared<Impl>(options);
}

Simulator::~Simulator() = default;

http::HandlerFactory Simulator::handler_factory() {
  return [impl = impl_](asio::io_context& ioc, unsigned thread_index) -> http::Handler {
    // Each worker has its own generator: deterministic per thread, no shared lock.
    auto rng = std::make_shared<sim::Rng>(sim::hash_of({impl->options.seed, 0x1A7E, thread_index}));
    return [impl, &ioc, rng](http::Request& req) {
      return serve_one(impl, impl->ctx, impl->latency, ioc, *rng, req);
    };
  };
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
  return out;
}

std::string Simulator::describe_latency() const { return impl_->latency.describe(); }

}  // namespace travelctl::core::supplier
