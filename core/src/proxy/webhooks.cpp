// Webhook signatures (supplier HMAC in, Standard Webhooks out), the event transform and retries.
#include "travelctl/core/proxy/webhooks.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <nlohmann/json.hpp>

#include "travelctl/core/json/writer.hpp"

namespace travelctl::core::proxy::webhooks {
namespace {

using Json = nlohmann::json;

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &size);
  return std::string(reinterpret_cast<const char*>(out), size);
}

std::optional<int64_t> parse_int(std::string_view s) {
  int64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) {
    return std::nullopt;
  }
  return v;
}

// 1 to 19 ASCII digits: what a booking id is everywhere in the proxy.
bool is_digits(const std::string& s) {
  return !s.empty() && s.size() <= 19 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<std::string> base64_decode(std::string_view in) {
  if (in.empty() || in.size() % 4 != 0) {
    return std::nullopt;
  }
  std::string out(in.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(in.data()),
                                static_cast<int>(in.size()));
  if (n < 0) {
    return std::nullopt;
  }
  // EVP_DecodeBlock counts the padding as zero bytes: drop them.
  const std::size_t pad = in.ends_with("==") ? 2 : in.ends_with("=") ? 1 : 0;
  out.resize(static_cast<std::size_t>(n) - pad);
  return out;
}

std::string base64_encode(std::string_view in) {
  std::string out(4 * ((in.size() + 2) / 3), '\0');
  EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                  reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  return out;
}

}  // namespace

std::string_view describe(SignatureCheck check) {
  switch (check) {
    case SignatureCheck::ok:
      return "ok";
    case SignatureCheck::missing:
      return "X-Supplier-Timestamp and X-Supplier-Signature are required";
    case SignatureCheck::bad_timestamp:
      return "X-Supplier-Timestamp must be unix seconds";
    case SignatureCheck::stale:
      return "X-Supplier-Timestamp is more than 5 minutes away from now";
    case SignatureCheck::mismatch:
      return "X-Supplier-Signature does not match the body";
  }
  return "unknown";
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::string mac = hmac_sha256(key, data);
  std::string out;
  for (const char c : mac) {
    out.push_back(kHex[static_cast<unsigned char>(c) >> 4]);
    out.push_back(kHex[static_cast<unsigned char>(c) & 15]);
  }
  return out;
}

SignatureCheck verify_supplier_signature(std::string_view secret, std::string_view timestamp,
                                         std::string_view signature, std::string_view body,
                                         int64_t now_unix, int64_t tolerance_s) {
  if (timestamp.empty() || signature.empty()) {
    return SignatureCheck::missing;
  }
  const auto ts = parse_int(timestamp);
  if (!ts || *ts < 0) {
    return SignatureCheck::bad_timestamp;
  }
  if (*ts > now_unix + tolerance_s || *ts < now_unix - tolerance_s) {
    return SignatureCheck::stale;
  }
  constexpr std::string_view kPrefix = "sha256=";
  if (!signature.starts_with(kPrefix) || signature.size() != kPrefix.size() + 64) {
    return SignatureCheck::mismatch;
  }
  std::string given(32, '\0');
  for (std::size_t i = 0; i < 32; ++i) {
    const int hi =
        OPENSSL_hexchar2int(static_cast<unsigned char>(signature[kPrefix.size() + 2 * i]));
    const int lo =
        OPENSSL_hexchar2int(static_cast<unsigned char>(signature[kPrefix.size() + 2 * i + 1]));
    if (hi < 0 || lo < 0) {
      return SignatureCheck::mismatch;
    }
    given[i] = static_cast<char>(hi * 16 + lo);
  }
  std::string signed_text;
  signed_text.reserve(timestamp.size() + 1 + body.size());
  signed_text.append(timestamp).append(".").append(body);
  const std::string expected = hmac_sha256(secret, signed_text);
  return CRYPTO_memcmp(given.data(), expected.data(), 32) == 0 ? SignatureCheck::ok
                                                               : SignatureCheck::mismatch;
}

