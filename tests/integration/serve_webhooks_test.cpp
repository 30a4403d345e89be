// End to end: supplier webhooks in (signature, window, validation, dedupe, a booking not known
// yet), delivered out to the owning client signed the Standard Webhooks way (verified by the npm
// reference library), retried, in order per booking, dead on 410 or after the schedule, and a
// failing endpoint never holding up a healthy one.
#include <catch2/catch.hpp>
#include <cstdio>
#include <map>
#include <set>

#include "webhook_support.hpp"

namespace {

using nlohmann::json;
using namespace travelctl::test;

// A client endpoint: answers with `status()` and records every delivery.
struct Receiver {
  std::mutex mu;
  std::vector<RecordedRequest> got;
  std::function<unsigned(const RecordedRequest&)> status = [](const RecordedRequest&) {
    return 200u;
  };
  std::vector<std::string> accepted;  ///< webhook-ids answered 2xx, in order
  ScriptedServer server{[this](const RecordedRequest& r) {
    std::lock_guard lock(mu);
    got.push_back(r);
    const unsigned st = status(r);
    if (st >= 200 && st < 300) {
      accepted.push_back(r.header("webhook-id"));
    }
    return ScriptedReply::json(st, "{}");
  }};
  std::vector<RecordedRequest> snapshot() {
    std::lock_guard lock(mu);
    return got;
  }
  std::size_t count() { return snapshot().size(); }
};

std::string iso(int64_t offset_s) {
  return utc_text(std::time(nullptr) + offset_s, "%Y-%m-%dT%H:%M:%SZ");
}

// Verifies every delivery with the npm `standardwebhooks` package (tests/webhooks/verify.mjs);
// true when every one verifies.
bool verify_with_reference(const std::vector<RecordedRequest>& deliveries,
                           const std::string& secret) {
  json list = json::array();
  for (const auto& d : deliveries) {
    list.push_back({{"secret", secret},
                    {"id", d.header("webhook-id")},
                    {"timestamp", d.header("webhook-timestamp")},
                    {"signature", d.header("webhook-signature")},
                    {"body", d.body}});
  }
  const std::string in = write_temp_file(list.dump(), ".json");
  const std::string dir = std::string(TRAVELCTL_SOURCE_DIR) + "/tests/webhooks";
  const CommandOutput r = run_command("cd " + dir + " && node verify.mjs < " + in);
  UNSCOPED_INFO("reference verifier said: "
                << r.output << " (Cannot find package? run: cd tests/webhooks && npm ci)");
  return r.status == 0;
}

}  // namespace

