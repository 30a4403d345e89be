// The client table: clients of the configuration with their key index and rate-limit buckets,
// built whole for start-up and for every reload.
#include <algorithm>
#include <map>

#include "shared.hpp"

namespace travelctl::core::proxy {

Expected<std::shared_ptr<const ClientTable>, std::string> build_client_table(
    const std::vector<config::ClientConfig>& clients, MetricsRegistry& metrics,
    const ClientTable* previous, uint64_t generation) {
  std::map<std::string, const ClientEntry*> before;
  if (previous != nullptr) {
    for (const auto& e : previous->clients) {
      before.emplace(e.id, &e);
    }
  }
  auto table = std::make_shared<ClientTable>();
  table->generation = generation;
  for (const auto& c : clients) {
    ClientEntry e;
    e.id = c.id;
    e.pricing.currency = c.currency;
    e.pricing.currencies = c.currencies;
    e.pricing.percent_bps = c.markup.percent_bps;
    e.pricing.fixed = c.markup.fixed;
    e.per_second = c.rate_limit.per_second;
    e.burst = c.rate_limit.burst;
    const auto old = before.find(c.id);
    if (old != before.end() && old->second->per_second == e.per_second &&
        old->second->burst == e.burst) {
      e.rate_limit = old->second->rate_limit;  // same limit: the bucket goes on where it was
    } else {
      e.rate_limit = resilience::SharedTokenBucket::make(e.per_second, e.burst);
    }
    e.metrics_slot = metrics.client_slot(c.id);
    for (const auto& key : c.api_keys) {
      if (!table->keys.add(key, table->clients.size())) {
        return unexpected("clients: the same API key is configured twice (client " + c.id + ")");
      }
      e.key_digests.push_back(KeyIndex::digest(key));
    }
    std::sort(e.key_digests.begin(), e.key_digests.end());
    table->clients.push_back(std::move(e));
  }
  return std::shared_ptr<const ClientTable>(std::move(table));
}

}  // namespace travelctl::core::proxy
