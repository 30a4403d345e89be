// The capture's single-producer single-consumer ring.
#include "travelctl/core/capture/queue.hpp"

#include <bit>

namespace travelctl::core::capture {

ExchangeQueue::ExchangeQueue(std::size_t capacity, std::size_t max_bytes)
    : slots_(std::bit_ceil(capacity < 1 ? std::size_t{1} : capacity)),
      mask_(slots_.size() - 1),
      max_bytes_(max_bytes) {}

bool ExchangeQueue::try_push(Exchange&& e) {
  const std::size_t tail = tail_.load(std::memory_order_relaxed);
  const std::size_t size = e.bytes();
  // An empty queue takes any one exchange, however large, so that a big body is not always lost.
  const std::size_t head = head_.load(std::memory_order_acquire);
  if (tail - head == slots_.size() ||
      (tail != head && bytes_.load(std::memory_order_relaxed) + size > max_bytes_)) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  Slot& slot = slots_[tail & mask_];
  slot.exchange = std::move(e);
  slot.bytes = size;
  bytes_.fetch_add(size, std::memory_order_relaxed);
  tail_.store(tail + 1, std::memory_order_release);
  return true;
}

bool ExchangeQueue::try_pop(Exchange& out) {
  const std::size_t head = head_.load(std::memory_order_relaxed);
  if (head == tail_.load(std::memory_order_acquire)) {
    return false;
  }
  Slot& slot = slots_[head & mask_];
  out = std::move(slot.exchange);
  slot.exchange = Exchange{};  // release the moved-from buffers now, not when the slot is reused
  bytes_.fetch_sub(slot.bytes, std::memory_order_relaxed);
  head_.store(head + 1, std::memory_order_release);
  return true;
}

}  // namespace travelctl::core::capture
