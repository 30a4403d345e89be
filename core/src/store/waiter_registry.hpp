// In-process waiters keyed by name (an idempotency key, the outbox), woken when a store change
// they wait for commits: the fast path of "wait for the first request's answer".
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace travelctl::core::store {

/// Thread-safe. A waiter lives on its caller's (single-threaded) executor: notify() posts the
/// wake-up there, so the timer is only ever touched by that executor.
class WaiterRegistry {
 public:
  struct Waiter {
    explicit Waiter(const boost::asio::any_io_executor& ex) : timer(ex) {}
    boost::asio::steady_timer timer;
    bool notified = false;  ///< set on the waiter's executor before the timer is cancelled
  };

  /// Registers before the caller checks the condition, so that no notification is missed.
  std::shared_ptr<Waiter> add(const std::string& key, const boost::asio::any_io_executor& ex);
  void remove(const std::string& key, const std::shared_ptr<Waiter>& waiter);
  /// Wakes (and unregisters) every waiter of `key`; returns how many.
  std::size_t notify(const std::string& key);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::vector<std::shared_ptr<Waiter>>> waiters_;
};

}  // namespace travelctl::core::store
