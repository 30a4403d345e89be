// A booking webhook as the supplier sends it (spec/supplier-api.md, "Webhooks the supplier
// sends"): its id, its JSON body and its signature.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace travelctl::core::supplier::sim {

/// The one event type the simulator sends.
inline constexpr std::string_view kStatusChangedType = "booking.status_changed";

/// One booking status change, to be announced.
struct WebhookEvent {
  std::string event_id;  ///< "evt_" + 26 characters
  int64_t bid = 0;
  std::string status;  ///< "confirmed", "cancelled" or "expired"
  int64_t occurred_at_ms = 0;
};

/// `{"event_id", "type": "booking.status_changed", "bid", "status", "occurred_at"}` with
/// `occurred_at` in RFC 3339 UTC to the second ("2026-12-01T01:02:03Z").
std::string webhook_body(const WebhookEvent& event);

/// The value of X-Supplier-Signature: "sha256=" + lowercase hex of
/// HMAC-SHA256(secret, timestamp + "." + body).
std::string webhook_signature(std::string_view secret, std::string_view timestamp,
                              std::string_view body);

/// Event ids from a seed: "evt_" + 26 Crockford base32 characters (128 bits, as a ULID is long).
/// The n-th id depends only on the seed and n, and no two n give the same id (the first 64 bits
/// are a bijection of n). Thread-safe; the order of ids is the order of next() calls.
class EventIds {
 public:
  explicit EventIds(uint64_t seed);
  std::string next();
  /// The id number `n` (0-based) would get.
  std::string at(uint64_t n) const;

 private:
  uint64_t salt_;
  std::atomic<uint64_t> counter_{0};
};

}  // namespace travelctl::core::supplier::sim
