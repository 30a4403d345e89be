// Token bucket: burst, refill, exact arithmetic over long runs, stale clock readings (injected
// time).
#include "travelctl/core/resilience/token_bucket.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <utility>

using travelctl::core::resilience::TokenBucket;
using travelctl::core::resilience::TokenDecision;
using namespace std::chrono_literals;
using std::chrono::nanoseconds;

namespace {

// A bucket used by one caller: the state threaded through take(), as the shared one does.
struct Driver {
  TokenBucket bucket;
  TokenBucket::State state = TokenBucket::kFull;
  TokenDecision take(nanoseconds now) {
    const TokenDecision d = bucket.take(state, now);
    state = d.state;
    return d;
  }
  // Takes every token there is at `now`; returns how many.
  int64_t drain(nanoseconds now) {
    int64_t n = 0;
    while (take(now).allowed) {
      ++n;
    }
    return n;
  }
};

Driver driver(int64_t per_second, int64_t burst) {
  auto b = TokenBucket::make(per_second, burst);
  REQUIRE(b);
  return Driver{*b};
}

}  // namespace

TEST_CASE("Token bucket: a rate of 0 is no limit, a burst of 0 is one second's worth", "[core]") {
  CHECK_FALSE(TokenBucket::make(0, 10));
  CHECK_FALSE(TokenBucket::make(-1, 10));
  auto b = TokenBucket::make(5, 0);
  REQUIRE(b);
  CHECK(b->per_second() == 5);
  CHECK(b->burst() == 5);
  b = TokenBucket::make(50, 100);
  REQUIRE(b);
  CHECK(b->burst() == 100);
  b = TokenBucket::make(INT64_MAX, INT64_MAX);
  REQUIRE(b);
  CHECK(b->per_second() == TokenBucket::kMaxValue);
  CHECK(b->burst() == TokenBucket::kMaxValue);
}

TEST_CASE("Token bucket: a new bucket gives its burst at once, then refuses", "[core]") {
  Driver d = driver(5, 5);
  const nanoseconds t = 10s;
  for (int64_t left = 4; left >= 0; --left) {
    const TokenDecision ok = d.take(t);
    REQUIRE(ok.allowed);
    CHECK(ok.remaining == left);
    CHECK(ok.retry_after == 0ns);
    CHECK(ok.until_full == nanoseconds(200ms) * (5 - left));
  }
  const TokenBucket::State drained = d.state;
  const TokenDecision no = d.take(t);
  CHECK_FALSE(no.allowed);
  CHECK(no.state == drained);
  CHECK(no.remaining == 0);
  CHECK(no.retry_after == 200ms);
  CHECK(no.until_full == 1s);
}

TEST_CASE("Token bucket: refills one token per 1/rate, and saves nothing up while full", "[core]") {
  Driver d = driver(5, 3);
  const nanoseconds t = 1000s;
  CHECK(d.drain(t) == 3);
  CHECK_FALSE(d.take(t + 199ms).allowed);
  CHECK(d.take(t + 200ms).allowed);
  CHECK_FALSE(d.take(t + 200ms).allowed);
  CHECK(d.drain(t + 600ms) == 2);
  // An hour idle fills the bucket once: the burst, not 18,000 tokens.
  CHECK(d.drain(t + 1h) == 3);
  const TokenDecision no = d.take(t + 1h);
  CHECK(no.retry_after == 200ms);
  CHECK(no.until_full == 600ms);
}

