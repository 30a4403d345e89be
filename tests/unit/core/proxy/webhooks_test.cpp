// Webhook signing and verification against published and independently computed vectors, the
// supplier event transform, and the retry schedule.
#include "travelctl/core/proxy/webhooks.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

using namespace travelctl::core::proxy::webhooks;
using namespace std::chrono_literals;

namespace {

// Computed with: printf '%s' '1700000000.<body>' | openssl dgst -sha256 -hmac s3cret
const std::string kBody =
    R"({"event_id":"evt_1","bid":5550001,"status":"confirmed","occurred_at":"2026-12-01T01:02:03Z"})";
const std::string kSignature =
    "sha256=1c8357cef3c856ff57a75e794c6c295d6b6fd79f253c796406a3abe11207f313";
constexpr int64_t kTs = 1700000000;

}  // namespace

TEST_CASE("Supplier signature: the openssl vector verifies, anything else is refused", "[core]") {
  CHECK(verify_supplier_signature("s3cret", "1700000000", kSignature, kBody, kTs) ==
        SignatureCheck::ok);
  CHECK(verify_supplier_signature("s3cret", "1700000000", kSignature, kBody, kTs + 300) ==
        SignatureCheck::ok);
  CHECK(verify_supplier_signature("wrong", "1700000000", kSignature, kBody, kTs) ==
        SignatureCheck::mismatch);
  std::string modified = kBody;
  modified[modified.find("confirmed")] = 'C';
  CHECK(verify_supplier_signature("s3cret", "1700000000", kSignature, modified, kTs) ==
        SignatureCheck::mismatch);
  CHECK(verify_supplier_signature("s3cret", "1700000000", kSignature, kBody, kTs + 301) ==
        SignatureCheck::stale);
  CHECK(verify_supplier_signature("s3cret", "1700000000", kSignature, kBody, kTs - 301) ==
        SignatureCheck::stale);
  CHECK(verify_supplier_signature("s3cret", "1700000001", kSignature, kBody, kTs) ==
        SignatureCheck::mismatch);  // the timestamp is signed too
  CHECK(verify_supplier_signature("s3cret", "", kSignature, kBody, kTs) == SignatureCheck::missing);
  CHECK(verify_supplier_signature("s3cret", "1700000000", "", kBody, kTs) ==
        SignatureCheck::missing);
  CHECK(verify_supplier_signature("s3cret", "17e8", kSignature, kBody, kTs) ==
        SignatureCheck::bad_timestamp);
  std::string upper = kSignature;
  std::transform(upper.begin() + 7, upper.end(), upper.begin() + 7, ::toupper);
  CHECK(verify_supplier_signature("s3cret", "1700000000", upper, kBody, kTs) == SignatureCheck::ok);
  CHECK(verify_supplier_signature("s3cret", "1700000000", kSignature.substr(0, 70), kBody, kTs) ==
        SignatureCheck::mismatch);
  CHECK(verify_supplier_signature("s3cret", "1700000000", "sha1=" + kSignature.substr(7), kBody,
                                  kTs) == SignatureCheck::mismatch);
}

TEST_CASE("Standard Webhooks signature: the reference library's vector", "[core]") {
  // The same value from the npm `standardwebhooks` package: new Webhook(secret).sign(id, date,
  // body).
  const auto sig =
      standard_signature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                         1614265330, R"({"test": 2432232314})");
  REQUIRE(sig);
  CHECK(*sig == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  CHECK_FALSE(standard_signature("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "m", 1, "{}"));
  CHECK_FALSE(standard_signature("whsec_not base64!", "m", 1, "{}"));
}

TEST_CASE("Supplier event: the client body by status, every bad field named", "[core]") {
  auto e = parse_supplier_event(kBody);
  REQUIRE(e);
  CHECK(e->event_id == "evt_1");
  CHECK(e->booking_id == "5550001");
  CHECK(nlohmann::json::parse(e->client_body) ==
        nlohmann::json{{"type", "booking.confirmed"},
                       {"booking_id", "5550001"},
                       {"status", "confirmed"},
                       {"occurred_at", "2026-12-01T01:02:03Z"}});
  auto changed = parse_supplier_event(
      R"({"event_id":"e","bid":"42","status":"schedule_changed","occurred_at":"2026-12-01T08:00:00+07:00"})");
  REQUIRE(changed);
  CHECK(nlohmann::json::parse(changed->client_body)["type"] == "booking.updated");
  // 08:00:00+07:00 is 01:00:00Z, 123 s before the first event's 01:02:03Z.
  CHECK(e->occurred.seconds - changed->occurred.seconds == 123);

  auto bad =
      parse_supplier_event(R"({"event_id":5,"bid":-1,"status":"","type":1,"occurred_at":"x"})");
  REQUIRE_FALSE(bad);
  std::set<std::string> fields;
  for (const auto& f : bad.error()) {
    fields.insert(f.field);
  }
  CHECK(fields == std::set<std::string>{"event_id", "bid", "status", "type", "occurred_at"});
  CHECK_FALSE(parse_supplier_event("[]"));
  CHECK_FALSE(parse_supplier_event(
      R"({"event_id":"e","bid":"1 OR 1=1","status":"s","occurred_at":"2026-12-01T00:00:00Z"})"));
}

TEST_CASE("Retry schedule: full jitter under a doubling cap, Retry-After respected", "[core]") {
  const RetryPolicy p;  // 5 s first, 10 h max
  CHECK(retry_delay(p, 1, 0.0) == 0ms);
  CHECK(retry_delay(p, 1, 0.999) < 5000ms);
  CHECK(retry_delay(p, 2, 0.5) == 5000ms);  // half of a 10 s cap
  CHECK(retry_delay(p, 14, 0.999) <= 36'000'000ms);
  CHECK(retry_delay(p, 40, 0.5) == 18'000'000ms);
  CHECK(retry_delay(p, 1, 0.1, 60'000ms) == 60'000ms);
  CHECK(retry_delay(p, 1, 0.1, std::chrono::milliseconds(100'000'000)) == 36'000'000ms);
  // The default schedule's caps add up to about a day and a quarter; the expected total is half.
  double caps = 0;
  for (int a = 1; a < p.max_attempts; ++a) {
    caps += static_cast<double>(retry_delay(p, a, 1.0).count());
  }
  CHECK(caps / 3.6e6 > 24);
  CHECK(caps / 3.6e6 < 40);
}

TEST_CASE("Retry-After: seconds or an HTTP date", "[core]") {
  CHECK(parse_retry_after("120", 0) == 120'000ms);
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412470) == 10'000ms);
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412490) == 0ms);
  CHECK_FALSE(parse_retry_after("soon", 0));
  CHECK_FALSE(parse_retry_after("", 0));
  CHECK_FALSE(parse_retry_after("-5", 0));
}
