// The webhook deliverer: a claim loop over the store's outbox and one coroutine per delivery, with
// a connection pool per client endpoint, bounded concurrency and the retry schedule.
#include "travelctl/core/proxy/deliverer.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <map>
#include <random>
#include <thread>

#include "travelctl/core/http/address.hpp"
#include "travelctl/core/http/client.hpp"
#include "travelctl/core/observe/log.hpp"
#include "travelctl/core/store/store.hpp"

namespace travelctl::core::proxy {
namespace asio = boost::asio;
using Clock = std::chrono::system_clock;

struct Deliverer::Impl {
  Impl(store::Store& s, std::vector<WebhookTarget> t, DelivererOptions o)
      : store(s), targets(std::move(t)), options(std::move(o)), rng(std::random_device{}()) {}

  asio::awaitable<void> run();
  asio::awaitable<void> refresh_stats();
  asio::awaitable<void> deliver(store::OutboxEntry entry);
  asio::awaitable<void> finish(const store::OutboxEntry& e, bool delivered, bool give_up,
                               std::string error,
                               std::optional<std::chrono::milliseconds> retry_after);
  std::shared_ptr<http::ClientPool> pool_for(const WebhookTarget& t, const http::Url& url);
  const WebhookTarget* target_of(const std::string& client) const;

