// Webhook retry policy: the backoff spec and the wait after each failed attempt.
#include "travelctl/core/supplier/sim/webhook_retry.hpp"

#include <algorithm>

#include "travelctl/core/supplier/sim/latency.hpp"

namespace travelctl::core::supplier::sim {
namespace {

std::string quoted(std::string_view text) {
  std::string s = "'";
  s.append(text).append("': ");
  return s;
}

}  // namespace

Expected<WebhookRetry, std::string> WebhookRetry::parse_backoff(std::string_view spec) {
  const size_t dots = spec.find("..");
  const auto first = parse_sim_duration(spec.substr(0, dots));
  const auto max =
      dots == std::string_view::npos ? first : parse_sim_duration(spec.substr(dots + 2));
  if (!first || !max) {
    return unexpected(quoted(spec) +
                      "expected FIRST..MAX durations up to 10 minutes, such as 100ms..5s, or one");
  }
  if (first->count() <= 0 || *max < *first) {
    return unexpected(quoted(spec) + "the backoff must be positive, with FIRST <= MAX");
  }
  WebhookRetry r;
  r.first = *first;
  r.max = *max;
  return r;
}

std::chrono::microseconds WebhookRetry::backoff(int failed) const {
  std::chrono::microseconds wait = first;
  for (int i = 1; i < failed && wait < max; ++i) {
    wait *= 2;
  }
  return std::min(wait, max);
}

std::string WebhookRetry::describe() const {
  return std::to_string(attempts) + (attempts == 1 ? " attempt, " : " attempts, ") +
         format_sim_duration(first) + ".." + format_sim_duration(max) + " backoff, " +
         format_sim_duration(timeout) + " timeout";
}

}  // namespace travelctl::core::supplier::sim
