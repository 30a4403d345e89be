// What a rate-limited client is told: RateLimit-* fields on every answer, 429 rate_limited when
// it is over its rate (client-api.md; fields of draft-ietf-httpapi-ratelimit-headers-06).
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "travelctl/core/http/types.hpp"
#include "travelctl/core/resilience/token_bucket.hpp"

namespace travelctl::core::proxy {

/// A limited client's standing after one request, in the whole numbers the fields carry.
struct RateLimitStatus {
  bool allowed = true;
  int64_t limit = 0;                ///< per_second: the quota of a 1-second window
  int64_t burst = 0;                ///< the bucket's capacity
  int64_t remaining = 0;            ///< whole tokens left (up to burst, which may exceed limit)
  int64_t reset_seconds = 0;        ///< until the bucket is full again, rounded up (0: it is)
  int64_t retry_after_seconds = 0;  ///< refused: until the next token, rounded up, at least 1
};

/// The status that `decision` of `bucket` gives.
RateLimitStatus rate_limit_status(const resilience::TokenBucket& bucket,
                                  const resilience::TokenDecision& decision);

/// Sets `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` and `RateLimit-Policy`
/// (`<limit>;w=1;burst=<burst>`), replacing any already there.
void set_rate_limit_headers(http::Response& res, const RateLimitStatus& status);

/// `429 rate_limited` with the error body, `Retry-After` and the fields above.
http::Response rate_limited_response(const RateLimitStatus& status, std::string_view request_id);

}  // namespace travelctl::core::proxy
