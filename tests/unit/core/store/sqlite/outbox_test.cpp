// Inbound event dedupe and the webhook outbox of the SQLite store: routing, per-booking order,
// independence across bookings and clients, outcomes, on-call operations.
#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

#include "travelctl/core/store/store.hpp"
#include "unit/core/store/store_fixture.hpp"

using namespace std::chrono_literals;
using travelctl::test::at;
using travelctl::test::StoreFixture;
namespace store = travelctl::core::store;

namespace {

store::InboundEvent event(std::string id, std::string booking, std::chrono::milliseconds occurred,
                          std::chrono::milliseconds received = 0ms) {
  return {std::move(id), std::move(booking), "{\"status\":\"confirmed\"}", at(occurred),
          at(received)};
}

store::OutboxClaim claim_at(std::chrono::milliseconds now, int limit = 64) {
  store::OutboxClaim c;
  c.now = at(now);
  c.limit = limit;
  return c;
}

std::vector<std::string> ids(const std::vector<store::OutboxEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) {
    out.push_back(e.id);
  }
  return out;
}

}  // namespace

TEST_CASE("Outbox: an event is stored once, a repeated event id is a duplicate", "[core]") {
  StoreFixture f;
  f.ok(f.db->record_booking({"B1", "acme", at(0ms)}));
  CHECK(f.ok(f.db->record_event(event("evt_1", "B1", 1s, 2s))) == store::EventInsert::inserted);
  CHECK(f.ok(f.db->record_event(event("evt_1", "B1", 1s, 3s))) == store::EventInsert::duplicate);
  auto entry = f.ok(f.db->outbox_get("evt_1"));
  REQUIRE(entry.has_value());
  CHECK(entry->client_id == std::optional<std::string>("acme"));
  CHECK(entry->booking_id == "B1");
  CHECK(entry->payload == "{\"status\":\"confirmed\"}");
  CHECK(entry->occurred_at == at(1s));
  CHECK(entry->created_at == at(2s));
  CHECK(entry->state == store::OutboxState::pending);
  CHECK(entry->attempts == 0);
  CHECK(entry->next_attempt_at == at(2s));
  CHECK_FALSE(entry->last_error.has_value());
  // Still a duplicate after delivery and after a reopen.
  f.ok(f.db->outbox_delivered("evt_1", at(4s)));
  f.reopen();
  CHECK(f.ok(f.db->record_event(event("evt_1", "B1", 1s, 5s))) == store::EventInsert::duplicate);
  CHECK(f.ok(f.db->outbox_stats(at(5s))).delivered == 1);
}

TEST_CASE("Outbox: one booking's events are claimed one at a time in occurred_at order", "[core]") {
  StoreFixture f;
  f.ok(f.db->record_booking({"B1", "acme", at(0ms)}));
  // Arrival order differs from occurrence order.
  f.ok(f.db->record_event(event("evt_c", "B1", 3s)));
  f.ok(f.db->record_event(event("evt_a", "B1", 1s)));
  f.ok(f.db->record_event(event("evt_b", "B1", 2s)));

  auto first = f.ok(f.db->outbox_claim(claim_at(10s)));
  CHECK(ids(first) == std::vector<std::string>{"evt_a"});
  // While evt_a is in flight nothing else of B1 is handed out.
  CHECK(f.ok(f.db->outbox_claim(claim_at(11s))).empty());
  CHECK(f.ok(f.db->outbox_delivered("evt_a", at(12s))));
  CHECK(ids(f.ok(f.db->outbox_claim(claim_at(12s)))) == std::vector<std::string>{"evt_b"});
  // A failed head backs off and holds the booking's later events back until it is done.
  CHECK(f.ok(f.db->outbox_reschedule("evt_b", at(60s), "HTTP 503", at(13s))));
  CHECK(f.ok(f.db->outbox_claim(claim_at(59s))).empty());
  CHECK(ids(f.ok(f.db->outbox_claim(claim_at(60s)))) == std::vector<std::string>{"evt_b"});
  CHECK(f.ok(f.db->outbox_dead("evt_b", "HTTP 410", at(61s))));
  // A dead event does not block the ones after it.
  CHECK(ids(f.ok(f.db->outbox_claim(claim_at(62s)))) == std::vector<std::string>{"evt_c"});
}

