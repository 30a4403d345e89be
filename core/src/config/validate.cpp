// The configuration's rules: ranges, shapes, uniqueness and cross-field consistency, all reported.
#include <algorithm>
#include <map>
#include <set>

#include "travelctl/core/config/load.hpp"
#include "travelctl/core/http/address.hpp"
#include "travelctl/core/proxy/capture_filter.hpp"

namespace travelctl::core::config {
namespace {

constexpr int64_t kMaxPercentBps = 1'000'000;  // 10000 %: far beyond any real markup
constexpr int64_t kMaxFixedMinor = 1'000'000'000'000;

bool is_currency_code(const std::string& s) {
  return s.size() == 3 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Header-safe printable ASCII without spaces: what an API key or id may hold.
bool is_token(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

bool has_control_chars(const std::string& s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

bool is_client_id(const std::string& s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

bool is_base64(std::string_view s) {
  if (s.empty() || s.size() % 4 != 0) {
    return false;
  }
  std::size_t pad = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '=') {
      if (i + 2 < s.size()) {
        return false;
      }
      ++pad;
    } else if (pad > 0 || !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '+' || c == '/')) {
      return false;
    }
  }
  return true;
}

void positive(Diagnostics& d, const char* path, int64_t v) {
  if (v <= 0) {
    d.error(path, "must be a positive integer");
  }
}

void non_negative(Diagnostics& d, const std::string& path, int64_t v) {
  if (v < 0) {
    d.error(path, "must be a non-negative integer");
  }
}

void http_url(Diagnostics& d, const std::string& path, const std::string& url) {
  if (auto u = http::parse_http_url(url); !u) {
    d.error(path, "must be an http:// or https:// URL: " + u.error());
  }
}

void validate_server(const ServerConfig& s, Diagnostics& d) {
  if (auto a = http::parse_listen_address(s.listen); !a) {
    d.error("server.listen", a.error());
  }
  if (s.threads < 0 || s.threads > 1024) {
    d.error("server.threads", "must be an integer from 0 (one per core) to 1024");
  }
  positive(d, "server.max_body_bytes", s.max_body_bytes);
  positive(d, "server.request_timeout_ms", s.request_timeout_ms);
  // Below 1 KiB not even a browser's ordinary head fits; above 1 MiB a head is an attack.
  if (s.max_header_bytes < 1024 || s.max_header_bytes > (1 << 20)) {
    d.error("server.max_header_bytes", "must be an integer from 1024 to 1048576");
  }
  positive(d, "server.header_timeout_ms", s.header_timeout_ms);
  positive(d, "server.read_timeout_ms", s.read_timeout_ms);
  positive(d, "server.idle_timeout_ms", s.idle_timeout_ms);
  positive(d, "server.write_timeout_ms", s.write_timeout_ms);
  if (s.max_connections < 1 || s.max_connections > 1'000'000) {
    d.error("server.max_connections", "must be an integer from 1 to 1000000");
  }
  constexpr int64_t kHour = 3'600'000;
  if (s.drain_ms < 0 || s.drain_ms > kHour) {
    d.error("server.drain_ms", "must be an integer from 0 to 3600000 (one hour)");
  }
  if (s.drain_grace_ms < 0 || s.drain_grace_ms > kHour) {
    d.error("server.drain_grace_ms", "must be an integer from 0 to 3600000 (one hour)");
  }
}

void validate_logging(const LoggingConfig& l, Diagnostics& d) {
  if (l.format != "text" && l.format != "json") {
    d.error("logging.format", "must be \"text\" or \"json\"");
  }
  if (l.level != "debug" && l.level != "info" && l.level != "warn" && l.level != "error") {
    d.error("logging.level", "must be one of \"debug\", \"info\", \"warn\", \"error\"");
  }
}

// Retries, circuit breaker, hedging and quota (DESIGN.md keys plus the ones they need).
void validate_resilience(const SupplierConfig& s, Diagnostics& d) {
  if (s.retries.max < 0 || s.retries.max > 10) {
    d.error("supplier.retries.max", "must be an integer from 0 to 10");
  }
  if (s.retries.budget_percent < 0 || s.retries.budget_percent > 100) {
    d.error("supplier.retries.budget_percent", "must be an integer from 0 to 100");
  }
  positive(d, "supplier.retries.backoff_ms", s.retries.backoff_ms);
  positive(d, "supplier.retries.max_backoff_ms", s.retries.max_backoff_ms);
  if (s.retries.backoff_ms > 0 && s.retries.max_backoff_ms < s.retries.backoff_ms) {
    d.error("supplier.retries.max_backoff_ms", "must not be less than supplier.retries.backoff_ms");
  }
  const CircuitBreakerConfig& b = s.circuit_breaker;
  positive(d, "supplier.circuit_breaker.failure_threshold", b.failure_threshold);
  positive(d, "supplier.circuit_breaker.open_ms", b.open_ms);
  if (b.failure_rate_percent < 0 || b.failure_rate_percent > 100) {
    d.error("supplier.circuit_breaker.failure_rate_percent",
            "must be an integer from 0 (not used) to 100");
  }
  positive(d, "supplier.circuit_breaker.window_ms", b.window_ms);
  positive(d, "supplier.circuit_breaker.min_calls", b.min_calls);
  non_negative(d, "supplier.hedge_after_ms", s.hedge_after_ms);
  if (s.hedge_after_ms > 0 && s.timeout_ms > 0 && s.hedge_after_ms >= s.timeout_ms) {
    d.warning("supplier.hedge_after_ms",
              "is not less than supplier.timeout_ms: the hedge can never be sent");
  }
  non_negative(d, "supplier.max_rps", s.max_rps);
}

void validate_supplier(const SupplierConfig& s, Diagnostics& d) {
  http_url(d, "supplier.base_url", s.base_url);
  if (!is_token(s.api_key)) {
    d.error("supplier.api_key",
            "must be a non-empty string of printable characters without spaces "
            "(set it here or in TRAVELCTL_SUPPLIER_API_KEY)");
  }
  if (has_control_chars(s.webhook_secret)) {
    d.error("supplier.webhook_secret", "must not contain control characters");
  }
  positive(d, "supplier.connect_timeout_ms", s.connect_timeout_ms);
  positive(d, "supplier.timeout_ms", s.timeout_ms);
  positive(d, "supplier.max_response_bytes", s.max_response_bytes);
  positive(d, "supplier.pool.max_connections", s.pool.max_connections);
  positive(d, "supplier.pool.idle_timeout_ms", s.pool.idle_timeout_ms);
  positive(d, "supplier.pool.max_requests_per_connection", s.pool.max_requests_per_connection);
  non_negative(d, "supplier.pool.max_waiting", s.pool.max_waiting);
  non_negative(d, "supplier.pool.max_lifetime_ms", s.pool.max_lifetime_ms);
  validate_resilience(s, d);
}

void validate_others(const Config& c, Diagnostics& d) {
  non_negative(d, "cache.search_ttl_ms", c.cache.search_ttl_ms);
  non_negative(d, "cache.max_entries", c.cache.max_entries);
  non_negative(d, "cache.stale_ms", c.cache.stale_ms);
  non_negative(d, "cache.rendered_per_thread", c.cache.rendered_per_thread);
  if (c.store.kind != "sqlite" && c.store.kind != "redis") {
    d.error("store.kind", "must be \"sqlite\" or \"redis\"");
  } else if (c.store.kind == "redis" && c.store.path.rfind("redis://", 0) != 0) {
    d.error("store.path", "must be a redis://host:port/db URL when store.kind is redis");
  }
  if (c.store.path.empty()) {
    d.error("store.path", "must be a non-empty path");
  }
  if (!c.scoring.url.empty()) {
    http_url(d, "scoring.url", c.scoring.url);
  }
  const WebhooksConfig& w = c.webhooks;
  positive(d, "webhooks.first_retry_ms", w.first_retry_ms);
  positive(d, "webhooks.max_retry_ms", w.max_retry_ms);
  if (w.max_retry_ms > 0 && w.first_retry_ms > w.max_retry_ms) {
    d.error("webhooks.first_retry_ms", "must not be more than webhooks.max_retry_ms");
  }
  if (w.max_attempts < 1 || w.max_attempts > 1000) {
    d.error("webhooks.max_attempts", "must be an integer from 1 to 1000");
  }
  positive(d, "webhooks.timeout_ms", w.timeout_ms);
  if (w.max_in_flight < 1 || w.max_in_flight > 10000) {
    d.error("webhooks.max_in_flight", "must be an integer from 1 to 10000");
  }
  if (w.max_in_flight_per_client < 1 || w.max_in_flight_per_client > w.max_in_flight) {
    d.error("webhooks.max_in_flight_per_client", "must be from 1 to webhooks.max_in_flight");
  }
  positive(d, "webhooks.unrouted_timeout_ms", w.unrouted_timeout_ms);
  positive(d, "scoring.timeout_ms", c.scoring.timeout_ms);
  if (c.scoring.chunk < 1 || c.scoring.chunk > 1000) {
    d.error("scoring.chunk", "must be an integer from 1 to 1000");
  }
}

void validate_capture(const CaptureConfig& c, Diagnostics& d) {
  non_negative(d, "capture.max_bytes", c.max_bytes);
  if (c.keep < 0 || c.keep > 1000) {
    d.error("capture.keep", "must be an integer from 0 to 1000");
  }
  if (!(c.sample >= 0.0 && c.sample <= 1.0)) {
    d.error("capture.sample", "must be a number from 0 to 1");
  }
  if (c.queue < 1 || c.queue > (1 << 24)) {
    d.error("capture.queue", "must be an integer from 1 to 16777216");
  }
  std::string list;
  for (const auto& r : c.routes) {
    list += (list.empty() ? "" : ",") + r;
  }
  if (auto f = proxy::parse_capture_routes(list); !f) {
    d.error("capture.routes", f.error());
  }
}

void validate_currencies(const ClientConfig& c, const std::string& at, Diagnostics& d) {
  if (c.currencies.empty()) {
    d.error(at + ".currencies", "must list at least one currency");
  }
  std::set<std::string> seen;
  for (std::size_t j = 0; j < c.currencies.size(); ++j) {
    const std::string p = at + ".currencies[" + std::to_string(j) + "]";
    if (!is_currency_code(c.currencies[j])) {
      d.error(p, "must be a 3-letter upper-case currency code (ISO 4217)");
    } else if (!seen.insert(c.currencies[j]).second) {
      d.error(p, "duplicate currency " + c.currencies[j]);
    }
  }
  if (!is_currency_code(c.currency)) {
    d.error(at + ".currency", "must be a 3-letter upper-case currency code (ISO 4217)");
  } else if (!c.currencies.empty() && std::find(c.currencies.begin(), c.currencies.end(),
                                                c.currency) == c.currencies.end()) {
    d.error(at + ".currency", "must be one of " + at + ".currencies");
  }
}

void validate_markup(const ClientConfig& c, const std::string& at, Diagnostics& d) {
  const std::string bps = at + ".markup.percent_bps";
  if (c.markup.percent_bps < 0) {
    d.error(bps, "must be a non-negative integer");
  } else if (c.markup.percent_bps > kMaxPercentBps) {
    d.error(bps, "must be at most 1000000 (10000 %)");
  }
  for (const auto& [cur, v] : c.markup.fixed) {
    const std::string p = at + ".markup.fixed." + cur;
    if (!is_currency_code(cur)) {
      d.error(p, "the key must be a 3-letter upper-case currency code (ISO 4217)");
    } else if (v < 0) {
      d.error(p, "must be a non-negative integer");
    } else if (v > kMaxFixedMinor) {
      d.error(p, "must be at most 1000000000000 minor units");
    } else if (std::find(c.currencies.begin(), c.currencies.end(), cur) == c.currencies.end()) {
      d.warning(p, "currency is not one of the client's currencies (never used)");
    }
  }
}

void validate_client(const ClientConfig& c, const std::string& at, Diagnostics& d) {
  if (!is_client_id(c.id)) {
    d.error(at + ".id", "must be 1 to 64 characters of A-Z a-z 0-9 . _ -");
  }
  if (c.api_keys.empty()) {
    d.error(at + ".api_keys", "must hold at least one key");
  }
  for (std::size_t j = 0; j < c.api_keys.size(); ++j) {
    if (!is_token(c.api_keys[j])) {
      d.error(at + ".api_keys[" + std::to_string(j) + "]",
              "must be a non-empty string of printable characters without spaces");
    }
  }
  validate_currencies(c, at, d);
  validate_markup(c, at, d);
  non_negative(d, at + ".rate_limit.per_second", c.rate_limit.per_second);
  non_negative(d, at + ".rate_limit.burst", c.rate_limit.burst);
  if (!c.webhook.url.empty()) {
    http_url(d, at + ".webhook.url", c.webhook.url);
    if (c.webhook.secret.empty()) {
      d.error(at + ".webhook.secret", "is required when webhook.url is set");
    }
  }
  if (!c.webhook.secret.empty() &&
      (c.webhook.secret.rfind("whsec_", 0) != 0 || !is_base64(c.webhook.secret.substr(6)))) {
    d.error(at + ".webhook.secret", "must be whsec_ followed by a base64 key");
  }
}

void validate_clients(const std::vector<ClientConfig>& clients, Diagnostics& d) {
  if (clients.empty()) {
    d.error("clients", "must hold at least one client");
  }
  std::map<std::string, std::string> ids;   // id -> path of its first use
  std::map<std::string, std::string> keys;  // key -> path of its first use (the key never printed)
  for (std::size_t i = 0; i < clients.size(); ++i) {
    const std::string at = "clients[" + std::to_string(i) + "]";
    validate_client(clients[i], at, d);
    if (!clients[i].id.empty()) {
      auto [it, fresh] = ids.emplace(clients[i].id, at + ".id");
      if (!fresh) {
        d.error(at + ".id", "duplicate of " + it->second);
      }
    }
    for (std::size_t j = 0; j < clients[i].api_keys.size(); ++j) {
      const std::string p = at + ".api_keys[" + std::to_string(j) + "]";
      if (clients[i].api_keys[j].empty()) {
        continue;
      }
      auto [it, fresh] = keys.emplace(clients[i].api_keys[j], p);
      if (!fresh) {
        d.error(p, "duplicate key: the same key as " + it->second);
      }
    }
  }
}

}  // namespace

void validate(const Config& config, Diagnostics& diag) {
  validate_server(config.server, diag);
  validate_supplier(config.supplier, diag);
  validate_others(config, diag);
  validate_capture(config.capture, diag);
  validate_clients(config.clients, diag);
  validate_logging(config.logging, diag);
}

}  // namespace travelctl::core::config