  // Declared first, destroyed last: coroutine frames (holding pools) die with it.
  asio::io_context ioc{1};
  store::Store& store;
  std::vector<WebhookTarget> targets;
  DelivererOptions options;
  DeliveryStats stats;
  std::mt19937_64 rng;
  std::map<std::string, int> per_client;  // deliveries in flight by client (deliverer thread)
  std::map<std::string, std::shared_ptr<http::ClientPool>> pools;
  std::atomic<bool> stopping{false};
  std::thread thread;
};

const WebhookTarget* Deliverer::Impl::target_of(const std::string& client) const {
  for (const auto& t : targets) {
    if (t.client_id == client) {
      return &t;
    }
  }
  return nullptr;
}

std::shared_ptr<http::ClientPool> Deliverer::Impl::pool_for(const WebhookTarget& t,
                                                            const http::Url& url) {
  auto& pool = pools[t.client_id];
  if (!pool) {
    http::ClientOptions o;
    o.origin = url;
    o.connect_timeout = std::min(options.timeout, std::chrono::milliseconds(5'000));
    o.max_response_bytes = 64 * 1024;  // the answer's body is not used
    o.max_connections = static_cast<std::size_t>(options.max_in_flight_per_client);
    o.verify_tls = options.verify_tls;
    pool = std::make_shared<http::ClientPool>(ioc, o);
  }
  return pool;
}

asio::awaitable<void> Deliverer::Impl::refresh_stats() {
  auto task = store.outbox_stats(Clock::now());
  auto s = co_await std::move(task);
  if (s) {
    stats.pending.store(s->pending);
    stats.unrouted.store(s->unrouted);
    stats.dead_total.store(s->dead);
    const auto age =
        s->oldest_pending
            ? std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - *s->oldest_pending)
            : std::chrono::seconds(0);
    stats.oldest_pending_age_s.store(std::max<int64_t>(0, age.count()));
  }
}

asio::awaitable<void> Deliverer::Impl::run() {
  if (options.release_claims_at_start) {
    auto task = store.outbox_release_claims();
    co_await std::move(task);
  }
  auto last_stats = std::chrono::steady_clock::now() - std::chrono::hours(1);
  while (!stopping.load()) {
    if (std::chrono::steady_clock::now() - last_stats > std::chrono::seconds(1)) {
      co_await refresh_stats();
      last_stats = std::chrono::steady_clock::now();
    }
    const int free = options.max_in_flight - static_cast<int>(stats.in_flight.load());
    std::chrono::milliseconds wait = options.poll;
    if (free > 0) {
      store::OutboxClaim claim;
      claim.now = Clock::now();
      claim.limit = free;
      claim.max_per_client = options.max_in_flight_per_client;
      for (const auto& [client, n] : per_client) {
        if (n >= options.max_in_flight_per_client) {
          claim.exclude_clients.push_back(client);
        }
      }
      // A claim outlives the slowest attempt, so a delivery in progress is never handed out twice.
      claim.lease = options.timeout + std::chrono::seconds(30);
      claim.unrouted_timeout = options.unrouted_timeout;
      auto task = store.outbox_claim(std::move(claim));
      auto entries = co_await std::move(task);
      if (entries) {
        for (auto& e : *entries) {
          ++per_client[e.client_id.value_or("")];
          ++stats.in_flight;
          asio::co_spawn(ioc, deliver(std::move(e)), asio::detached);
        }
        if (!entries->empty()) {
          wait = std::chrono::milliseconds(0);  // there may be more due right now
        }
      } else {
        observe::LogLine(observe::LogLevel::error, "webhook outbox unreadable")
            .str("error", entries.error().message);
      }
    } else {
      wait = std::chrono::milliseconds(50);  // all slots busy: look again when some free up
    }
    if (wait.count() > 0) {
      co_await store.outbox_wait(wait);
    }
  }
}

asio::awaitable<void> Deliverer::Impl::finish(
    const store::OutboxEntry& e, bool delivered, bool give_up, std::string error,
    std::optional<std::chrono::milliseconds> retry_after) {
  const auto now = Clock::now();
  const int attempts = e.attempts + 1;
  if (delivered) {
    auto task = store.outbox_delivered(e.id, now);
    co_await std::move(task);
    ++stats.delivered;
    stats.latency.record(now - e.created_at);
  } else if (give_up || attempts >= options.retry.max_attempts) {
    observe::LogLine(observe::LogLevel::error, "webhook is dead")
        .str("webhook_id", e.id)
        .str("client", e.client_id.value_or("?"))
        .integer("attempts", attempts)
        .str("error", error);
    auto task = store.outbox_dead(e.id, std::move(error), now);
    co_await std::move(task);
    ++stats.dead;
  } else {
    const double unit = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    const auto next = now + webhooks::retry_delay(options.retry, attempts, unit, retry_after);
    auto task = store.outbox_reschedule(e.id, next, std::move(error), now);
    co_await std::move(task);
    ++stats.failed_attempts;
  }
}

asio::awaitable<void> Deliverer::Impl::deliver(store::OutboxEntry e) {
  const std::string client = e.client_id.value_or("");
  const WebhookTarget* t = target_of(client);
  bool delivered = false;
  bool give_up = false;
  std::string error;
  std::optional<std::chrono::milliseconds> retry_after;
  auto url =
      t != nullptr && !t->url.empty()
          ? http::parse_http_url(t->url)
          : Expected<http::Url, std::string>(unexpected(std::string("no webhook.url configured")));
  const int64_t ts =
      std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch()).count();
  auto signature = t != nullptr ? webhooks::standard_signature(t->secret, e.id, ts, e.payload)
                                : Expected<std::string, std::string>(unexpected(std::string()));
  if (!url || !signature) {
    give_up = true;  // a configuration problem: on-call retries it once the client is configured
    error =
        "client " + client + ": " + (url ? "webhook.secret: " + signature.error() : url.error());
  } else {
    auto pool = pool_for(*t, *url);
    const std::string target = url->path_prefix.empty() ? "/" : url->path_prefix;
    const std::string ts_text = std::to_string(ts);
    const std::pair<std::string_view, std::string_view> headers[] = {
        {"Content-Type", "application/json"},
        {"webhook-id", e.id},
        {"webhook-timestamp", ts_text},
        {"webhook-signature", *signature},
    };
    http::ClientRequest req;
    req.method = http::Verb::post;
    req.target = target;
    req.headers = headers;
    req.header_count = std::size(headers);
    req.body = e.payload;
    req.deadline = std::chrono::steady_clock::now() + options.timeout;
    req.idempotent = true;  // the same webhook-id again is what at-least-once means
    http::Response res;
    const http::ClientResult r = co_await pool->request(req, res);
    const unsigned status = r.ok() ? res.result_int() : 0;
    if (r.ok() && status >= 200 && status < 300) {
      delivered = true;
    } else if (r.ok()) {
      error = "HTTP " + std::to_string(status);
      give_up = status == 410;  // Gone: the endpoint asked us to stop
      if (give_up) {
        error += " Gone: the client's endpoint asked to stop receiving webhooks";
      }
      if (auto it = res.find(http::Field::retry_after); it != res.end()) {
        retry_after = webhooks::parse_retry_after(it->value(), ts);
      }
    } else {
      error = std::string(http::to_string(r.error)) + ": " + r.detail;
    }
  }
  co_await finish(e, delivered, give_up, std::move(error), retry_after);
  --per_client[client];
  --stats.in_flight;
}

Deliverer::Deliverer(store::Store& store, std::vector<WebhookTarget> targets,
                     DelivererOptions options)
    : impl_(std::make_unique<Impl>(store, std::move(targets), std::move(options))) {}

Deliverer::~Deliverer() {
  stop();
  impl_->pools.clear();  // frames still holding a pool release it when the io_context goes
}

void Deliverer::start() {
  asio::co_spawn(impl_->ioc, impl_->run(), asio::detached);
  impl_->thread = std::thread([impl = impl_.get()] {
    auto guard = asio::make_work_guard(impl->ioc);
    impl->ioc.run();
  });
}

int Deliverer::stop(std::chrono::milliseconds wait) {
  if (!impl_->thread.joinable()) {
    return 0;
  }
  impl_->stopping.store(true);
  // Let deliveries in flight end (each is bounded by the attempt timeout), up to `wait`.
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (impl_->stats.in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  impl_->ioc.stop();
  impl_->thread.join();
  return static_cast<int>(impl_->stats.in_flight.load());
}

void Deliverer::set_targets(std::vector<WebhookTarget> targets) {
  asio::post(impl_->ioc, [impl = impl_.get(), targets = std::move(targets)]() mutable {
    // A client whose endpoint changed gets a new pool (in-flight frames hold the old one).
    for (const auto& t : targets) {
      const WebhookTarget* old = impl->target_of(t.client_id);
      if (old == nullptr || old->url != t.url) {
        impl->pools.erase(t.client_id);
      }
    }
    impl->targets = std::move(targets);
  });
}

const DeliveryStats& Deliverer::stats() const { return impl_->stats; }

}  // namespace travelctl::core::proxy
