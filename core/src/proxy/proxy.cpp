// Proxy construction: turns the configuration into shared state and per-thread handlers.
#include "travelctl/core/proxy/proxy.hpp"

#include <algorithm>
#include <map>

#include "shared.hpp"
#include "worker_handler.hpp"

namespace travelctl::core::proxy {

Proxy::Proxy(std::shared_ptr<const Shared> shared) : shared_(std::move(shared)) {}
Proxy::~Proxy() = default;

Expected<std::shared_ptr<Proxy>, std::string> Proxy::create(const config::Config& config,
                                                            store::Store& store,
                                                            ProxyOptions options) {
  auto shared = std::make_shared<Shared>();
  shared->options = options;
  shared->store = &store;
  shared->supplier_webhook_secret = config.supplier.webhook_secret;
  if (config.cache.search_ttl_ms > 0) {
    resilience::SearchCache::Options cache;
    cache.ttl = std::chrono::milliseconds(config.cache.search_ttl_ms);
    cache.stale = std::chrono::milliseconds(config.cache.stale_ms);
    cache.max_entries = static_cast<std::size_t>(std::max<int64_t>(1, config.cache.max_entries));
    shared->search_cache = std::make_unique<resilience::SearchCache>(cache);
    shared->rendered_per_thread = static_cast<std::size_t>(config.cache.rendered_per_thread);
  }
  shared->request_timeout = std::chrono::milliseconds(config.server.request_timeout_ms);
  auto url = http::parse_http_url(config.supplier.base_url);
  if (!url) {
    return unexpected("supplier.base_url: " + url.error());
  }
  const auto& s = config.supplier;
  auto& o = shared->supplier;
  o.http.origin = *url;
  o.http.connect_timeout = std::chrono::milliseconds(s.connect_timeout_ms);
  o.http.max_response_bytes = static_cast<std::size_t>(s.max_response_bytes);
  o.http.max_connections = static_cast<std::size_t>(s.pool.max_connections);
  o.http.idle_timeout = std::chrono::milliseconds(s.pool.idle_timeout_ms);
  o.http.max_requests_per_connection = static_cast<std::size_t>(s.pool.max_requests_per_connection);
  o.http.max_waiting = static_cast<std::size_t>(s.pool.max_waiting);
  o.http.max_lifetime = std::chrono::milliseconds(s.pool.max_lifetime_ms);
  o.max_retries = static_cast<int>(s.retries.max);
  o.budget_percent = static_cast<uint32_t>(s.retries.budget_percent);
  o.backoff = std::chrono::milliseconds(s.retries.backoff_ms);
  o.max_backoff = std::chrono::milliseconds(s.retries.max_backoff_ms);
  o.breaker.failure_threshold = static_cast<uint32_t>(s.circuit_breaker.failure_threshold);
  o.breaker.open_for = std::chrono::milliseconds(s.circuit_breaker.open_ms);
  o.breaker.failure_rate_percent = static_cast<uint32_t>(s.circuit_breaker.failure_rate_percent);
  o.breaker.window = std::chrono::milliseconds(s.circuit_breaker.window_ms);
  o.breaker.min_calls = static_cast<uint32_t>(s.circuit_breaker.min_calls);
  o.hedge_after = std::chrono::milliseconds(s.hedge_after_ms);
  shared->supplier_quota = resilience::SupplierQuota::make(s.max_rps, config.clients.size());
  o.quota = shared->supplier_quota.get();
  o.path_prefix = url->path_prefix;
  o.api_key = s.api_key;
  // One try (supplier.timeout_ms) may not outlive the client's request either; the request's
  // deadline (server.request_timeout_ms) bounds all its calls together (WorkerHandler::Call).
  o.timeout = std::chrono::milliseconds(std::min(s.timeout_ms, config.server.request_timeout_ms));
  std::vector<std::string> ids;
  for (const auto& c : config.clients) {
    ids.push_back(c.id);
  }
  shared->metrics = std::make_unique<MetricsRegistry>(std::move(ids));
  shared->metrics->set_capture(options.capture);
  auto table = build_client_table(config.clients, *shared->metrics, nullptr, 0);
  if (!table) {
    return unexpected(table.error());
  }
  shared->client_table.store(std::move(*table));
  shared->access_log.store(options.access_log);
  return std::shared_ptr<Proxy>(new Proxy(std::move(shared)));
}

Expected<ClientsReloaded, std::string> Proxy::reload_clients(const config::Config& config) {
  const std::shared_ptr<const ClientTable> old = shared_->client_table.load();
  auto table =
      build_client_table(config.clients, *shared_->metrics, old.get(), old->generation + 1);
  if (!table) {
    return unexpected(table.error());
  }
  ClientsReloaded summary;
  summary.clients = (*table)->clients.size();
  summary.keys = (*table)->keys.size();
  std::map<std::string_view, const ClientEntry*> before, after;
  for (const auto& e : old->clients) {
    before.emplace(e.id, &e);
  }
  for (const auto& e : (*table)->clients) {
    after.emplace(e.id, &e);
  }
  for (const auto& [id, e] : after) {
    const auto it = before.find(id);
    if (it == before.end()) {
      summary.added.emplace_back(id);
    } else if (it->second->pricing.currency != e->pricing.currency ||
               it->second->pricing.currencies != e->pricing.currencies ||
               it->second->pricing.percent_bps != e->pricing.percent_bps ||
               it->second->pricing.fixed != e->pricing.fixed ||
               it->second->rate_limit != e->rate_limit ||
               it->second->key_digests != e->key_digests) {
      summary.changed.emplace_back(id);
    }
  }
  for (const auto& [id, e] : before) {
    if (!after.count(id)) {
      summary.removed.emplace_back(id);
    }
  }
  const uint64_t generation = (*table)->generation;
  shared_->client_table.store(std::move(*table));
  // After the table: a worker that sees the new generation is sure to load the new table.
  shared_->client_generation.store(generation, std::memory_order_release);
  return summary;
}

void Proxy::set_access_log(bool on) { shared_->access_log.store(on, std::memory_order_relaxed); }

void Proxy::set_draining() { shared_->draining.store(true); }

void Proxy::count_reload(bool ok) { shared_->metrics->count_reload(ok); }

void Proxy::set_delivery_stats(const DeliveryStats* stats) {
  shared_->metrics->set_delivery_stats(stats);
}

http::HandlerFactory Proxy::handler_factory() {
  return [shared = shared_](boost::asio::io_context& ioc, unsigned /*thread_index*/) {
    auto worker = std::make_shared<WorkerHandler>(ioc, shared);
    return http::Handler([worker](http::Request& req) { return worker->handle(req); });
  };
}

}  // namespace travelctl::core::proxy
