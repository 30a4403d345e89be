// The webhook sender's thread: inbox, chaos choices, one ordered lane per booking, the tick, stop.
#include "travelctl/core/supplier/sim/webhook_sender.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "travelctl/core/http/client.hpp"
#include "travelctl/core/supplier/sim/rng.hpp"
#include "webhook_delivery.hpp"

namespace travelctl::core::supplier::sim {
namespace asio = boost::asio;

WebhookStats WebhookCounters::snapshot() const {
  WebhookStats s;
  // Read the outcomes before `sent` so that undelivered() never goes below zero mid-flight.
  s.delivered = delivered.load(std::memory_order_acquire);
  s.abandoned = abandoned.load(std::memory_order_acquire);
  s.failed_attempts = failed_attempts.load(std::memory_order_relaxed);
  s.reordered = reordered.load(std::memory_order_relaxed);
  s.duplicates = duplicates.load(std::memory_order_acquire);
  s.sent = sent.load(std::memory_order_acquire);
  return s;
}

namespace {

http::ClientOptions client_options(const WebhookSenderOptions& o) {
  http::ClientOptions c;
  c.origin = o.url;
  c.connect_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(o.retry.timeout);
  c.max_connections = 16;
  c.max_response_bytes = 1u << 20;
  return c;
}

// An event and its chaos duplicate, if any: sent one after the other.
using Copies = std::vector<std::shared_ptr<const PreparedEvent>>;

// The events of one booking: sent strictly one after the other, in queue order.
struct Lane {
  std::deque<std::shared_ptr<const PreparedEvent>> queue;
  bool running = false;
  Copies held;  // held back by the chaos mode until the booking's next event
  uint64_t held_serial = 0;
  std::shared_ptr<asio::steady_timer> held_timer;
};

}  // namespace

struct WebhookSender::Impl {
  Impl(WebhookSenderOptions o, WebhookCounters& c)
      : options(std::move(o)),
        counters(c),
        chaos_rng(hash_of({options.seed, 0xC4A05})),
        pool(ioc, client_options(options)),
        delivery{pool,           options.url.path_prefix.empty() ? "/" : options.url.path_prefix,
                 options.secret, options.retry,
                 counters,       timers,
                 stopping} {}

  void start();
  void drain_inbox();
  void accept(WebhookEvent e);
  void schedule(int64_t bid, const Copies& copies);
  asio::awaitable<void> run_lane(int64_t bid);
  asio::awaitable<void> release_held(int64_t bid, uint64_t serial,
                                     std::shared_ptr<asio::steady_timer> timer);
  asio::awaitable<void> run_tick();
  void begin_stop();

  WebhookSenderOptions options;
  WebhookCounters& counters;
  Rng chaos_rng;  // drawn in queue order, on the sender's thread
  uint64_t next_serial = 0;
  std::unordered_map<int64_t, Lane> lanes;
  TimerSet timers;
  bool stopping = false;  // the sender's thread only

  std::mutex mu;  // guards the inbox and `closed`
  std::vector<WebhookEvent> inbox;
  bool wake_posted = false;
  bool closed = false;

