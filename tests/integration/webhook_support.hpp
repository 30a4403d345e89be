// Integration helper for webhooks: a serve with webhook endpoints for both clients, signed
// supplier events posted to it, and a receiver that records what the clients got.
#pragma once

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "booking_support.hpp"
#include "support/scripted_server.hpp"
#include "travelctl/core/proxy/webhooks.hpp"

namespace travelctl::test {

inline constexpr const char* kSupplierWebhookSecret = "supplier-webhook-secret-for-tests";
// whsec_ + base64("acme-webhook-key-0123456789abcdef") and ("globex-webhook-key-0123456789abcd")
inline constexpr const char* kAcmeWhsec = "whsec_YWNtZS13ZWJob29rLWtleS0wMTIzNDU2Nzg5YWJjZGVm";
inline constexpr const char* kGlobexWhsec = "whsec_Z2xvYmV4LXdlYmhvb2sta2V5LTAxMjM0NTY3ODlhYmNk";

/// two_client_config plus the supplier webhook secret, each client's webhook endpoint and a fast
/// retry schedule (`max_attempts` attempts, 50-200 ms apart).
inline std::string webhook_config(const std::string& supplier_url, uint16_t acme_hook_port,
                                  uint16_t globex_hook_port, int max_attempts = 4) {
  auto c = nlohmann::json::parse(two_client_config(supplier_url));
  c["supplier"]["webhook_secret"] = kSupplierWebhookSecret;
  c["clients"][0]["webhook"] = {
      {"url", "http://127.0.0.1:" + std::to_string(acme_hook_port) + "/hooks/travel"},
      {"secret", kAcmeWhsec}};
  c["clients"][1]["webhook"] = {
      {"url", "http://127.0.0.1:" + std::to_string(globex_hook_port) + "/in"},
      {"secret", kGlobexWhsec}};
  c["webhooks"] = {{"first_retry_ms", 50},
                   {"max_retry_ms", 200},
                   {"max_attempts", max_attempts},
                   {"timeout_ms", 1000}};
  return c.dump();
}

/// A supplier event body.
inline std::string event_body(const std::string& id, const std::string& bid,
                              const std::string& status, const std::string& occurred_at) {
  return nlohmann::json{{"event_id", id},
                        {"type", "booking.status_changed"},
                        {"bid", std::stoll(bid)},
                        {"status", status},
                        {"occurred_at", occurred_at}}
      .dump();
}

/// POSTs `body` to serve's inbound route signed with `secret` at `ts` (default: now).
inline HttpReply post_event(uint16_t port, const std::string& body,
                            const std::string& secret = kSupplierWebhookSecret, int64_t ts = 0) {
  if (ts == 0) {
    ts = std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
             .count();
  }
  const std::string t = std::to_string(ts);
  HttpRequest req;
  req.method = "POST";
  req.target = "/v1/supplier/webhooks";
  req.headers = {{"Content-Type", "application/json"},
                 {"X-Supplier-Timestamp", t},
                 {"X-Supplier-Signature",
                  "sha256=" + core::proxy::webhooks::hmac_sha256_hex(secret, t + "." + body)}};
  req.body = body;
  return http_request("127.0.0.1", port, req);
}

/// Waits until `pred()` holds, checking every 20 ms, for up to `limit`.
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return pred();
}

/// Books one itinerary as the client of `key` through serve and returns the booking id.
inline std::string book_one(uint16_t port, const std::string& key = kAcmeKey) {
  const HttpReply s =
      call(port, "GET", "/v1/itineraries?from=101&to=117&date=" + date_in_days(20), key);
  const std::string id = nlohmann::json::parse(s.body)["itineraries"][0]["id"];
  const HttpReply it = call(port, "GET", "/v1/itineraries/" + id, key);
  const std::string token = nlohmann::json::parse(it.body)["booking_token"];
  const HttpReply b = call(port, "POST", "/v1/bookings", key, booking_body(token));
  return nlohmann::json::parse(b.body)["booking_id"];
}

}  // namespace travelctl::test
