// RateLimit-* fields and the 429 answer from token bucket decisions.
#include "travelctl/core/proxy/rate_limit.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace travelctl::core;
using namespace std::chrono_literals;

namespace {

resilience::TokenBucket bucket(int64_t per_second, int64_t burst) {
  auto b = resilience::TokenBucket::make(per_second, burst);
  REQUIRE(b);
  return *b;
}

}  // namespace

TEST_CASE("Rate limit: an allowed request's fields", "[core]") {
  const auto b = bucket(50, 100);
  const auto d = b.take(resilience::TokenBucket::kFull, 7s);
  const proxy::RateLimitStatus s = proxy::rate_limit_status(b, d);
  CHECK(s.allowed);
  CHECK(s.limit == 50);
  CHECK(s.burst == 100);
  CHECK(s.remaining == 99);
  CHECK(s.reset_seconds == 1);  // 20 ms to refill one token, rounded up
  CHECK(s.retry_after_seconds == 0);
  http::Response res{http::Status::ok, 11};
  proxy::set_rate_limit_headers(res, s);
  CHECK(res["RateLimit-Limit"] == "50");
  CHECK(res["RateLimit-Remaining"] == "99");
  CHECK(res["RateLimit-Reset"] == "1");
  CHECK(res["RateLimit-Policy"] == "50;w=1;burst=100");
  CHECK(res[http::Field::retry_after].empty());
}

TEST_CASE("Rate limit: seconds are rounded up, Retry-After is at least 1", "[core]") {
  const auto b = bucket(1, 3);
  resilience::TokenDecision d;
  d.allowed = false;
  d.remaining = 0;
  d.retry_after = 1'200ms;
  d.until_full = 2'000ms;
  auto s = proxy::rate_limit_status(b, d);
  CHECK(s.retry_after_seconds == 2);
  CHECK(s.reset_seconds == 2);
  d.retry_after = 1ns;
  d.until_full = 0ns;
  s = proxy::rate_limit_status(b, d);
  CHECK(s.retry_after_seconds == 1);
  CHECK(s.reset_seconds == 0);
  d.retry_after = 0ns;
  CHECK(proxy::rate_limit_status(b, d).retry_after_seconds == 1);
}

TEST_CASE("Rate limit: over the rate is 429 rate_limited with Retry-After and the fields",
          "[core]") {
  const auto b = bucket(2, 2);
  resilience::TokenBucket::State state = resilience::TokenBucket::kFull;
  for (int i = 0; i < 2; ++i) {
    const auto d = b.take(state, 3s);
    REQUIRE(d.allowed);
    state = d.state;
  }
  const auto d = b.take(state, 3s);
  REQUIRE_FALSE(d.allowed);
  const auto s = proxy::rate_limit_status(b, d);
  const http::Response res = proxy::rate_limited_response(s, "rid-1");
  CHECK(res.result_int() == 429);
  CHECK(res[http::Field::content_type] == "application/json");
  CHECK(res[http::Field::retry_after] == "1");  // 500 ms, rounded up
  CHECK(res["RateLimit-Limit"] == "2");
  CHECK(res["RateLimit-Remaining"] == "0");
  CHECK(res["RateLimit-Reset"] == "1");
  CHECK(res["RateLimit-Policy"] == "2;w=1;burst=2");
  const auto body = nlohmann::json::parse(res.body());
  CHECK(body["error"]["code"] == "rate_limited");
  CHECK(body["error"]["request_id"] == "rid-1");
  CHECK(body["error"]["message"].get<std::string>().find("2 requests per second") !=
        std::string::npos);
}
