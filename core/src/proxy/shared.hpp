// Internal: the proxy state every worker thread reads and nobody writes after start.
#pragma once

#include <chrono>
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
  /// The one thing here written after start: by every worker thread, lock-free (one CAS).
  /// Null: the client has no rate limit.
  std::unique_ptr<resilience::SharedTokenBucket> rate_limit;
};

struct Proxy::Shared {
  std::vector<ClientEntry> clients;
  KeyIndex keys;
  supplier::SupplierClientOptions supplier;  ///< copied into each worker's own client
  std::unique_ptr<MetricsRegistry> metrics;  ///< one shard per worker; rendered by /metrics
  std::unique_ptr<resilience::SearchCache> search_cache;  ///< null when cache.search_ttl_ms is 0
  /// Each worker's RenderedSearchMemo size (0 when the cache is off: answers are never reused).
  std::size_t rendered_per_thread = 0;
  /// supplier.max_rps shared by every worker (supplier.quota points here); null: no quota.
  std::unique_ptr<resilience::SupplierQuota> supplier_quota;
  store::Store* store = nullptr;
  std::string
      supplier_webhook_secret;  ///< verifies inbound webhooks; empty: refuse them all  ///< owned
                                ///< by the caller of Proxy::create; outlives the workers
  std::chrono::milliseconds request_timeout{30'000};
  ProxyOptions options;
};

}  // namespace travelctl::core::proxy