TEST_CASE("Token bucket: retry_after names the first nanosecond a token is there", "[core]") {
  for (const int64_t rate : {1, 3, 7, 13, 999'983, 1'000'000'000}) {
    Driver d = driver(rate, 2);
    nanoseconds t = 123'456'789'012ns;
    for (int round = 0; round < 20; ++round) {
      d.drain(t);
      const TokenDecision no = d.take(t);
      INFO("rate " << rate << " round " << round);
      REQUIRE_FALSE(no.allowed);
      REQUIRE(no.retry_after > 0ns);
      REQUIRE(no.retry_after <= nanoseconds(1s) / rate + 1ns);
      CHECK_FALSE(d.take(t + no.retry_after - 1ns).allowed);
      CHECK(d.take(t + no.retry_after).allowed);
      t += no.retry_after + nanoseconds(round * 7'919);  // odd offsets
    }
  }
}

TEST_CASE("Token bucket: exactly burst + floor(rate x t) tokens over a long run", "[core]") {
  // From a full bucket at time 0, each token taken as soon as it is there: 3 and 7 a second for
  // 11.6 days, 1,000 a second for 2.8 hours.
  for (const auto& [rate, seconds] :
       {std::pair<int64_t, int64_t>{3, 1'000'000}, {7, 1'000'000}, {1'000, 10'000}}) {
    Driver d = driver(rate, 4);
    nanoseconds t = 0ns;
    int64_t taken = d.drain(t);
    CHECK(taken == 4);
    const nanoseconds end = std::chrono::seconds(seconds);
    while (t < end) {
      const TokenDecision no = d.take(t);
      if (no.allowed || no.retry_after <= 0ns) {
        FAIL("rate " << rate << " at " << t.count() << " ns: a drained bucket gave a token");
      }
      t += no.retry_after;
      taken += d.drain(t);
      const int64_t earned = static_cast<int64_t>(static_cast<unsigned __int128>(t.count()) *
                                                  static_cast<uint64_t>(rate) / 1'000'000'000);
      if (taken != 4 + earned) {
        FAIL("rate " << rate << " at " << t.count() << " ns: took " << taken << ", expected "
                     << 4 + earned);
      }
    }
    CHECK(t == end);
    CHECK(taken == 4 + rate * seconds);
  }
}

TEST_CASE("Token bucket: no drift from a start late in the clock's life", "[core]") {
  // 3.9 years of uptime, then 10^6 s more at 7/s: within one token of burst + rate x time.
  Driver d = driver(7, 5);
  const nanoseconds start = 123'456'789'012'345'678ns;
  nanoseconds t = start;
  int64_t taken = d.drain(t);
  while (t - start < 1'000'000s) {
    const TokenDecision no = d.take(t);
    if (no.allowed) {
      FAIL("a drained bucket gave a token");
    }
    t += no.retry_after;
    taken += d.drain(t);
  }
  const auto elapsed = static_cast<unsigned __int128>((t - start).count());
  const auto earned = static_cast<int64_t>(elapsed * 7 / 1'000'000'000);
  CHECK(taken >= 5 + earned - 1);
  CHECK(taken <= 5 + earned + 1);
}

TEST_CASE("Token bucket: a clock reading older than the state finds fewer tokens, not more",
          "[core]") {
  Driver d = driver(10, 10);
  const nanoseconds t = 50s;
  CHECK(d.drain(t) == 10);
  // Another thread's earlier reading, up to well before the bucket was last full.
  for (const nanoseconds back :
       {nanoseconds(1), nanoseconds(100ms), nanoseconds(1s), nanoseconds(5s)}) {
    const TokenDecision old = d.bucket.take(d.state, t - back);
    CHECK_FALSE(old.allowed);
    CHECK(old.remaining == 0);
    CHECK(old.retry_after >= 100ms);
  }
  // At the limits: the largest values and a clock near 100 years do not overflow.
  Driver big = driver(TokenBucket::kMaxValue, TokenBucket::kMaxValue);
  const nanoseconds century = std::chrono::hours(24 * 365 * 100);
  CHECK(big.take(century).remaining == TokenBucket::kMaxValue - 1);
  Driver slow = driver(1, TokenBucket::kMaxValue);
  CHECK(slow.take(century).remaining == TokenBucket::kMaxValue - 1);
  CHECK(slow.take(century).until_full == 2s);
}
