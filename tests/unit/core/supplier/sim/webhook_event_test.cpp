// Tests of booking webhook bodies, their signature against independently computed values, and
// event ids.
#include "travelctl/core/supplier/sim/webhook_event.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

using namespace travelctl::core::supplier::sim;

namespace {

const std::string kBody =
    R"({"event_id":"evt_01JD6Z3Y8Q4M2K7W9XPRT5VNCE","type":"booking.status_changed",)"
    R"("bid":5550001,"status":"confirmed","occurred_at":"2025-12-01T01:02:03Z"})";

bool is_crockford(char c) {
  return (c >= '0' && c <= '9') ||
         (c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U');
}

}  // namespace

TEST_CASE("Webhook body: the spec's shape, occurred_at in UTC to the second", "[core]") {
  // 1764550923 s is 2025-12-01T01:02:03Z; the milliseconds are dropped, not rounded.
  const WebhookEvent e{"evt_01JD6Z3Y8Q4M2K7W9XPRT5VNCE", 5550001, "confirmed", 1764550923'999};
  CHECK(webhook_body(e) == kBody);
  const auto j = nlohmann::json::parse(webhook_body({"evt_X", 42, "expired", 0}));
  CHECK(j.size() == 5);
  CHECK(j["event_id"] == "evt_X");
  CHECK(j["type"] == "booking.status_changed");
  CHECK(j["bid"] == 42);
  CHECK(j["status"] == "expired");
  CHECK(j["occurred_at"] == "1970-01-01T00:00:00Z");
}

TEST_CASE("Webhook signature: HMAC-SHA256 over timestamp.body, as computed by openssl", "[core]") {
  // Obtained by hand, independently of this code:
  //   printf '%s' "1764550923.$BODY" | openssl dgst -sha256 -hmac 'sim-test-secret'
  // with BODY the text of kBody (checked again with Python's hmac module: same digest).
  CHECK(webhook_signature("sim-test-secret", "1764550923", kBody) ==
        "sha256=e5706163fa5eda03d76be8c02a71b6d73eb41cc43ab49b7c33f37b8ae902ee01");
  //   printf '%s' "1764550923." | openssl dgst -sha256 -hmac 'sim-test-secret'
  CHECK(webhook_signature("sim-test-secret", "1764550923", "") ==
        "sha256=eb73b760751445478b93566e135221184114be9f154da493e33fcabac47775b5");
  // Every input counts.
  const std::string base = webhook_signature("sim-test-secret", "1764550923", kBody);
  CHECK(webhook_signature("sim-test-secreT", "1764550923", kBody) != base);
  CHECK(webhook_signature("sim-test-secret", "1764550924", kBody) != base);
  CHECK(webhook_signature("sim-test-secret", "1764550923", kBody + " ") != base);
}

TEST_CASE("Event ids: evt_ and 26 Crockford base32 characters, unique, seeded", "[core]") {
  EventIds ids(7);
  std::set<std::string> seen;
  for (int i = 0; i < 100'000; ++i) {
    const std::string id = ids.next();
    REQUIRE(id.size() == 30);
    REQUIRE(id.rfind("evt_", 0) == 0);
    for (size_t k = 4; k < id.size(); ++k) {
      REQUIRE(is_crockford(id[k]));
    }
    REQUIRE(seen.insert(id).second);
  }
  // 128 bits in 130: the first character carries 3 bits, as in a ULID.
  for (const std::string& id : seen) {
    REQUIRE(id[4] <= '7');
  }
  EventIds again(7), other(8);
  CHECK(again.next() == EventIds(7).at(0));
  CHECK(again.next() == ids.at(1));
  CHECK(other.at(0) != ids.at(0));
  CHECK(other.at(1) != ids.at(1));
}
