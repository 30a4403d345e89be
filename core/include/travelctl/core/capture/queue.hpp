// A worker thread's bounded hand-off to the capture writer: single producer, single consumer,
// lock-free; full means the exchange is dropped and counted, never that the worker waits.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "travelctl/core/capture/exchange.hpp"

namespace travelctl::core::capture {

class ExchangeQueue {
 public:
  /// At most `capacity` exchanges (rounded up to a power of two) and about `max_bytes` of them.
  ExchangeQueue(std::size_t capacity, std::size_t max_bytes);
  ExchangeQueue(const ExchangeQueue&) = delete;
  ExchangeQueue& operator=(const ExchangeQueue&) = delete;

  /// Producer thread only. False when the queue is full (by count or bytes): `e` is dropped and
  /// counted in dropped().
  bool try_push(Exchange&& e);
  /// Consumer thread only. False when empty.
  bool try_pop(Exchange& out);

  /// Exchanges refused because the queue was full (any thread).
  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }
  std::size_t capacity() const { return slots_.size(); }

 private:
  struct Slot {
    Exchange exchange;
    std::size_t bytes = 0;
  };
  std::vector<Slot> slots_;
  std::size_t mask_;
  std::size_t max_bytes_;
  // Producer and consumer positions on their own cache lines: each is written by one side only.
  alignas(64) std::atomic<std::size_t> head_{0};   ///< next slot to pop (consumer)
  alignas(64) std::atomic<std::size_t> tail_{0};   ///< next slot to fill (producer)
  alignas(64) std::atomic<std::size_t> bytes_{0};  ///< producer adds, consumer subtracts
  std::atomic<uint64_t> dropped_{0};
};

}  // namespace travelctl::core::capture
