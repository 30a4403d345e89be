// The fault plan in force, replaceable at run time (POST /_sim/faults) while workers read it
// without taking a lock on the request path (they keep a copy and check a version number).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

#include "travelctl/core/supplier/sim/faults.hpp"

namespace travelctl::core::supplier::sim {

/// Shared by every worker thread of one simulator.
class FaultSwitch {
 public:
  /// Puts `plan` in force for the requests that start from now on.
  void replace(FaultPlan plan) {
    auto next = std::make_shared<const FaultPlan>(std::move(plan));
    std::lock_guard lock(mu_);
    plan_ = std::move(next);
    version_.fetch_add(1, std::memory_order_release);
  }

  /// Brings a worker's copy up to date; true when it changed (the copy starts out null).
  bool refresh(std::shared_ptr<const FaultPlan>& copy, uint64_t& version) const {
    if (copy && version_.load(std::memory_order_acquire) == version) {
      return false;
    }
    std::lock_guard lock(mu_);
    copy = plan_;
    version = version_.load(std::memory_order_relaxed);
    return true;
  }

  std::shared_ptr<const FaultPlan> current() const {
    std::lock_guard lock(mu_);
    return plan_;
  }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const FaultPlan> plan_ = std::make_shared<const FaultPlan>();
  std::atomic<uint64_t> version_{0};
};

}  // namespace travelctl::core::supplier::sim
