// Booking webhook bodies, their HMAC-SHA256 signature (OpenSSL) and seeded event ids.
#include "travelctl/core/supplier/sim/webhook_event.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "civil.hpp"
#include "travelctl/core/json/writer.hpp"
#include "travelctl/core/supplier/sim/rng.hpp"

namespace travelctl::core::supplier::sim {
namespace {

// Crockford's base32 alphabet (no I, L, O, U), as ULIDs use.
constexpr char kBase32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int64_t floor_div(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

}  // namespace

std::string webhook_body(const WebhookEvent& e) {
  std::string out;
  json::Writer w(out);
  w.begin_object();
  w.key("event_id").string(e.event_id);
  w.key("type").string(kStatusChangedType);
  w.key("bid").integer(e.bid);
  w.key("status").string(e.status);
  w.key("occurred_at").string(format_utc(floor_div(e.occurred_at_ms, 1000)));
  w.end_object();
  return out;
}

std::string webhook_signature(std::string_view secret, std::string_view timestamp,
                              std::string_view body) {
  std::string signed_text;
  signed_text.reserve(timestamp.size() + 1 + body.size());
  signed_text.append(timestamp).append(".").append(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(), mac,
       &mac_len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "sha256=";
  for (unsigned int i = 0; i < mac_len; ++i) {
    out += kHex[mac[i] >> 4];
    out += kHex[mac[i] & 0xF];
  }
  return out;
}

EventIds::EventIds(uint64_t seed) : salt_(hash_of({seed, 0xE7E7})) {}

std::string EventIds::next() { return at(counter_.fetch_add(1, std::memory_order_relaxed)); }

std::string EventIds::at(uint64_t n) const {
  // mix64 is a bijection of its input, so distinct n give distinct high halves.
  const uint64_t hi = mix64(n + salt_);
  const uint64_t lo = mix64(hi ^ salt_);
  // 26 characters of 5 bits: 130 bits, the top two always zero.
  std::string out = "evt_";
  out.resize(4 + 26);
  for (int i = 25; i >= 0; --i) {
    const int bit = (25 - i) * 5;  // of the 5-bit group at position i, counted from the end
    uint64_t group = 0;
    if (bit < 64) {
      group = lo >> bit;
      if (bit > 59) {
        group |= hi << (64 - bit);
      }
    } else {
      group = hi >> (bit - 64);
    }
    out[4 + static_cast<size_t>(i)] = kBase32[group & 31];
  }
  return out;
}

}  // namespace travelctl::core::supplier::sim