TEST_CASE("Outbox: an earlier event arriving late waits while a later one is in flight", "[core]") {
  StoreFixture f;
  f.ok(f.db->record_booking({"B1", "acme", at(0ms)}));
  f.ok(f.db->record_event(event("evt_late", "B1", 2s, 2s)));
  CHECK(ids(f.ok(f.db->outbox_claim(claim_at(3s)))) == std::vector<std::string>{"evt_late"});
  // The supplier's earlier event arrives while evt_late is being delivered.
  f.ok(f.db->record_event(event("evt_early", "B1", 1s, 4s)));
  CHECK(f.ok(f.db->outbox_claim(claim_at(5s))).empty());
  CHECK(f.ok(f.db->outbox_stats(at(5s))).in_flight == 1);
  CHECK(f.ok(f.db->outbox_delivered("evt_late", at(6s))));
  CHECK(ids(f.ok(f.db->outbox_claim(claim_at(6s)))) == std::vector<std::string>{"evt_early"});
}

TEST_CASE("Outbox: equal occurred_at is ordered by event id", "[core]") {
  StoreFixture f;
  f.ok(f.db->record_booking({"B1", "acme", at(0ms)}));
  f.ok(f.db->record_event(event("evt_2", "B1", 1s)));
  f.ok(f.db->record_event(event("evt_1", "B1", 1s)));
  CHECK(ids(f.ok(f.db->outbox_claim(claim_at(2s)))) == std::vector<std::string>{"evt_1"});
}

TEST_CASE("Outbox: bookings and clients are independent of each other", "[core]") {
  StoreFixture f;
  f.ok(f.db->record_booking({"B1", "acme", at(0ms)}));
  f.ok(f.db->record_booking({"B2", "acme", at(0ms)}));
  f.ok(f.db->record_booking({"B3", "globex", at(0ms)}));
  f.ok(f.db->record_event(event("b1_1", "B1", 1s)));
  f.ok(f.db->record_event(event("b1_2", "B1", 2s)));
  f.ok(f.db->record_event(event("b2_1", "B2", 1s)));
  f.ok(f.db->record_event(event("b3_1", "B3", 1s)));

  auto claimed = f.ok(f.db->outbox_claim(claim_at(3s)));
  auto got = ids(claimed);
  std::sort(got.begin(), got.end());
  CHECK(got == std::vector<std::string>{"b1_1", "b2_1", "b3_1"});
  // B1's head keeps failing; B2 and B3 go on regardless.
  CHECK(f.ok(f.db->outbox_reschedule("b1_1", at(1h), "timeout", at(4s))));
  CHECK(f.ok(f.db->outbox_delivered("b2_1", at(4s))));
  CHECK(f.ok(f.db->outbox_delivered("b3_1", at(4s))));
  f.ok(f.db->record_event(event("b3_2", "B3", 5s, 5s)));
  CHECK(ids(f.ok(f.db->outbox_claim(claim_at(6s)))) == std::vector<std::string>{"b3_2"});
  auto b1 = f.ok(f.db->outbox_get("b1_1"));
  CHECK(b1->attempts == 1);
  CHECK(b1->last_error == std::optional<std::string>("timeout"));
  CHECK(b1->next_attempt_at == at(1h));
}

