// In-process waiters keyed by name: registration, removal and cross-thread wake-up.
#include "waiter_registry.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>

namespace travelctl::core::store {

std::shared_ptr<WaiterRegistry::Waiter> WaiterRegistry::add(
    const std::string& key, const boost::asio::any_io_executor& ex) {
  auto waiter = std::make_shared<Waiter>(ex);
  std::lock_guard lock(mutex_);
  waiters_[key].push_back(waiter);
  return waiter;
}

void WaiterRegistry::remove(const std::string& key, const std::shared_ptr<Waiter>& waiter) {
  std::lock_guard lock(mutex_);
  auto it = waiters_.find(key);
  if (it == waiters_.end()) {
    return;
  }
  auto& list = it->second;
  list.erase(std::remove(list.begin(), list.end(), waiter), list.end());
  if (list.empty()) {
    waiters_.erase(it);
  }
}

std::size_t WaiterRegistry::notify(const std::string& key) {
  std::vector<std::shared_ptr<Waiter>> woken;
  {
    std::lock_guard lock(mutex_);
    auto it = waiters_.find(key);
    if (it == waiters_.end()) {
      return 0;
    }
    woken = std::move(it->second);
    waiters_.erase(it);
  }
  for (auto& waiter : woken) {
    boost::asio::post(waiter->timer.get_executor(), [waiter] {
      waiter->notified = true;
      waiter->timer.cancel();
    });
  }
  return woken.size();
}

}  // namespace travelctl::core::store
