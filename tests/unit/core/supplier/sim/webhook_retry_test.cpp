// Tests of the webhook retry policy: the backoff spec and the doubling, capped wait.
#include "travelctl/core/supplier/sim/webhook_retry.hpp"

#include <catch2/catch.hpp>
#include <chrono>

using namespace travelctl::core::supplier::sim;
using namespace std::chrono_literals;

TEST_CASE("Webhook retry: the wait doubles from FIRST up to MAX", "[core]") {
  auto r = WebhookRetry::parse_backoff("100ms..1s");
  REQUIRE(r.has_value());
  CHECK(r->backoff(1) == 100ms);
  CHECK(r->backoff(2) == 200ms);
  CHECK(r->backoff(3) == 400ms);
  CHECK(r->backoff(4) == 800ms);
  CHECK(r->backoff(5) == 1s);
  CHECK(r->backoff(60) == 1s);  // no overflow however many attempts
  CHECK(r->attempts == 8);      // the rest keep their defaults
  CHECK(r->timeout == 5s);
  CHECK(r->describe() == "8 attempts, 100ms..1s backoff, 5s timeout");

  r = WebhookRetry::parse_backoff("250ms");  // one duration: a fixed wait
  REQUIRE(r.has_value());
  CHECK(r->backoff(1) == 250ms);
  CHECK(r->backoff(7) == 250ms);
  WebhookRetry one = *r;
  one.attempts = 1;
  CHECK(one.describe() == "1 attempt, 250ms..250ms backoff, 5s timeout");
}

TEST_CASE("Webhook retry: bad backoff specs", "[core]") {
  for (const char* bad : {"", "abc", "100ms..", "..1s", "100..1s", "100ms-1s", "1s..601s"}) {
    INFO(bad);
    auto r = WebhookRetry::parse_backoff(bad);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() ==
          std::string("'").append(bad).append(
              "': expected FIRST..MAX durations up to 10 minutes, such as 100ms..5s, or one"));
  }
  for (const char* bad : {"5s..1s", "0ms..1s", "0ms"}) {
    INFO(bad);
    auto r = WebhookRetry::parse_backoff(bad);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == std::string("'").append(bad).append(
                           "': the backoff must be positive, with FIRST <= MAX"));
  }
}