TEST_CASE("Outbox: per-client limits and excluded clients shape a claim", "[core]") {
  StoreFixture f;
  for (int i = 0; i < 5; ++i) {
    const std::string n = std::to_string(i);
    f.ok(f.db->record_booking({"A" + n, "acme", at(0ms)}));
    f.ok(f.db->record_booking({"G" + n, "globex", at(0ms)}));
    f.ok(f.db->record_event(event("a" + n, "A" + n, 1s)));
    f.ok(f.db->record_event(event("g" + n, "G" + n, 1s)));
  }
  auto c = claim_at(2s);
  c.max_per_client = 2;
  auto claimed = f.ok(f.db->outbox_claim(c));
  CHECK(claimed.size() == 4);
  CHECK(std::count_if(claimed.begin(), claimed.end(),
                      [](const auto& e) { return e.client_id == "acme"; }) == 2);

  auto only_globex = claim_at(2s);
  only_globex.exclude_clients = {"acme"};
  auto rest = f.ok(f.db->outbox_claim(only_globex));
  CHECK(rest.size() == 3);
  for (const auto& e : rest) {
    CHECK(e.client_id == std::optional<std::string>("globex"));
  }
  CHECK(f.ok(f.db->outbox_claim(claim_at(2s, 1))).size() == 1);
}

TEST_CASE("Outbox: an event for a booking not known yet waits for its owner", "[core]") {
  StoreFixture f;
  CHECK(f.ok(f.db->record_event(event("evt_early", "B9", 1s, 1s))) == store::EventInsert::inserted);
  auto stats = f.ok(f.db->outbox_stats(at(2s)));
  CHECK(stats.pending == 1);
  CHECK(stats.unrouted == 1);
  CHECK(f.ok(f.db->outbox_claim(claim_at(2s))).empty());
  CHECK_FALSE(f.ok(f.db->outbox_get("evt_early"))->client_id.has_value());

  // The booking's 201 commits (here through the idempotency completion) after the webhook.
  auto begun = f.ok(f.db->idempotency_begin("acme", "k", "h", at(3s)));
  f.ok(f.db->idempotency_complete(*begun.lease, {201, {}, "{}"},
                                  store::BookingRecord{"B9", "acme", at(3s)}, at(3s)));
  CHECK(f.ok(f.db->outbox_get("evt_early"))->client_id == std::optional<std::string>("acme"));
  auto claimed = f.ok(f.db->outbox_claim(claim_at(4s)));
  REQUIRE(claimed.size() == 1);
  CHECK(claimed[0].client_id == std::optional<std::string>("acme"));
  CHECK(f.ok(f.db->outbox_stats(at(4s))).unrouted == 0);
}

TEST_CASE("Outbox: an event whose owner never shows up is dead after the routing timeout",
          "[core]") {
  StoreFixture f;
  f.ok(f.db->record_event(event("evt_orphan", "B404", 0ms, 0ms)));
  auto c = claim_at(59s);
  c.unrouted_timeout = 60s;
  CHECK(f.ok(f.db->outbox_claim(c)).empty());
  CHECK(f.ok(f.db->outbox_get("evt_orphan"))->state == store::OutboxState::pending);
  c.now = at(60s);
  CHECK(f.ok(f.db->outbox_claim(c)).empty());
  auto orphan = f.ok(f.db->outbox_get("evt_orphan"));
  CHECK(orphan->state == store::OutboxState::dead);
  REQUIRE(orphan->last_error.has_value());
  CHECK(orphan->last_error->find("no owner known for booking B404") != std::string::npos);
}

TEST_CASE("Outbox: a lease that runs out hands the entry out again (crashed deliverer)", "[core]") {
  StoreFixture f;
  f.ok(f.db->record_booking({"B1", "acme", at(0ms)}));
  f.ok(f.db->record_event(event("evt_1", "B1", 1s)));
  auto c = claim_at(1s);
  c.lease = 30s;
  CHECK(f.ok(f.db->outbox_claim(c)).size() == 1);
  CHECK(f.ok(f.db->outbox_stats(at(2s))).in_flight == 1);
  c.now = at(30s);
  CHECK(f.ok(f.db->outbox_claim(c)).empty());
  c.now = at(31s);
  CHECK(f.ok(f.db->outbox_claim(c)).size() == 1);
  // A restarted single instance can end every lease at once.
  CHECK(f.ok(f.db->outbox_release_claims()) == 1);
  c.now = at(32s);
  auto again = f.ok(f.db->outbox_claim(c));
  REQUIRE(again.size() == 1);
  CHECK(again[0].attempts == 0);  // crashed attempts are not counted
}

