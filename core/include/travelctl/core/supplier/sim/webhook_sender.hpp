// The simulator's webhook sender: a queue of booking events drained by coroutines on a thread of
// its own, so that sending never delays the API answer that caused an event.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "travelctl/core/http/address.hpp"
#include "travelctl/core/supplier/sim/webhook_chaos.hpp"
#include "travelctl/core/supplier/sim/webhook_event.hpp"
#include "travelctl/core/supplier/sim/webhook_retry.hpp"

namespace travelctl::core::supplier::sim {

/// What the sender did (GET /_sim/stats "webhooks"). Every copy (an event, or a chaos duplicate of
/// it) ends delivered or abandoned; until then, or when dropped at stop, it is undelivered().
struct WebhookStats {
  uint64_t sent = 0;             ///< events, one per booking status change
  uint64_t delivered = 0;        ///< copies answered with a 2xx (a chaos duplicate is a copy)
  uint64_t failed_attempts = 0;  ///< POSTs answered non-2xx, timed out or failed in transport
  uint64_t duplicates = 0;       ///< extra copies the chaos mode added
  uint64_t reordered = 0;        ///< events held back until a later event of their booking passed
  uint64_t abandoned = 0;        ///< copies given up after the last attempt

  /// Copies neither delivered nor abandoned: queued, held, in flight or waiting to retry.
  uint64_t undelivered() const { return sent + duplicates - delivered - abandoned; }
};

/// The live counters: written by the sender, read by any thread.
struct WebhookCounters {
  std::atomic<uint64_t> sent{0};
  std::atomic<uint64_t> delivered{0};
  std::atomic<uint64_t> failed_attempts{0};
  std::atomic<uint64_t> duplicates{0};
  std::atomic<uint64_t> reordered{0};
  std::atomic<uint64_t> abandoned{0};

  WebhookStats snapshot() const;
};

struct WebhookSenderOptions {
  http::Url url;  ///< where events are POSTed (origin and path)
  std::string secret;
  WebhookRetry retry;
  WebhookChaos chaos;
  uint64_t seed = 1;  ///< for the chaos choices
  /// Called on the sender's thread at start and then again after the delay it returns (the
  /// simulator sweeps expired reservations with it, so that expiry is announced even when
  /// nobody calls the API). Empty: none.
  std::function<std::chrono::milliseconds()> tick;
};

/// Sends events in the order they were queued for each booking (different bookings in parallel),
/// each copy retried as WebhookRetry says; the chaos mode duplicates and reorders some.
class WebhookSender {
 public:
  /// Starts the sender's thread. `counters` must outlive the sender.
  WebhookSender(WebhookSenderOptions options, WebhookCounters& counters);
  /// Stops as stop() does, with a 1 s grace, if not stopped yet.
  ~WebhookSender();
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  /// Queues an event; thread-safe, never waits for the network. Ignored after stop().
  void enqueue(WebhookEvent event);

  /// Stops retries, held events and the tick at once; requests already on the wire may finish
  /// within `grace`, then the thread is stopped anyway. What was not delivered is dropped (see
  /// WebhookStats::undelivered()).
  void stop(std::chrono::milliseconds grace);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace travelctl::core::supplier::sim
