// Tests of the webhook sender against a scripted receiver: order per booking, signatures,
// retries and abandon, the chaos mode (duplicates, overtaking), the tick, and stop.
#include "travelctl/core/supplier/sim/webhook_sender.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "support/scripted_server.hpp"

using namespace travelctl::core::supplier::sim;
using namespace std::chrono_literals;
using travelctl::test::RecordedRequest;
using travelctl::test::ScriptedReply;
using travelctl::test::ScriptedServer;

namespace {

constexpr const char* kSecret = "unit-secret";

WebhookSenderOptions options_for(const ScriptedServer& server, std::string chaos = "") {
  WebhookSenderOptions o;
  o.url = travelctl::core::http::parse_http_url(
              "http://127.0.0.1:" + std::to_string(server.port()) + "/hooks/in")
              .value();
  o.secret = kSecret;
  o.retry = WebhookRetry::parse_backoff("10ms..40ms").value();
  o.retry.attempts = 3;
  o.retry.timeout = 2s;
  o.chaos = WebhookChaos::parse(chaos).value();
  o.seed = 5;
  return o;
}

WebhookEvent event(std::string id, int64_t bid, std::string status) {
  return WebhookEvent{std::move(id), bid, std::move(status), 1764550923000};
}

// Waits (bounded) until the receiver has `n` requests; all it has then.
std::vector<RecordedRequest> wait_requests(const ScriptedServer& server, size_t n,
                                           std::chrono::milliseconds bound = 5s) {
  const auto until = std::chrono::steady_clock::now() + bound;
  while (server.requests().size() < n && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(5ms);
  }
  return server.requests();
}

// Waits (bounded) until `done` holds.
template <class F>
bool eventually(F done, std::chrono::milliseconds bound = 5s) {
  const auto until = std::chrono::steady_clock::now() + bound;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= until) {
      return false;
    }
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

std::string id_of(const RecordedRequest& r) {
  return nlohmann::json::parse(r.body)["event_id"].get<std::string>();
}

ScriptedReply ok() { return ScriptedReply::json(200, "{}"); }

}  // namespace

TEST_CASE("WebhookSender: signed POSTs, in order for each booking, counted", "[core]") {
  ScriptedServer server([](const RecordedRequest&) { return ok(); });
  WebhookCounters counters;
  WebhookSender sender(options_for(server), counters);
  sender.enqueue(event("evt_a1", 1, "confirmed"));
  sender.enqueue(event("evt_b1", 2, "confirmed"));
  sender.enqueue(event("evt_a2", 1, "cancelled"));
  sender.enqueue(event("evt_b2", 2, "cancelled"));
  sender.enqueue(event("evt_c1", 3, "expired"));
  const auto got = wait_requests(server, 5);
  REQUIRE(got.size() == 5);
  std::map<int64_t, std::vector<std::string>> by_bid;
  for (const RecordedRequest& r : got) {
    CHECK(r.method == "POST");
    CHECK(r.target == "/hooks/in");
    CHECK(r.header("content-type") == "application/json");
    const std::string ts = r.header("x-supplier-timestamp");
    CHECK(r.header("x-supplier-signature") == webhook_signature(kSecret, ts, r.body));
    const auto j = nlohmann::json::parse(r.body);
    by_bid[j["bid"].get<int64_t>()].push_back(j["event_id"].get<std::string>());
  }
  CHECK(by_bid[1] == std::vector<std::string>{"evt_a1", "evt_a2"});
  CHECK(by_bid[2] == std::vector<std::string>{"evt_b1", "evt_b2"});
  CHECK(by_bid[3] == std::vector<std::string>{"evt_c1"});
  REQUIRE(eventually([&] { return counters.snapshot().delivered == 5; }));
  const WebhookStats s = counters.snapshot();
  CHECK(s.sent == 5);
  CHECK(s.failed_attempts == 0);
  CHECK(s.undelivered() == 0);
}

TEST_CASE("WebhookSender: retried until a 2xx, abandoned after the last attempt", "[core]") {
  std::atomic<int> calls{0};
  ScriptedServer server([&calls](const RecordedRequest& r) {
    // evt_ok fails twice then succeeds; evt_never always fails (a 302 is not a success either).
    if (id_of(r) == "evt_never") {
      return ScriptedReply::json(302, "");
    }
    return ++calls <= 2 ? ScriptedReply::json(503, "{}") : ok();
  });
  WebhookCounters counters;
  WebhookSender sender(options_for(server), counters);
  sender.enqueue(event("evt_ok", 1, "confirmed"));
  sender.enqueue(event("evt_never", 2, "confirmed"));
  REQUIRE(eventually([&] {
    const WebhookStats s = counters.snapshot();
    return s.delivered + s.abandoned == 2;
  }));
  const WebhookStats s = counters.snapshot();
  CHECK(s.delivered == 1);
  CHECK(s.abandoned == 1);
  CHECK(s.failed_attempts == 5);  // 2 for evt_ok, 3 (every attempt) for evt_never
  int ok_posts = 0, never_posts = 0;
  for (const RecordedRequest& r : server.requests()) {
    (id_of(r) == "evt_ok" ? ok_posts : never_posts) += 1;
  }
  CHECK(ok_posts == 3);
  CHECK(never_posts == 3);
}