TEST_CASE("Outbox: outcomes only apply to pending entries", "[core]") {
  StoreFixture f;
  f.ok(f.db->record_booking({"B1", "acme", at(0ms)}));
  f.ok(f.db->record_event(event("evt_1", "B1", 1s)));
  CHECK(f.ok(f.db->outbox_delivered("evt_1", at(2s))));
  CHECK_FALSE(f.ok(f.db->outbox_delivered("evt_1", at(3s))));
  CHECK_FALSE(f.ok(f.db->outbox_dead("evt_1", "late", at(3s))));
  CHECK_FALSE(f.ok(f.db->outbox_reschedule("evt_1", at(9s), "late", at(3s))));
  CHECK_FALSE(f.ok(f.db->outbox_delivered("evt_404", at(3s))));
  auto e = f.ok(f.db->outbox_get("evt_1"));
  CHECK(e->state == store::OutboxState::delivered);
  CHECK(e->attempts == 1);
  CHECK(e->updated_at == at(2s));
}

TEST_CASE("Outbox: on-call lists, shows and retries dead entries", "[core]") {
  StoreFixture f;
  f.ok(f.db->record_booking({"A1", "acme", at(0ms)}));
  f.ok(f.db->record_booking({"G1", "globex", at(0ms)}));
  f.ok(f.db->record_event(event("a_dead", "A1", 1s, 1s)));
  f.ok(f.db->record_event(event("g_dead", "G1", 1s, 2s)));
  f.ok(f.db->record_event(event("g_pending", "G1", 2s, 3s)));
  f.ok(f.db->outbox_dead("a_dead", "HTTP 410 Gone", at(4s)));
  f.ok(f.db->outbox_dead("g_dead", "gave up after 12 attempts", at(4s)));

  store::OutboxFilter dead;
  dead.state = store::OutboxState::dead;
  CHECK(ids(f.ok(f.db->outbox_list(dead))) == std::vector<std::string>{"a_dead", "g_dead"});
  store::OutboxFilter globex;
  globex.client_id = "globex";
  CHECK(ids(f.ok(f.db->outbox_list(globex))) == std::vector<std::string>{"g_dead", "g_pending"});
  dead.client_id = "globex";
  CHECK(ids(f.ok(f.db->outbox_list(dead))) == std::vector<std::string>{"g_dead"});
  store::OutboxFilter one;
  one.limit = 1;
  CHECK(f.ok(f.db->outbox_list(one)).size() == 1);

  auto stats = f.ok(f.db->outbox_stats(at(5s)));
  CHECK(stats.dead == 2);
  CHECK(stats.pending == 1);
  CHECK(stats.delivered == 0);
  CHECK(stats.in_flight == 0);
  CHECK(stats.oldest_pending == std::optional<store::TimePoint>(at(2s)));
  CHECK(stats.next_attempt_at == std::optional<store::TimePoint>(at(3s)));  // g_pending is due

  CHECK(f.ok(f.db->outbox_retry("a_dead", at(6s))));
  CHECK_FALSE(f.ok(f.db->outbox_retry("a_dead", at(6s))));  // no longer dead
  CHECK_FALSE(f.ok(f.db->outbox_retry("nope", at(6s))));
  auto retried = f.ok(f.db->outbox_get("a_dead"));
  CHECK(retried->state == store::OutboxState::pending);
  CHECK(retried->attempts == 0);
  CHECK(retried->next_attempt_at == at(6s));
  CHECK(retried->last_error == std::optional<std::string>("HTTP 410 Gone"));  // kept for on-call

  CHECK(f.ok(f.db->outbox_retry_dead(std::string("acme"), at(7s))) == 0);
  CHECK(f.ok(f.db->outbox_retry_dead(std::nullopt, at(7s))) == 1);
  CHECK(f.ok(f.db->outbox_stats(at(7s))).dead == 0);
  // g_dead (occurred 1s) is again the head of G1, before g_pending.
  std::set<std::string> claimed;
  for (const auto& e : f.ok(f.db->outbox_claim(claim_at(8s)))) {
    claimed.insert(e.id);
  }
  CHECK(claimed == std::set<std::string>{"a_dead", "g_dead"});
}
