// The proxy's metric shards and their Prometheus rendering (summed over worker threads).
#include "proxy_metrics.hpp"

#include <algorithm>

#include "travelctl/core/capture/recorder.hpp"
#include "travelctl/core/http/client.hpp"
#include "travelctl/core/proxy/deliverer.hpp"

namespace travelctl::core::proxy {
namespace {

std::size_t status_slot(unsigned status) {
  const auto* it = std::find(kCountedStatuses.begin(), kCountedStatuses.end(), status);
  return static_cast<std::size_t>(it - kCountedStatuses.begin());  // the end is "other"
}

std::string status_label(std::size_t slot) {
  return slot < kCountedStatuses.size() ? std::to_string(kCountedStatuses[slot]) : "other";
}

CallOutcome outcome_of(const supplier::SupplierReply& reply) {
  using http::ClientError;
  switch (reply.error) {
    case ClientError::none:
      return reply.status >= 200 && reply.status < 300   ? CallOutcome::s2xx
             : reply.status >= 400 && reply.status < 500 ? CallOutcome::s4xx
             : reply.status >= 500 && reply.status < 600 ? CallOutcome::s5xx
                                                         : CallOutcome::other_status;
    case ClientError::refused:
    case ClientError::resolve:
    case ClientError::tls:
      return CallOutcome::refused;
    case ClientError::reset:
      return CallOutcome::reset;
    case ClientError::timeout:
      return CallOutcome::timeout;
    case ClientError::too_large:
      return CallOutcome::too_large;
    case ClientError::bad_response:
      return CallOutcome::bad_response;
    case ClientError::bad_request:
    case ClientError::rejected:
      break;
  }
  return CallOutcome::other_error;
}

constexpr std::string_view kOutcomeNames[kCallOutcomes] = {
    "2xx",   "4xx",     "5xx",       "other_status", "refused",
    "reset", "timeout", "too_large", "bad_response", "other_error"};

constexpr std::string_view kInboundNames[kInboundResults] = {"accepted", "duplicate",
                                                             "unauthorized", "invalid"};

constexpr std::string_view kCacheNames[kCacheResults] = {"hit", "miss", "stale", "coalesced"};

constexpr std::string_view kIdempotencyNames[5] = {"started", "replay", "conflict", "in_progress",
                                                   "unknown_outcome"};

// Sums the same counter over shards.
template <class Get>
uint64_t sum(const std::deque<MetricsShard>& shards, Get get) {
  uint64_t total = 0;
  for (const auto& s : shards) {
    total += get(s).load(std::memory_order_relaxed);
  }
  return total;
}

// Retries, budget, hedges, refusals, circuit breakers and pools of the supplier client.
void write_resilience(observe::PromWriter& w, const std::deque<MetricsShard>& shards) {
  w.family("travelctl_supplier_retries_total",
           "Supplier calls tried again, by reason (status: 502/503/504/429; connect; reset before "
           "an answer; stale_connection: the pool's re-send on a fresh connection).",
           "counter");
  for (std::size_t i = 0; i < supplier::kRetryReasons; ++i) {
    w.sample("travelctl_supplier_retries_total",
             {{"reason", supplier::retry_reason_name(static_cast<supplier::RetryReason>(i))}},
             sum(
                 shards, [&](const MetricsShard& s) -> auto& { return s.retries[i]; }));
  }
  w.family("travelctl_supplier_retry_budget_exhausted_total",
           "Retries and hedges not sent because the retry budget was spent.", "counter");
  w.sample("travelctl_supplier_retry_budget_exhausted_total", {},
           sum(
               shards, [](const MetricsShard& s) -> auto& { return s.retry_budget_exhausted; }));
  w.family("travelctl_supplier_hedges_total",
           "Hedged searches: sent, and used (the hedge answered first).", "counter");
  w.sample("travelctl_supplier_hedges_total", {{"result", "sent"}},
           sum(
               shards, [](const MetricsShard& s) -> auto& { return s.hedges[0]; }));
  w.sample("travelctl_supplier_hedges_total", {{"result", "used"}},
           sum(
               shards, [](const MetricsShard& s) -> auto& { return s.hedges[1]; }));
  w.family("travelctl_supplier_rejected_total",
           "Supplier calls refused before sending: circuit_open, quota (supplier.max_rps), "
           "pool_full (the connection wait queue).",
           "counter");
  for (std::size_t i = 1; i < supplier::kRejections; ++i) {
    w.sample("travelctl_supplier_rejected_total",
             {{"reason", supplier::rejection_name(static_cast<supplier::Rejection>(i))}},
             sum(
                 shards, [&](const MetricsShard& s) -> auto& { return s.rejected[i]; }));
  }
  std::array<uint64_t, resilience::kBreakerStates> states{};
  for (const auto& s : shards) {
    const auto st = s.breaker_state.load(std::memory_order_relaxed);
    if (st < states.size()) {
      ++states[st];
    }
  }
  w.family("travelctl_supplier_circuit_breakers",
           "Worker threads whose supplier circuit breaker is in each state.", "gauge");
  for (std::size_t i = 0; i < resilience::kBreakerStates; ++i) {
    const auto name = resilience::breaker_state_name(static_cast<resilience::BreakerState>(i));
    w.sample("travelctl_supplier_circuit_breakers", {{"state", name}},
             static_cast<double>(states[i]));
  }
  w.family("travelctl_supplier_circuit_transitions_total",
           "Circuit breaker moves into each state, over all worker threads.", "counter");
  for (std::size_t i = 0; i < resilience::kBreakerStates; ++i) {
    const auto name = resilience::breaker_state_name(static_cast<resilience::BreakerState>(i));
    w.sample("travelctl_supplier_circuit_transitions_total", {{"to", name}},
             sum(
                 shards, [&](const MetricsShard& s) -> auto& { return s.breaker_transitions[i]; }));
  }
  w.family("travelctl_supplier_pool_connections",
           "Supplier connections by state (in_use includes those being opened).", "gauge");
  w.sample("travelctl_supplier_pool_connections", {{"state", "in_use"}},
           static_cast<double>(sum(
               shards, [](const MetricsShard& s) -> auto& { return s.pool.in_use; })));
  w.sample("travelctl_supplier_pool_connections", {{"state", "idle"}},
           static_cast<double>(sum(
               shards, [](const MetricsShard& s) -> auto& { return s.pool.idle; })));
  w.family("travelctl_supplier_pool_waiting", "Supplier calls waiting for a free connection.",
           "gauge");
  w.sample("travelctl_supplier_pool_waiting", {},
           static_cast<double>(sum(
               shards, [](const MetricsShard& s) -> auto& { return s.pool.waiting; })));
  w.family("travelctl_supplier_pool_expired_total",
           "Supplier connections closed because they reached supplier.pool.max_lifetime_ms.",
           "counter");
  w.sample("travelctl_supplier_pool_expired_total", {},
           sum(
               shards, [](const MetricsShard& s) -> auto& { return s.pool.expired; }));
}

}  // namespace

std::string_view cache_result_name(CacheResult r) {
  return kCacheNames[static_cast<std::size_t>(r)];
}

void MetricsShard::on_request(std::optional<Route> route, unsigned status,
                              std::chrono::nanoseconds elapsed, std::optional<std::size_t> client) {
  const std::size_t slot = status_slot(status);
  if (!route) {
    unrouted[slot].fetch_add(1, std::memory_order_relaxed);
    return;
  }
  const auto r = static_cast<std::size_t>(*route);
  requests[r][slot].fetch_add(1, std::memory_order_relaxed);
  latency[r].record(elapsed);
  if (client && *client < client_requests.size()) {
    client_requests[*client].fetch_add(1, std::memory_order_relaxed);
  }
}

void MetricsShard::on_supplier_call(supplier::Endpoint endpoint,
                                    const supplier::SupplierReply& reply,
                                    std::chrono::nanoseconds elapsed) {
  const auto e = static_cast<std::size_t>(endpoint);
  supplier_calls[e][static_cast<std::size_t>(outcome_of(reply))].fetch_add(
      1, std::memory_order_relaxed);
  supplier_latency[e].record(elapsed);
}

void MetricsShard::on_retry(supplier::Endpoint /*endpoint*/, supplier::RetryReason reason) {
  retries[static_cast<std::size_t>(reason)].fetch_add(1, std::memory_order_relaxed);
}

void MetricsShard::on_retry_budget_exhausted(supplier::Endpoint /*endpoint*/) {
  retry_budget_exhausted.fetch_add(1, std::memory_order_relaxed);
}

void MetricsShard::on_hedge(bool used) {
  hedges[used ? 1 : 0].fetch_add(1, std::memory_order_relaxed);
}

void MetricsShard::on_rejected(supplier::Endpoint /*endpoint*/, supplier::Rejection why) {
  rejected[static_cast<std::size_t>(why)].fetch_add(1, std::memory_order_relaxed);
}

void MetricsShard::on_breaker(resilience::BreakerState state) {
  breaker_state.store(static_cast<uint8_t>(state), std::memory_order_relaxed);
  breaker_transitions[static_cast<std::size_t>(state)].fetch_add(1, std::memory_order_relaxed);
}

std::array<std::size_t, resilience::kBreakerStates> MetricsRegistry::breaker_states() const {
  std::lock_guard lock(mu_);
  std::array<std::size_t, resilience::kBreakerStates> counts{};
  for (const auto& s : shards_) {
    const auto state = s.breaker_state.load(std::memory_order_relaxed);
    if (state < counts.size()) {
      ++counts[state];
    }
  }
  return counts;
}

MetricsRegistry::MetricsRegistry(std::vector<std::string> client_ids)
    : client_ids_(std::move(client_ids)),
      client_capacity_(client_ids_.size() + kReloadHeadroom),
      start_time_seconds_(
          std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
              .count()) {}

MetricsShard& MetricsRegistry::add_shard() {
  std::lock_guard lock(mu_);
  return shards_.emplace_back(client_capacity_);
}

std::optional<std::size_t> MetricsRegistry::client_slot(const std::string& id) {
  std::lock_guard lock(mu_);
  for (std::size_t i = 0; i < client_ids_.size(); ++i) {
    if (client_ids_[i] == id) {
      return i;
    }
  }
  if (client_ids_.size() >= client_capacity_) {
    return std::nullopt;
  }
  client_ids_.push_back(id);
  return client_ids_.size() - 1;
}

std::string MetricsRegistry::render() const {
  std::lock_guard lock(mu_);
  std::string out;
  out.reserve(32 * 1024);
  observe::PromWriter w(out);

  w.family("travelctl_http_requests_total", "Requests answered, by route and status.", "counter");
  for (std::size_t r = 0; r < kRouteCount; ++r) {
    const std::string_view route = route_name(static_cast<Route>(r));
    for (std::size_t st = 0; st < kStatusSlots; ++st) {
      const uint64_t n = sum(
          shards_, [&](const MetricsShard& s) -> auto& { return s.requests[r][st]; });
      if (n != 0) {
        w.sample("travelctl_http_requests_total", {{"route", route}, {"status", status_label(st)}},
                 n);
      }
    }
  }
  for (std::size_t st = 0; st < kStatusSlots; ++st) {
    const uint64_t n = sum(
        shards_, [&](const MetricsShard& s) -> auto& { return s.unrouted[st]; });
    if (n != 0) {
      w.sample("travelctl_http_requests_total", {{"route", "none"}, {"status", status_label(st)}},
               n);
    }
  }

  w.family("travelctl_http_request_duration_seconds",
           "Time from a whole request to its response, by route.", "histogram");
  for (std::size_t r = 0; r < kRouteCount; ++r) {
    observe::LatencyHistogram total;
    for (const auto& s : shards_) {
      s.latency[r].add_to(total);
    }
    if (total.count() != 0) {
      total.write(w, "travelctl_http_request_duration_seconds",
                  {{"route", route_name(static_cast<Route>(r))}});
    }
  }

  w.family("travelctl_client_requests_total",
           "Authenticated requests by configured client (bounded by the configuration).",
           "counter");
  for (std::size_t c = 0; c < client_ids_.size(); ++c) {
    w.sample("travelctl_client_requests_total", {{"client", client_ids_[c]}},
             sum(
                 shards_, [&](const MetricsShard& s) -> auto& { return s.client_requests[c]; }));
  }
  w.family("travelctl_rate_limited_total",
           "Requests refused with 429 because the client was over its rate limit.", "counter");
  for (std::size_t c = 0; c < client_ids_.size(); ++c) {
    w.sample(
        "travelctl_rate_limited_total", {{"client", client_ids_[c]}},
        sum(
            shards_, [&](const MetricsShard& s) -> auto& { return s.client_rate_limited[c]; }));
  }

  w.family("travelctl_config_reloads_total",
           "Configuration reloads (SIGHUP), applied or refused (the old configuration stays).",
           "counter");
  w.sample("travelctl_config_reloads_total", {{"result", "ok"}}, reloads_ok_.load());
  w.sample("travelctl_config_reloads_total", {{"result", "failed"}}, reloads_failed_.load());

  w.family("travelctl_supplier_requests_total",
           "Calls to the supplier by endpoint and outcome (status class, or why no answer).",
           "counter");
  for (std::size_t e = 0; e < supplier::kEndpointCount; ++e) {
    for (std::size_t o = 0; o < kCallOutcomes; ++o) {
      const uint64_t n = sum(
          shards_, [&](const MetricsShard& s) -> auto& { return s.supplier_calls[e][o]; });
      if (n != 0) {
        w.sample("travelctl_supplier_requests_total",
                 {{"endpoint", supplier::endpoint_name(static_cast<supplier::Endpoint>(e))},
                  {"outcome", kOutcomeNames[o]}},
                 n);
      }
    }
  }
  w.family("travelctl_supplier_request_duration_seconds",
           "Time of supplier calls, send to whole response (or failure), by endpoint.",
           "histogram");
  for (std::size_t e = 0; e < supplier::kEndpointCount; ++e) {
    observe::LatencyHistogram total;
    for (const auto& s : shards_) {
      s.supplier_latency[e].add_to(total);
    }
    if (total.count() != 0) {
      total.write(w, "travelctl_supplier_request_duration_seconds",
                  {{"endpoint", supplier::endpoint_name(static_cast<supplier::Endpoint>(e))}});
    }
  }

  write_resilience(w, shards_);

  w.family("travelctl_search_unusable_trips_total",
           "Supplier trips dropped from answers because their data was unusable.", "counter");
  w.sample("travelctl_search_unusable_trips_total", {},
           sum(
               shards_, [](const MetricsShard& s) -> auto& { return s.unusable_trips; }));

  w.family("travelctl_idempotency_requests_total",
           "Bookings with an Idempotency-Key, by what the key's record said.", "counter");
  for (std::size_t i = 0; i < 5; ++i) {
    w.sample("travelctl_idempotency_requests_total", {{"outcome", kIdempotencyNames[i]}},
             sum(
                 shards_, [&](const MetricsShard& s) -> auto& { return s.idempotency[i]; }));
  }

  w.family("travelctl_search_cache_total",
           "Searches by what the cache did: hit, miss (a supplier call), stale (served after a "
           "failed refresh), coalesced (waited for an identical search's supplier call).",
           "counter");
  for (std::size_t i = 0; i < kCacheResults; ++i) {
    w.sample("travelctl_search_cache_total", {{"result", kCacheNames[i]}},
             sum(
                 shards_, [&](const MetricsShard& s) -> auto& { return s.cache[i]; }));
  }

  w.family("travelctl_webhooks_received_total",
           "Supplier webhooks received, by what became of them.", "counter");
  for (std::size_t i = 0; i < kInboundResults; ++i) {
    w.sample("travelctl_webhooks_received_total", {{"result", kInboundNames[i]}},
             sum(
                 shards_, [&](const MetricsShard& s) -> auto& { return s.inbound_webhooks[i]; }));
  }
  if (deliveries_ != nullptr) {
    const DeliveryStats& d = *deliveries_;
    w.family("travelctl_webhook_deliveries_total",
             "Delivery attempts to clients' endpoints, by result.", "counter");
    w.sample("travelctl_webhook_deliveries_total", {{"result", "delivered"}}, d.delivered.load());
    w.sample("travelctl_webhook_deliveries_total", {{"result", "retry"}}, d.failed_attempts.load());
    w.sample("travelctl_webhook_deliveries_total", {{"result", "dead"}}, d.dead.load());
    w.family("travelctl_webhook_delivery_seconds",
             "From an event's arrival to its delivery to the client.", "histogram");
    d.latency.write(w, "travelctl_webhook_delivery_seconds", {});
    w.family("travelctl_outbox_entries", "Webhook outbox depth as last read from the store.",
             "gauge");
    w.sample("travelctl_outbox_entries", {{"state", "pending"}},
             static_cast<double>(d.pending.load()));
    w.sample("travelctl_outbox_entries", {{"state", "unrouted"}},
             static_cast<double>(d.unrouted.load()));
    w.sample("travelctl_outbox_entries", {{"state", "dead"}},
             static_cast<double>(d.dead_total.load()));
    w.sample("travelctl_outbox_entries", {{"state", "in_flight"}},
             static_cast<double>(d.in_flight.load()));
    w.family("travelctl_outbox_oldest_pending_seconds",
             "Age of the oldest undelivered event (0 when none).", "gauge");
    w.sample("travelctl_outbox_oldest_pending_seconds", {},
             static_cast<double>(d.oldest_pending_age_s.load()));
  }

  if (capture_ != nullptr) {
    const capture::RecorderStats c = capture_->stats();
    w.family("travelctl_capture_exchanges_total",
             "serve --capture: exchanges written to the capture file, or dropped (queue full: "
             "the client was not slowed; write_error: the disk refused them).",
             "counter");
    w.sample("travelctl_capture_exchanges_total", {{"result", "written"}}, c.written);
    w.sample("travelctl_capture_exchanges_total", {{"result", "dropped_queue_full"}},
             c.dropped_queue_full);
    w.sample("travelctl_capture_exchanges_total", {{"result", "dropped_write_error"}},
             c.dropped_write_error);
    w.family("travelctl_capture_rotations_total", "Capture file rotations (by size).", "counter");
    w.sample("travelctl_capture_rotations_total", {}, c.rotations);
    w.family("travelctl_capture_bytes_total", "Bytes written to the capture file(s).", "counter");
    w.sample("travelctl_capture_bytes_total", {}, c.bytes);
  }

  observe::write_process_metrics(w, observe::read_process_stats(), start_time_seconds_);
  return out;
}

}  // namespace travelctl::core::proxy