  // Declared last but one: destroyed before the state above, which coroutine frames that are
  // still suspended at a forced stop refer to while the io_context destroys them.
  asio::io_context ioc;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work{
      ioc.get_executor()};
  http::ClientPool pool;
  DeliveryContext delivery;
  std::thread thread;
  std::future<void> finished;
};

void WebhookSender::Impl::start() {
  if (options.tick) {
    asio::co_spawn(ioc, run_tick(), asio::detached);
  }
  std::promise<void> done;
  finished = done.get_future();
  thread = std::thread([this, done = std::move(done)]() mutable {
    ioc.run();
    done.set_value();
  });
}

void WebhookSender::Impl::drain_inbox() {
  std::vector<WebhookEvent> batch;
  {
    std::lock_guard lock(mu);
    batch.swap(inbox);
    wake_posted = false;
  }
  for (WebhookEvent& e : batch) {
    accept(std::move(e));
  }
}

// Applies the chaos choice to a new event and puts it in its booking's lane.
void WebhookSender::Impl::accept(WebhookEvent e) {
  if (stopping) {
    return;
  }
  auto prepared = std::make_shared<PreparedEvent>();
  prepared->body = webhook_body(e);
  prepared->event_id = std::move(e.event_id);
  prepared->bid = e.bid;
  prepared->status = std::move(e.status);
  const ChaosChoice choice =
      options.chaos.empty() ? ChaosChoice{} : options.chaos.choose(chaos_rng);
  Copies copies{prepared};
  if (choice.duplicate) {
    copies.push_back(prepared);
    counters.duplicates.fetch_add(1, std::memory_order_relaxed);
  }
  Lane& lane = lanes[e.bid];
  if (!lane.held.empty()) {
    // This event goes first, then the one held back for it.
    Copies held = std::move(lane.held);
    lane.held.clear();
    lane.held_timer->cancel();
    lane.held_timer.reset();
    counters.reordered.fetch_add(1, std::memory_order_relaxed);
    schedule(e.bid, copies);
    schedule(e.bid, held);
    return;
  }
  if (choice.hold) {
    lane.held = std::move(copies);
    lane.held_serial = ++next_serial;
    lane.held_timer = std::make_shared<asio::steady_timer>(ioc, options.chaos.window);
    asio::co_spawn(ioc, release_held(e.bid, lane.held_serial, lane.held_timer), asio::detached);
    return;
  }
  schedule(e.bid, copies);
}

void WebhookSender::Impl::schedule(int64_t bid, const Copies& copies) {
  Lane& lane = lanes[bid];
  lane.queue.insert(lane.queue.end(), copies.begin(), copies.end());
  if (!lane.running) {
    lane.running = true;
    asio::co_spawn(ioc, run_lane(bid), asio::detached);
  }
}

asio::awaitable<void> WebhookSender::Impl::run_lane(int64_t bid) {
  for (;;) {
    // Looked up again after every wait: other lanes come and go meanwhile.
    auto it = lanes.find(bid);
    if (stopping || it->second.queue.empty()) {
      it->second.running = false;
      if (it->second.held.empty()) {
        lanes.erase(it);
      }
      co_return;
    }
    auto event = std::move(it->second.queue.front());
    it->second.queue.pop_front();
    co_await deliver(delivery, std::move(event));
  }
}

// A held event whose booking had no later event within the window goes anyway.
asio::awaitable<void> WebhookSender::Impl::release_held(int64_t bid, uint64_t serial,
                                                        std::shared_ptr<asio::steady_timer> timer) {
  TimerSet::Scope registered(timers, *timer);
  co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
  auto it = lanes.find(bid);
  if (stopping || it == lanes.end() || it->second.held.empty() ||
      it->second.held_serial != serial) {
    co_return;
  }
  Copies held = std::move(it->second.held);
  it->second.held.clear();
  it->second.held_timer.reset();
  schedule(bid, held);
}

asio::awaitable<void> WebhookSender::Impl::run_tick() {
  asio::steady_timer timer(ioc);
  TimerSet::Scope registered(timers, timer);
  while (!stopping) {
    timer.expires_after(options.tick());
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

void WebhookSender::Impl::begin_stop() {
  stopping = true;
  timers.cancel_all();
  pool.close_idle();
  work.reset();
}

WebhookSender::WebhookSender(WebhookSenderOptions options, WebhookCounters& counters)
    : impl_(std::make_unique<Impl>(std::move(options), counters)) {
  impl_->start();
}

WebhookSender::~WebhookSender() { stop(std::chrono::milliseconds(1000)); }

void WebhookSender::enqueue(WebhookEvent event) {
  bool wake = false;
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->closed) {
      return;
    }
    impl_->counters.sent.fetch_add(1, std::memory_order_release);
    impl_->inbox.push_back(std::move(event));
    wake = !impl_->wake_posted;
    impl_->wake_posted = true;
  }
  if (wake) {
    Impl* impl = impl_.get();
    asio::post(impl->ioc, [impl] { impl->drain_inbox(); });
  }
}

void WebhookSender::stop(std::chrono::milliseconds grace) {
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->closed) {
      return;
    }
    impl_->closed = true;
  }
  Impl* impl = impl_.get();
  asio::post(impl->ioc, [impl] { impl->begin_stop(); });
  // Requests on the wire end by their deadline; past the grace they are cut short.
  if (impl->finished.wait_for(grace) != std::future_status::ready) {
    impl->ioc.stop();
  }
  impl->thread.join();
  // Connections closed by a request cut short come back to the pool no more: close the rest now,
  // while the io_context still exists.
  impl->pool.close_idle();
}

}  // namespace travelctl::core::supplier::sim