TEST_CASE("WebhookSender: an attempt with no answer in time fails and is retried", "[core]") {
  std::atomic<int> calls{0};
  ScriptedServer server([&calls](const RecordedRequest&) {
    if (++calls == 1) {
      ScriptedReply r;
      r.kind = ScriptedReply::Kind::hang;
      r.delay = 2s;
      return r;
    }
    return ok();
  });
  WebhookCounters counters;
  WebhookSenderOptions o = options_for(server);
  o.retry.timeout = 150ms;
  WebhookSender sender(std::move(o), counters);
  const auto start = std::chrono::steady_clock::now();
  sender.enqueue(event("evt_slow", 1, "confirmed"));
  REQUIRE(eventually([&] { return counters.snapshot().delivered == 1; }));
  CHECK(std::chrono::steady_clock::now() - start < 1500ms);
  CHECK(counters.snapshot().failed_attempts == 1);
  const auto got = server.requests();
  REQUIRE(got.size() == 2);
  CHECK(got[0].body == got[1].body);
}

TEST_CASE("WebhookSender: chaos duplicates keep the event id", "[core]") {
  ScriptedServer server([](const RecordedRequest&) { return ok(); });
  WebhookCounters counters;
  WebhookSender sender(options_for(server, "dup=1"), counters);
  sender.enqueue(event("evt_d1", 1, "confirmed"));
  sender.enqueue(event("evt_d2", 1, "cancelled"));
  const auto got = wait_requests(server, 4);
  REQUIRE(got.size() == 4);
  CHECK(id_of(got[0]) == "evt_d1");
  CHECK(id_of(got[1]) == "evt_d1");
  CHECK(id_of(got[2]) == "evt_d2");
  CHECK(id_of(got[3]) == "evt_d2");
  CHECK(got[0].body == got[1].body);
  REQUIRE(eventually([&] { return counters.snapshot().delivered == 4; }));
  const WebhookStats s = counters.snapshot();
  CHECK(s.sent == 2);
  CHECK(s.duplicates == 2);
  CHECK(s.undelivered() == 0);
}

TEST_CASE("WebhookSender: chaos reorder lets the next event of the booking overtake", "[core]") {
  ScriptedServer server([](const RecordedRequest&) { return ok(); });
  WebhookCounters counters;
  WebhookSender sender(options_for(server, "reorder=1,window=5s"), counters);
  sender.enqueue(event("evt_first", 1, "confirmed"));
  sender.enqueue(event("evt_second", 1, "cancelled"));
  const auto got = wait_requests(server, 2, 3s);  // well within the window: not released by time
  REQUIRE(got.size() == 2);
  CHECK(id_of(got[0]) == "evt_second");
  CHECK(id_of(got[1]) == "evt_first");
  REQUIRE(eventually([&] { return counters.snapshot().delivered == 2; }));
  CHECK(counters.snapshot().reordered == 1);
}

TEST_CASE("WebhookSender: a held event with no successor goes after the window", "[core]") {
  ScriptedServer server([](const RecordedRequest&) { return ok(); });
  WebhookCounters counters;
  WebhookSender sender(options_for(server, "reorder=1,window=150ms"), counters);
  const auto start = std::chrono::steady_clock::now();
  sender.enqueue(event("evt_alone", 9, "expired"));
  REQUIRE(wait_requests(server, 1).size() == 1);
  CHECK(std::chrono::steady_clock::now() - start >= 150ms);
  REQUIRE(eventually([&] { return counters.snapshot().delivered == 1; }));
  CHECK(counters.snapshot().reordered == 0);
}

TEST_CASE("WebhookSender: the tick runs on the sender's thread, again after its delay", "[core]") {
  ScriptedServer server([](const RecordedRequest&) { return ok(); });
  WebhookCounters counters;
  WebhookSenderOptions o = options_for(server);
  std::atomic<int> ticks{0};
  o.tick = [&ticks] {
    ++ticks;
    return std::chrono::milliseconds(20);
  };
  WebhookSender sender(std::move(o), counters);
  CHECK(eventually([&] { return ticks >= 5; }, 2s));
  sender.stop(1s);
  const int after_stop = ticks;
  std::this_thread::sleep_for(60ms);
  CHECK(ticks == after_stop);
}

TEST_CASE("WebhookSender: stop drops what waits and returns within the grace", "[core]") {
  ScriptedServer server([](const RecordedRequest&) {
    ScriptedReply r;
    r.kind = ScriptedReply::Kind::hang;
    r.delay = 3s;
    return r;
  });
  WebhookCounters counters;
  WebhookSenderOptions o = options_for(server, "reorder=1,window=10s");
  o.retry.timeout = 10s;
  WebhookSender sender(std::move(o), counters);
  sender.enqueue(event("evt_hung", 1, "confirmed"));  // held for the window
  sender.enqueue(event("evt_next", 1, "cancelled"));  // overtakes it, then hangs on the wire
  REQUIRE(wait_requests(server, 1).size() == 1);
  const auto start = std::chrono::steady_clock::now();
  sender.stop(200ms);
  CHECK(std::chrono::steady_clock::now() - start < 1s);
  sender.enqueue(event("evt_late", 2, "confirmed"));  // ignored after stop
  const WebhookStats s = counters.snapshot();
  CHECK(s.sent == 2);
  CHECK(s.delivered == 0);
  CHECK(s.undelivered() == 2);
  CHECK(server.requests().size() == 1);
}
