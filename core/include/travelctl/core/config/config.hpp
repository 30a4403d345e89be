// The configuration of DESIGN.md as typed values with their defaults (loading: config/load.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace travelctl::core::config {

struct ServerConfig {
  std::string listen = "127.0.0.1:8080";  ///< `host:port`, host an IP literal or `localhost`
  int64_t threads = 0;                    ///< 0: one per core
  int64_t max_body_bytes = 1 << 20;       ///< a larger request body: 413
  int64_t request_timeout_ms = 30'000;    ///< the deadline of one client request, all its supplier
                                          ///< calls, retries and backoff included
  int64_t max_header_bytes = 16 * 1024;   ///< a larger request head: 431
  int64_t header_timeout_ms = 10'000;     ///< a request head must arrive within (else 408)
  int64_t read_timeout_ms = 30'000;       ///< a whole request (head and body) within (408)
  int64_t idle_timeout_ms = 60'000;       ///< a keep-alive connection may stay silent so long
  int64_t write_timeout_ms = 30'000;      ///< an answer must be taken by the client within
  int64_t max_connections = 10'000;       ///< open client connections (one more: 503, closed)
  int64_t drain_ms = 5'000;               ///< on SIGTERM/SIGINT: in-flight requests get so long
  int64_t drain_grace_ms = 0;             ///< on SIGTERM: /ready is 503 this long before draining
};

struct PoolConfig {
  int64_t max_connections = 64;  ///< per worker thread
  int64_t idle_timeout_ms = 30'000;
  int64_t max_requests_per_connection = 10'000;
  int64_t max_waiting = 256;          ///< requests waiting for a connection (per worker); more: 503
  int64_t max_lifetime_ms = 300'000;  ///< a connection is not reused past this age; 0: no limit
};

struct RetriesConfig {
  int64_t max = 2;              ///< retries of one idempotent supplier call (0: none)
  int64_t budget_percent = 10;  ///< retries and hedges at most this share of recent calls
  int64_t backoff_ms = 25;      ///< the first retry's delay step (jittered, doubling)
  int64_t max_backoff_ms = 1'000;
};

struct CircuitBreakerConfig {
  int64_t failure_threshold = 5;      ///< consecutive failures that open the circuit
  int64_t open_ms = 10'000;           ///< open for this long, then one probe
  int64_t failure_rate_percent = 50;  ///< or this failure rate over the window; 0: not used
  int64_t window_ms = 10'000;
  int64_t min_calls = 20;  ///< calls in the window before its rate counts
};

struct SupplierConfig {
  std::string base_url = "http://127.0.0.1:9090";
  std::string api_key;  ///< required; preferably from TRAVELCTL_SUPPLIER_API_KEY
  std::string webhook_secret;
  int64_t connect_timeout_ms = 1'000;
  int64_t timeout_ms = 10'000;  ///< one try, connect to whole answer (within the deadline)
  int64_t max_response_bytes = 8 << 20;
  int64_t hedge_after_ms = 0;  ///< a second identical search after this long unanswered; 0: off
  int64_t max_rps = 0;         ///< supplier calls a second, all clients together; 0: no quota
  PoolConfig pool;
  RetriesConfig retries;
  CircuitBreakerConfig circuit_breaker;
};

struct CacheConfig {
  int64_t search_ttl_ms = 300'000;  ///< 0 disables the search cache (and request coalescing)
  int64_t max_entries = 10'000;
  int64_t stale_ms = 0;               ///< after the TTL, served for this long when a refresh fails
  int64_t rendered_per_thread = 256;  ///< rendered bodies each worker keeps for repeats; 0 off
};

struct StoreConfig {
  std::string kind = "sqlite";        ///< `sqlite` or `redis`
  std::string path = "travelctl.db";  ///< a file for sqlite, `redis://host:port/db` for redis
};

struct MarkupConfig {
  int64_t percent_bps = 0;
  std::vector<std::pair<std::string, int64_t>> fixed;  ///< per-passenger fee by currency
};

struct RateLimitConfig {
  int64_t per_second = 0;  ///< 0: no limit
  int64_t burst = 0;
};

struct WebhookConfig {
  std::string url;     ///< empty: no outbound webhooks
  std::string secret;  ///< `whsec_<base64 key>`
};

struct ClientConfig {
  std::string id;
  std::vector<std::string> api_keys;
  std::string currency;
  std::vector<std::string> currencies;  ///< defaults to {currency}
  MarkupConfig markup;
  RateLimitConfig rate_limit;
  WebhookConfig webhook;
};

/// Outbound webhook delivery (to clients' `webhook.url`).
struct WebhooksConfig {
  int64_t first_retry_ms = 5'000;            ///< the first retry's delay cap (full jitter)
  int64_t max_retry_ms = 36'000'000;         ///< the largest delay cap (10 h)
  int64_t max_attempts = 16;                 ///< then dead: about a day with the defaults
  int64_t timeout_ms = 10'000;               ///< one attempt, connect to answer
  int64_t max_in_flight = 32;                ///< deliveries at once
  int64_t max_in_flight_per_client = 4;      ///< so one slow endpoint cannot take them all
  int64_t unrouted_timeout_ms = 86'400'000;  ///< an event whose booking nobody owns: dead after
};

struct ScoringConfig {
  std::string url;  ///< empty: no scoring
  int64_t timeout_ms = 2'000;
  int64_t chunk = 50;
};

/// `serve --capture` (each flag wins over its key): README "Capture".
struct CaptureConfig {
  std::string file;               ///< empty: no capture
  int64_t max_bytes = 100 << 20;  ///< rotate before the file grows past this; 0: never
  int64_t keep = 5;               ///< rotated files kept (FILE.1 ... FILE.keep)
  double sample = 1.0;            ///< fraction of exchanges kept, decided by request id
  std::vector<std::string> routes = {"search", "itinerary", "bookings"};  ///< names or groups
  int64_t queue = 4096;  ///< exchanges waiting for the writer, per worker thread
};

/// Logs on stderr: one line per event, text or JSON (see observe/log.hpp).
struct LoggingConfig {
  std::string format = "text";  ///< `text` or `json`
  std::string level = "info";   ///< `debug`, `info`, `warn` or `error`
  bool access_log = false;      ///< one `access` line per request (at info)
};

/// The whole configuration. Default-constructed it holds every default of DESIGN.md (and no
/// client, no supplier key: those have no sensible default).
struct Config {
  ServerConfig server;
  SupplierConfig supplier;
  CacheConfig cache;
  StoreConfig store;
  std::vector<ClientConfig> clients;
  WebhooksConfig webhooks;
  ScoringConfig scoring;
  CaptureConfig capture;
  LoggingConfig logging;
};

}  // namespace travelctl::core::config