Expected<std::string, std::string> standard_signature(std::string_view whsec_secret,
                                                      std::string_view id, int64_t timestamp,
                                                      std::string_view body) {
  constexpr std::string_view kPrefix = "whsec_";
  if (!whsec_secret.starts_with(kPrefix)) {
    return unexpected(std::string("the secret must start with whsec_"));
  }
  const auto key = base64_decode(whsec_secret.substr(kPrefix.size()));
  if (!key || key->empty()) {
    return unexpected(std::string("the secret after whsec_ is not base64"));
  }
  std::string signed_text;
  signed_text.append(id).append(".").append(std::to_string(timestamp)).append(".").append(body);
  return "v1," + base64_encode(hmac_sha256(*key, signed_text));
}

Expected<SupplierEvent, std::vector<transform::FieldError>> parse_supplier_event(
    std::string_view body) {
  const Json doc = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return unexpected(std::vector<transform::FieldError>{{"body", "must be a JSON object"}});
  }
  std::vector<transform::FieldError> bad;
  SupplierEvent e;
  const auto id = doc.find("event_id");
  if (id == doc.end() || !id->is_string() || id->get_ref<const std::string&>().empty() ||
      id->get_ref<const std::string&>().size() > 255) {
    bad.push_back({"event_id", "must be a string of 1 to 255 characters"});
  } else {
    e.event_id = id->get<std::string>();
  }
  const auto bid = doc.find("bid");
  if (bid != doc.end() && bid->is_number_unsigned()) {
    e.booking_id = std::to_string(bid->get<uint64_t>());
  } else if (bid != doc.end() && bid->is_string() &&
             is_digits(bid->get_ref<const std::string&>())) {
    e.booking_id = bid->get<std::string>();  // the same id as a decimal string is fine too
  } else {
    bad.push_back({"bid", "must be the booking id (a positive integer)"});
  }
  const auto status = doc.find("status");
  if (status == doc.end() || !status->is_string() ||
      status->get_ref<const std::string&>().empty()) {
    bad.push_back({"status", "must be a non-empty string"});
  } else {
    e.status = status->get<std::string>();
  }
  const auto type = doc.find("type");
  if (type != doc.end() && !type->is_string()) {
    bad.push_back({"type", "must be a string"});
  }
  const auto at = doc.find("occurred_at");
  std::optional<transform::Instant> occurred;
  if (at != doc.end() && at->is_string()) {
    occurred = transform::parse_timestamp(at->get_ref<const std::string&>());
  }
  if (!occurred) {
    bad.push_back({"occurred_at", "must be a timestamp YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM)"});
  } else {
    e.occurred = *occurred;
  }
  if (!bad.empty()) {
    return unexpected(std::move(bad));
  }
  const std::string kind =
      e.status == "confirmed" || e.status == "cancelled" || e.status == "expired"
          ? "booking." + e.status
          : "booking.updated";
  json::Writer w(e.client_body);
  w.begin_object().key("type").string(kind).key("booking_id").string(e.booking_id);
  w.key("status").string(e.status).key("occurred_at").string(at->get_ref<const std::string&>());
  w.end_object();
  return e;
}

std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int finished_attempts, double unit,
                                      std::optional<std::chrono::milliseconds> retry_after) {
  const int doublings = std::clamp(finished_attempts - 1, 0, 40);
  const double cap =
      std::min(static_cast<double>(policy.max.count()),
               static_cast<double>(policy.first.count()) * std::ldexp(1.0, doublings));
  auto delay = std::chrono::milliseconds(static_cast<int64_t>(cap * std::clamp(unit, 0.0, 1.0)));
  if (retry_after) {
    delay = std::max(delay, *retry_after);
  }
  return std::min(delay, policy.max);
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           int64_t now_unix) {
  if (value.empty()) {
    return std::nullopt;
  }
  if (auto seconds = parse_int(value); seconds && *seconds >= 0) {
    return std::chrono::milliseconds(*seconds * 1000);
  }
  std::tm tm{};
  const std::string text(value);
  const char* end = ::strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') {
    return std::nullopt;
  }
  const int64_t at = ::timegm(&tm);
  return std::chrono::milliseconds(std::max<int64_t>(0, at - now_unix) * 1000);
}

}  // namespace travelctl::core::proxy::webhooks
