// RateLimit-* fields and the 429 answer from a token bucket's decision.
#include "travelctl/core/proxy/rate_limit.hpp"

#include <algorithm>
#include <string>

#include "travelctl/core/http/responses.hpp"

namespace travelctl::core::proxy {
namespace {

int64_t seconds_up(std::chrono::nanoseconds d) { return (d.count() + 999'999'999) / 1'000'000'000; }

}  // namespace

RateLimitStatus rate_limit_status(const resilience::TokenBucket& bucket,
                                  const resilience::TokenDecision& decision) {
  RateLimitStatus s;
  s.allowed = decision.allowed;
  s.limit = bucket.per_second();
  s.burst = bucket.burst();
  s.remaining = decision.remaining;
  s.reset_seconds = seconds_up(decision.until_full);
  if (!decision.allowed) {
    // Retry-After: 0 would invite an immediate retry that is refused again.
    s.retry_after_seconds = std::max<int64_t>(seconds_up(decision.retry_after), 1);
  }
  return s;
}

void set_rate_limit_headers(http::Response& res, const RateLimitStatus& s) {
  res.set("RateLimit-Limit", std::to_string(s.limit));
  res.set("RateLimit-Remaining", std::to_string(s.remaining));
  res.set("RateLimit-Reset", std::to_string(s.reset_seconds));
  res.set("RateLimit-Policy", std::to_string(s.limit) + ";w=1;burst=" + std::to_string(s.burst));
}

http::Response rate_limited_response(const RateLimitStatus& s, std::string_view request_id) {
  http::Response res = http::error_response(
      http::Status::too_many_requests, "rate_limited",
      "over this client's rate limit of " + std::to_string(s.limit) +
          " requests per second; retry after " + std::to_string(s.retry_after_seconds) + " s",
      request_id);
  res.set(http::Field::retry_after, std::to_string(s.retry_after_seconds));
  set_rate_limit_headers(res, s);
  return res;
}

}  // namespace travelctl::core::proxy
