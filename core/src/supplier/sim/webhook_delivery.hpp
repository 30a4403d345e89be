// Delivery of one webhook copy: signed POST, retried with backoff until a 2xx or the last attempt.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>
#include <unordered_set>

#include "travelctl/core/http/client.hpp"
#include "travelctl/core/supplier/sim/webhook_retry.hpp"
#include "travelctl/core/supplier/sim/webhook_sender.hpp"

namespace travelctl::core::supplier::sim {

/// An event ready to send; shared by its copies.
struct PreparedEvent {
  std::string event_id;
  int64_t bid = 0;
  std::string status;
  std::string body;
};

/// The timers the sender's coroutines wait on, so that stop() can cancel every wait at once.
/// Used on the sender's thread only.
class TimerSet {
 public:
  /// Registers a timer for the lifetime of the scope.
  class Scope {
   public:
    Scope(TimerSet& set, boost::asio::steady_timer& t) : set_(set), t_(&t) {
      set_.timers_.insert(t_);
    }
    ~Scope() { set_.timers_.erase(t_); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    TimerSet& set_;
    boost::asio::steady_timer* t_;
  };
  void cancel_all() {
    for (auto* t : timers_) {
      t->cancel();
    }
  }

 private:
  std::unordered_set<boost::asio::steady_timer*> timers_;
};

/// What a delivery needs from the sender; all of it outlives the delivery.
struct DeliveryContext {
  http::ClientPool& pool;
  std::string target;  ///< the URL's path ("/" when it has none)
  std::string secret;
  WebhookRetry retry;
  WebhookCounters& counters;
  TimerSet& timers;
  const bool& stopping;  ///< set by stop(): no new attempt, no more waiting
};

/// Sends `event` until a 2xx (counted delivered), the last failed attempt (abandoned, with a line
/// on stderr) or stop. Each attempt is signed afresh with the current time.
boost::asio::awaitable<void> deliver(DeliveryContext& ctx,
                                     std::shared_ptr<const PreparedEvent> event);

}  // namespace travelctl::core::supplier::sim
