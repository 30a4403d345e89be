// Reload rules: which keys a running serve can swap (clients, logging) and which need a restart.
#include "travelctl/core/config/reload.hpp"

namespace travelctl::core::config {
namespace {

// Adds `path` when the two values differ.
class Differ {
 public:
  explicit Differ(std::vector<std::string>& out) : out_(out) {}
  template <class T>
  void operator()(const char* path, const T& a, const T& b) {
    if (!(a == b)) {
      out_.emplace_back(path);
    }
  }

 private:
  std::vector<std::string>& out_;
};

void server(Differ& d, const ServerConfig& a, const ServerConfig& b) {
  d("server.listen", a.listen, b.listen);
  d("server.threads", a.threads, b.threads);
  d("server.max_body_bytes", a.max_body_bytes, b.max_body_bytes);
  d("server.request_timeout_ms", a.request_timeout_ms, b.request_timeout_ms);
  d("server.max_header_bytes", a.max_header_bytes, b.max_header_bytes);
  d("server.header_timeout_ms", a.header_timeout_ms, b.header_timeout_ms);
  d("server.read_timeout_ms", a.read_timeout_ms, b.read_timeout_ms);
  d("server.idle_timeout_ms", a.idle_timeout_ms, b.idle_timeout_ms);
  d("server.write_timeout_ms", a.write_timeout_ms, b.write_timeout_ms);
  d("server.max_connections", a.max_connections, b.max_connections);
  d("server.drain_ms", a.drain_ms, b.drain_ms);
  d("server.drain_grace_ms", a.drain_grace_ms, b.drain_grace_ms);
}

void supplier(Differ& d, const SupplierConfig& a, const SupplierConfig& b) {
  d("supplier.base_url", a.base_url, b.base_url);
  d("supplier.api_key", a.api_key, b.api_key);
  d("supplier.webhook_secret", a.webhook_secret, b.webhook_secret);
  d("supplier.connect_timeout_ms", a.connect_timeout_ms, b.connect_timeout_ms);
  d("supplier.timeout_ms", a.timeout_ms, b.timeout_ms);
  d("supplier.max_response_bytes", a.max_response_bytes, b.max_response_bytes);
  d("supplier.hedge_after_ms", a.hedge_after_ms, b.hedge_after_ms);
  d("supplier.max_rps", a.max_rps, b.max_rps);
  d("supplier.pool.max_waiting", a.pool.max_waiting, b.pool.max_waiting);
  d("supplier.pool.max_lifetime_ms", a.pool.max_lifetime_ms, b.pool.max_lifetime_ms);
  d("supplier.retries.backoff_ms", a.retries.backoff_ms, b.retries.backoff_ms);
  d("supplier.retries.max_backoff_ms", a.retries.max_backoff_ms, b.retries.max_backoff_ms);
  d("supplier.circuit_breaker.failure_rate_percent", a.circuit_breaker.failure_rate_percent,
    b.circuit_breaker.failure_rate_percent);
  d("supplier.circuit_breaker.window_ms", a.circuit_breaker.window_ms, b.circuit_breaker.window_ms);
  d("supplier.circuit_breaker.min_calls", a.circuit_breaker.min_calls, b.circuit_breaker.min_calls);
  d("supplier.pool.max_connections", a.pool.max_connections, b.pool.max_connections);
  d("supplier.pool.idle_timeout_ms", a.pool.idle_timeout_ms, b.pool.idle_timeout_ms);
  d("supplier.pool.max_requests_per_connection", a.pool.max_requests_per_connection,
    b.pool.max_requests_per_connection);
  d("supplier.retries.max", a.retries.max, b.retries.max);
  d("supplier.retries.budget_percent", a.retries.budget_percent, b.retries.budget_percent);
  d("supplier.circuit_breaker.failure_threshold", a.circuit_breaker.failure_threshold,
    b.circuit_breaker.failure_threshold);
  d("supplier.circuit_breaker.open_ms", a.circuit_breaker.open_ms, b.circuit_breaker.open_ms);
}

void others(Differ& d, const Config& a, const Config& b) {
  d("cache.search_ttl_ms", a.cache.search_ttl_ms, b.cache.search_ttl_ms);
  d("cache.max_entries", a.cache.max_entries, b.cache.max_entries);
  d("cache.stale_ms", a.cache.stale_ms, b.cache.stale_ms);
  d("cache.rendered_per_thread", a.cache.rendered_per_thread, b.cache.rendered_per_thread);
  d("store.kind", a.store.kind, b.store.kind);
  d("store.path", a.store.path, b.store.path);
  d("webhooks.first_retry_ms", a.webhooks.first_retry_ms, b.webhooks.first_retry_ms);
  d("webhooks.max_retry_ms", a.webhooks.max_retry_ms, b.webhooks.max_retry_ms);
  d("webhooks.max_attempts", a.webhooks.max_attempts, b.webhooks.max_attempts);
  d("webhooks.timeout_ms", a.webhooks.timeout_ms, b.webhooks.timeout_ms);
  d("webhooks.max_in_flight", a.webhooks.max_in_flight, b.webhooks.max_in_flight);
  d("webhooks.max_in_flight_per_client", a.webhooks.max_in_flight_per_client,
    b.webhooks.max_in_flight_per_client);
  d("webhooks.unrouted_timeout_ms", a.webhooks.unrouted_timeout_ms, b.webhooks.unrouted_timeout_ms);
  d("scoring.url", a.scoring.url, b.scoring.url);
  d("scoring.timeout_ms", a.scoring.timeout_ms, b.scoring.timeout_ms);
  d("scoring.chunk", a.scoring.chunk, b.scoring.chunk);
  d("capture.file", a.capture.file, b.capture.file);
  d("capture.max_bytes", a.capture.max_bytes, b.capture.max_bytes);
  d("capture.keep", a.capture.keep, b.capture.keep);
  d("capture.sample", a.capture.sample, b.capture.sample);
  d("capture.routes", a.capture.routes, b.capture.routes);
  d("capture.queue", a.capture.queue, b.capture.queue);
}

}  // namespace

std::vector<std::string> restart_only_changes(const Config& running, const Config& next) {
  std::vector<std::string> out;
  Differ d(out);
  server(d, running.server, next.server);
  supplier(d, running.supplier, next.supplier);
  others(d, running, next);
  return out;
}

Config apply_reloadable(const Config& running, const Config& next) {
  Config applied = running;
  applied.clients = next.clients;
  applied.logging = next.logging;
  return applied;
}

}  // namespace travelctl::core::config
