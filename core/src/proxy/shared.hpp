// Internal: the proxy state every worker thread reads; after start only the client table (swapped
// whole by a reload) and the draining and access-log flags change.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "proxy_metrics.hpp"
#include "travelctl/core/proxy/auth.hpp"
#include "travelctl/core/proxy/proxy.hpp"
#include "travelctl/core/resilience/search_cache.hpp"
#include "travelctl/core/resilience/shared_token_bucket.hpp"
#include "travelctl/core/resilience/supplier_quota.hpp"
#include "travelctl/core/store/store.hpp"
#include "travelctl/core/supplier/client.hpp"
#include "travelctl/core/transform/search.hpp"

namespace travelctl::core::proxy {

struct ClientEntry {
  std::string id;
  transform::ClientPricing pricing;
  /// Written by every worker thread, lock-free (one CAS). Null: the client has no rate limit.
  /// Shared with the next table by a reload that keeps the client's id and limit, so that its
  /// bucket's state survives the reload.
  std::shared_ptr<resilience::SharedTokenBucket> rate_limit;
  int64_t per_second = 0;  ///< the limit the bucket was made for (compared by reloads)
  int64_t burst = 0;
  std::vector<KeyIndex::Digest> key_digests;  ///< its keys' digests, sorted (reloads compare them)
  std::optional<std::size_t> metrics_slot;    ///< per-client series; none past the registry's cap
};

/// Clients and their keys as one immutable value: a reload builds a new one and swaps it in whole,
/// so a request sees either the old set or the new one, never a mix.
struct ClientTable {
  std::vector<ClientEntry> clients;
  KeyIndex keys;
  uint64_t generation = 0;
};

/// Builds the table of `clients` (validated); `previous` lends rate-limit buckets to clients
/// whose id and limit it already had. The error names a client that cannot be used.
Expected<std::shared_ptr<const ClientTable>, std::string> build_client_table(
    const std::vector<config::ClientConfig>& clients, MetricsRegistry& metrics,
    const ClientTable* previous, uint64_t generation);

struct Proxy::Shared {
  /// The current client table. Workers keep their own reference and look here only when
  /// `client_generation` moved, so the request path does not share this atomic's lock.
  mutable std::atomic<std::shared_ptr<const ClientTable>> client_table;
  mutable std::atomic<uint64_t> client_generation{0};
  mutable std::atomic<bool> draining{false};  ///< /ready answers 503 while set
  mutable std::atomic<bool> access_log{false};
  supplier::SupplierClientOptions supplier;  ///< copied into each worker's own client
  std::unique_ptr<MetricsRegistry> metrics;  ///< one shard per worker; rendered by /metrics
  std::unique_ptr<resilience::SearchCache> search_cache;  ///< null when cache.search_ttl_ms is 0
  /// Each worker's RenderedSearchMemo size (0 when the cache is off: answers are never reused).
  std::size_t rendered_per_thread = 0;
  /// supplier.max_rps shared by every worker (supplier.quota points here); null: no quota.
  std::unique_ptr<resilience::SupplierQuota> supplier_quota;
  store::Store* store = nullptr;  ///< owned by the caller of Proxy::create; outlives the workers
  std::string supplier_webhook_secret;  ///< verifies inbound webhooks; empty: refuse them all
  std::chrono::milliseconds request_timeout{30'000};
  ProxyOptions options;
};

}  // namespace travelctl::core::proxy
