#include "travelctl/core/capture/queue.hpp"

#include <catch2/catch.hpp>
#include <thread>

using travelctl::core::capture::Exchange;
using travelctl::core::capture::ExchangeQueue;

namespace {
Exchange numbered(int i, std::size_t body_bytes = 0) {
  Exchange e;
  e.request_id = std::to_string(i);
  e.response_body.assign(body_bytes, 'x');
  return e;
}
}  // namespace

TEST_CASE("Capture queue: a full queue drops and counts instead of waiting", "[core]") {
  ExchangeQueue q(4, 1 << 20);
  CHECK(q.capacity() == 4);
  int accepted = 0;
  for (int i = 0; i < 10; ++i) {
    accepted += q.try_push(numbered(i)) ? 1 : 0;
  }
  CHECK(accepted == 4);
  CHECK(q.dropped() == 6);
  Exchange out;
  for (int i = 0; i < 4; ++i) {
    REQUIRE(q.try_pop(out));
    CHECK(out.request_id == std::to_string(i));  // first in, first out
  }
  CHECK_FALSE(q.try_pop(out));
  CHECK(q.try_push(numbered(99)));  // room again once drained
  CHECK(q.dropped() == 6);
}

TEST_CASE("Capture queue: the byte bound drops big exchanges, an empty queue takes one", "[core]") {
  ExchangeQueue q(64, 10'000);
  CHECK(q.try_push(numbered(0, 50'000)));  // alone in the queue: taken however large
  CHECK_FALSE(q.try_push(numbered(1, 10)));
  CHECK(q.dropped() == 1);
  Exchange out;
  REQUIRE(q.try_pop(out));
  CHECK(out.response_body.size() == 50'000);
  CHECK(q.try_push(numbered(2, 4'000)));
  CHECK(q.try_push(numbered(3, 4'000)));
  CHECK_FALSE(q.try_push(numbered(4, 4'000)));  // past 10 000 bytes with the two before
  CHECK(q.dropped() == 2);
}

TEST_CASE("Capture queue: one producer and one consumer thread lose nothing they accepted",
          "[core]") {
  ExchangeQueue q(256, 64 << 20);
  constexpr int kCount = 200'000;
  std::vector<int> accepted;
  accepted.reserve(kCount);
  std::thread producer([&] {
    for (int i = 0; i < kCount; ++i) {
      if (q.try_push(numbered(i))) {
        accepted.push_back(i);
      }
    }
  });
  std::vector<int> received;
  received.reserve(kCount);
  Exchange out;
  bool done = false;
  while (!done) {
    while (q.try_pop(out)) {
      received.push_back(std::stoi(out.request_id));
    }
    if (received.size() + q.dropped() == static_cast<std::size_t>(kCount)) {
      done = true;
    }
    std::this_thread::yield();
  }
  producer.join();
  CHECK(received == accepted);  // same items, same order
  CHECK(received.size() + q.dropped() == static_cast<std::size_t>(kCount));
}