TEST_CASE("serve webhooks: verified in, delivered out, retried, ordered, isolated",
          "[integration]") {
  SupplierProcess supplier;
  REQUIRE(supplier.port() != 0);
  Receiver acme;
  Receiver globex;
  auto serve = ServeProcess::with_config(
      webhook_config("http://127.0.0.1:" + std::to_string(supplier.port()), acme.server.port(),
                     globex.server.port()));
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();

  // The first booking of a fresh simulator is 5550001: an event for it can arrive before it
  // exists here (the webhook raced the booking's 201). It is kept, then routed once owned.
  const std::string early_at = iso(-5);  // kept: the delivered body must carry this very instant
  const std::string early = event_body("evt_early", "5550001", "confirmed", early_at);
  HttpReply r = post_event(port, early);
  REQUIRE(r.status == 202);
  CHECK(json::parse(r.body)["status"] == "accepted");
  const std::string bid = book_one(port);
  REQUIRE(bid == "5550001");
  REQUIRE(eventually([&] { return acme.count() >= 1; }));

  SECTION("signatures, window, validation and dedupe") {
    const std::string body = event_body("evt_sig", bid, "cancelled", iso(0));
    CHECK(post_event(port, body, "wrong-secret").status == 401);
    const int64_t now = std::time(nullptr);
    CHECK(post_event(port, body, kSupplierWebhookSecret, now - 301).status == 401);
    CHECK(post_event(port, body, kSupplierWebhookSecret, now + 301).status == 401);
    HttpRequest tampered;
    tampered.method = "POST";
    tampered.target = "/v1/supplier/webhooks";
    const std::string t = std::to_string(now);
    tampered.headers = {
        {"X-Supplier-Timestamp", t},
        {"X-Supplier-Signature", "sha256=" + travelctl::core::proxy::webhooks::hmac_sha256_hex(
                                                 kSupplierWebhookSecret, t + "." + body)}};
    tampered.body = body;
    tampered.body[tampered.body.find("cancelled")] = 'C';  // one byte changed after signing
    CHECK(http_request("127.0.0.1", port, tampered).status == 401);
    tampered.headers.pop_back();
    CHECK(http_request("127.0.0.1", port, tampered).status == 401);  // no signature at all

    const HttpReply bad =
        post_event(port, R"({"event_id":"","bid":"x y","occurred_at":"yesterday"})");
    CHECK(bad.status == 400);
    std::set<std::string> fields;
    const json details = json::parse(bad.body)["error"]["details"];
    for (const auto& d : details) {
      fields.insert(d["field"].get<std::string>());
    }
    CHECK(fields == std::set<std::string>{"event_id", "bid", "status", "occurred_at"});

    CHECK(post_event(port, body).status == 202);
    const HttpReply again = post_event(port, body);
    CHECK(again.status == 202);
    CHECK(json::parse(again.body)["status"] == "duplicate");
    REQUIRE(eventually([&] { return acme.count() >= 2; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    int copies = 0;
    for (const auto& d : acme.snapshot()) {
      copies += d.header("webhook-id") == "evt_sig";
    }
    CHECK(copies == 1);  // a duplicate inbound event is not delivered twice
  }
  SECTION("deliveries are signed for the reference library, bodies per client-api.md") {
    const auto got = acme.snapshot();
    REQUIRE(got.size() == 1);
    CHECK(got[0].method == "POST");
    CHECK(got[0].target == "/hooks/travel");
    CHECK(got[0].header("webhook-id") == "evt_early");
    CHECK(got[0].header("webhook-signature").rfind("v1,", 0) == 0);
    const json b = json::parse(got[0].body);
    CHECK(b == json{{"type", "booking.confirmed"},
                    {"booking_id", bid},
                    {"status", "confirmed"},
                    {"occurred_at", early_at}});
    CHECK(verify_with_reference(got, kAcmeWhsec));
    // The same deliveries checked against another client's secret fail: the verifier can say no.
    CHECK_FALSE(verify_with_reference(got, kGlobexWhsec));
  }
  SECTION("a failing endpoint is retried with the same webhook-id, in occurred_at order") {
    std::atomic<int> failures{0};
    {
      std::lock_guard lock(acme.mu);
      acme.got.clear();
      acme.accepted.clear();
      acme.status = [&](const RecordedRequest&) { return failures++ < 4 ? 500u : 200u; };
    }
    // Sent newest first: the older event must still reach the client first.
    REQUIRE(post_event(port, event_body("evt_b", bid, "cancelled", iso(-10))).status == 202);
    REQUIRE(post_event(port, event_body("evt_a", bid, "updated", iso(-20))).status == 202);
    REQUIRE(eventually([&] {
      int ok = 0;
      for (const auto& d : acme.snapshot()) {
        ok += d.header("webhook-id") == "evt_b";
      }
      return ok >= 1 && failures.load() >= 5;
    }));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    std::vector<std::string> ids;
    std::vector<std::string> accepted;
    {
      std::lock_guard lock(acme.mu);
      for (const auto& d : acme.got) {
        ids.push_back(d.header("webhook-id"));
      }
      accepted = acme.accepted;
    }
    INFO("attempts " << json(ids).dump() << ", accepted " << json(accepted).dump());
    // evt_b may be tried before evt_a arrived, but the client accepts them in occurred_at order,
    // each exactly once, and every retry carries the same webhook-id.
    CHECK(accepted == std::vector<std::string>{"evt_a", "evt_b"});
    CHECK(std::count(ids.begin(), ids.end(), "evt_a") +
              std::count(ids.begin(), ids.end(), "evt_b") ==
          6);
  }
  SECTION("an endpoint that always fails gets the whole schedule, then the event is dead") {
    {
      std::lock_guard lock(acme.mu);
      acme.got.clear();
      acme.status = [](const RecordedRequest&) { return 500u; };
    }
    REQUIRE(post_event(port, event_body("evt_doomed", bid, "cancelled", iso(-1))).status == 202);
    // webhook_config's schedule: 4 attempts, 50-200 ms apart.
    REQUIRE(eventually([&] {
      const std::string m = http_get("127.0.0.1", port, "/metrics").body;
      return m.find("travelctl_webhook_deliveries_total{result=\"dead\"} 1\n") != std::string::npos;
    }));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    int attempts = 0;
    for (const auto& d : acme.snapshot()) {
      attempts += d.header("webhook-id") == "evt_doomed";
    }
    CHECK(attempts == 4);  // no more after the last one
  }
  SECTION("410 is dead at once; an endpoint that hangs does not delay a healthy one") {
    {
      std::lock_guard lock(acme.mu);
      acme.got.clear();
    }
    // acme's endpoint: 410 for the cancellation, and a hang to the attempt timeout for the rest.
    acme.server.set_script([&](const RecordedRequest& r) {
      {
        std::lock_guard lock(acme.mu);
        acme.got.push_back(r);
      }
      if (r.body.find("\"cancelled\"") != std::string::npos) {
        return ScriptedReply::json(410, "{}");
      }
      ScriptedReply slow = ScriptedReply::json(503, "{}");
      slow.delay = std::chrono::milliseconds(900);
      return slow;
    });
    REQUIRE(post_event(port, event_body("evt_gone", bid, "cancelled", iso(-1))).status == 202);
    // Five more acme bookings, each with an event: more than acme's 4 delivery slots, all hanging.
    for (int i = 0; i < 5; ++i) {
      const std::string b = book_one(port);
      REQUIRE(post_event(port, event_body("evt_slow" + std::to_string(i), b, "confirmed", iso(-1)))
                  .status == 202);
    }
    REQUIRE(eventually([&] { return acme.count() >= 4; }));
    // Now globex: its booking's event must arrive while acme's endpoint is still hanging.
    const std::string gb = book_one(port, kGlobexKey);
    const auto sent = std::chrono::steady_clock::now();
    REQUIRE(post_event(port, event_body("evt_globex", gb, "confirmed", iso(-1))).status == 202);
    REQUIRE(eventually([&] { return globex.count() >= 1; }, std::chrono::seconds(5)));
    const auto waited = std::chrono::steady_clock::now() - sent;
    CHECK(waited < std::chrono::milliseconds(500));
    CHECK(verify_with_reference(globex.snapshot(), kGlobexWhsec));
    CHECK(globex.snapshot()[0].header("webhook-id") == "evt_globex");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    int gone = 0;
    for (const auto& d : acme.snapshot()) {
      gone += d.header("webhook-id") == "evt_gone";
    }
    CHECK(gone == 1);  // never retried after 410
    const HttpReply m = http_get("127.0.0.1", port, "/metrics");
    CHECK(m.body.find("travelctl_webhook_deliveries_total{result=\"dead\"} 1\n") !=
          std::string::npos);
  }
}
