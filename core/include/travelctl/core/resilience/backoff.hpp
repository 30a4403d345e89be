// Retry delays: jittered exponential backoff, and a supplier's Retry-After read as a delay.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace travelctl::core::resilience {

/// The delay before retry number `retry` (1 for the first): the step min(cap, base × 2^(retry-1)),
/// half of it fixed and half drawn ("equal jitter"), so the delay is in [step / 2, step]. `unit`
/// is a uniform draw in [0, 1). Spread retries of many callers; never zero when base > 0.
std::chrono::milliseconds backoff_delay(int retry, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap, double unit);

/// A `Retry-After` of delta-seconds ("2") as a delay; nullopt for an HTTP-date, garbage or a value
/// over a day (not worth waiting inside one request anyway).
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value);

}  // namespace travelctl::core::resilience
