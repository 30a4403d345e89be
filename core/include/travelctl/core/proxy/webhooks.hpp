// Webhooks as pure functions: the supplier's signature (in), Standard Webhooks signing (out), the
// supplier event -> client event transform, and the retry schedule with full jitter.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "travelctl/core/expected.hpp"
#include "travelctl/core/transform/search.hpp"
#include "travelctl/core/transform/time.hpp"

namespace travelctl::core::proxy::webhooks {

/// Why an inbound webhook is refused (all `401`), or `ok`.
enum class SignatureCheck { ok, missing, bad_timestamp, stale, mismatch };
std::string_view describe(SignatureCheck check);

/// Checks `X-Supplier-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>` in
/// constant time, and that `X-Supplier-Timestamp` (unix seconds) is within `tolerance` of `now`.
SignatureCheck verify_supplier_signature(std::string_view secret, std::string_view timestamp,
                                         std::string_view signature, std::string_view body,
                                         int64_t now_unix, int64_t tolerance_s = 300);

/// Lowercase hex HMAC-SHA256 (the supplier's scheme; also what tests and the simulator sign with).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

/// `v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>` where `whsec_secret` is
/// `whsec_<base64 key>` (Standard Webhooks); the error names what is wrong with the secret.
Expected<std::string, std::string> standard_signature(std::string_view whsec_secret,
                                                      std::string_view id, int64_t timestamp,
                                                      std::string_view body);

/// A verified supplier event, and the body the owning client will get.
struct SupplierEvent {
  std::string event_id;
  std::string booking_id;  ///< the supplier's `bid` as decimal text
  std::string status;
  transform::Instant occurred;
  std::string client_body;  ///< `{"type", "booking_id", "status", "occurred_at"}`
};
/// Validates `{"event_id", "type", "bid", "status", "occurred_at"}`; every bad field listed (400).
/// `type` becomes booking.confirmed, booking.cancelled or booking.expired by status, else
/// booking.updated (a schedule change, say).
Expected<SupplierEvent, std::vector<transform::FieldError>> parse_supplier_event(
    std::string_view body);

/// When to try again after `finished_attempts` failed ones (1 after the first): full jitter,
/// uniform in [0, min(max, first * 2^(finished_attempts - 1))]; `unit` is a uniform [0, 1) draw.
/// A `Retry-After` asks for at least its delay (still capped by `max`).
struct RetryPolicy {
  std::chrono::milliseconds first{5'000};
  std::chrono::milliseconds max{36'000'000};  ///< 10 h
  int max_attempts = 16;                      ///< then the entry is dead (about a day)
};
std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int finished_attempts, double unit,
                                      std::optional<std::chrono::milliseconds> retry_after = {});

/// A `Retry-After` value (delta-seconds or an IMF-fixdate) as a delay from `now_unix`.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           int64_t now_unix);

}  // namespace travelctl::core::proxy::webhooks
