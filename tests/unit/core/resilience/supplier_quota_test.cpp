// The global supplier quota: its rate holds, and a busy client cannot starve a modest one.
#include "travelctl/core/resilience/supplier_quota.hpp"

#include <catch2/catch.hpp>
#include <thread>
#include <vector>

using namespace travelctl::core::resilience;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;

TEST_CASE("SupplierQuota: none when max_rps is 0", "[core]") {
  CHECK(SupplierQuota::make(0, 2) == nullptr);
  CHECK(SupplierQuota::make(-1, 2) == nullptr);
}

TEST_CASE("SupplierQuota: one client alone gets the whole rate", "[core]") {
  auto q = SupplierQuota::make(100, 4);
  REQUIRE(q);
  CHECK(q->fair_share_per_second() == 25);
  int allowed = 0;
  const nanoseconds start = std::chrono::hours(1);
  // 10 s of 1000 attempts a second from client 0.
  for (int i = 0; i < 10'000; ++i) {
    allowed += q->take(0, start + milliseconds(i)).allowed ? 1 : 0;
  }
  // Uncontended above the reserve (50), its fair share (25/s) below it: with nobody else asking
  // the bucket refills above the reserve, so it gets about the whole rate, never more.
  CHECK(allowed <= 100 * 10 + 100);
  CHECK(allowed >= 900);
}

TEST_CASE("SupplierQuota: a greedy client cannot take a modest client's fair share", "[core]") {
  auto q = SupplierQuota::make(100, 2);  // fair share: 50/s each
  REQUIRE(q);
  const nanoseconds start = std::chrono::hours(1);
  int greedy = 0, modest = 0, modest_tries = 0;
  for (int ms = 0; ms < 10'000; ++ms) {
    const nanoseconds now = start + milliseconds(ms);
    for (int k = 0; k < 5; ++k) {  // 5000 a second
      greedy += q->take(0, now).allowed ? 1 : 0;
    }
    if (ms % 25 == 0) {  // 40 a second, within its share
      ++modest_tries;
      const auto d = q->take(1, now);
      modest += d.allowed ? 1 : 0;
      if (!d.allowed) {
        CHECK(d.retry_after > nanoseconds(0));
      }
    }
  }
  INFO("greedy " << greedy << ", modest " << modest << " of " << modest_tries);
  CHECK(modest == modest_tries);             // every one of its calls went
  CHECK(greedy + modest <= 100 * 10 + 100);  // the global rate holds
  CHECK(greedy >= 500);                      // the greedy one still gets at least its own share
}

TEST_CASE("SupplierQuota: a refusal over the fair share says so, others still get theirs",
          "[core]") {
  auto q = SupplierQuota::make(10, 4);  // reserve 5; fair share 2/s, burst 1 each
  REQUIRE(q);
  const nanoseconds now = std::chrono::hours(1);
  int allowed = 0;
  SupplierQuota::Decision last;
  for (int i = 0; i < 20; ++i) {
    last = q->take(0, now);
    allowed += last.allowed ? 1 : 0;
  }
  CHECK(allowed == 5 + 1);  // the surplus above the reserve, then its fair burst
  CHECK_FALSE(last.allowed);
  CHECK(last.over_fair_share);
  CHECK(last.retry_after > nanoseconds(0));
  for (std::size_t c = 1; c < 4; ++c) {
    CHECK(q->take(c, now).allowed);
  }
}

TEST_CASE("SupplierQuota: threads together never exceed the burst at one instant", "[core]") {
  auto q = SupplierQuota::make(1000, 4);
  REQUIRE(q);
  const nanoseconds now = std::chrono::hours(1);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        allowed += q->take(static_cast<std::size_t>(t), now).allowed ? 1 : 0;
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  CHECK(allowed.load() <= 1000);
  CHECK(allowed.load() >= 500);
}
