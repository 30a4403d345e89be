// The idempotency state machine of the SQLite store, with explicit (injected) times.
#include <catch2/catch.hpp>
#include <string>

#include "travelctl/core/store/store.hpp"
#include "unit/core/store/store_fixture.hpp"

using namespace std::chrono_literals;
using travelctl::test::at;
using travelctl::test::StoreFixture;
namespace store = travelctl::core::store;
using namespace std::string_literals;
using store::BeginOutcome;

namespace {

store::StoredResponse created_response() {
  return {201,
          {{"Content-Type", "application/json"}, {"X-Request-Id", "req-1"}},
          // The literal operator keeps the NUL and everything after it (48 bytes).
          "{\"booking_id\":\"555\",\"status\":\"reserved\"}\n\0\xff tail"s};
}

}  // namespace

TEST_CASE("Idempotency: a new key starts, a completed one replays the response byte for byte",
          "[core]") {
  StoreFixture f;
  const auto hash = store::sha256_hex("body-1");
  auto first = f.ok(f.db->idempotency_begin("acme", "k1", hash, at(0ms)));
  REQUIRE(first.outcome == BeginOutcome::started);
  REQUIRE(first.lease.has_value());
  CHECK(first.lease->client_id == "acme");
  CHECK(first.lease->key == "k1");
  CHECK(first.lease->token.size() == 32);

  const auto response = created_response();
  CHECK(f.ok(f.db->idempotency_complete(*first.lease, response, std::nullopt, at(10ms))) ==
        store::CompleteOutcome::stored);

  auto again = f.ok(f.db->idempotency_begin("acme", "k1", hash, at(1h)));
  REQUIRE(again.outcome == BeginOutcome::replay);
  REQUIRE(again.response.has_value());
  CHECK(*again.response == response);
  CHECK(again.response->body.size() == 48);  // the NUL and the 0xff survived
  CHECK(again.created_at == at(0ms));
  CHECK_FALSE(again.lease.has_value());
}

TEST_CASE("Idempotency: the same key with another body is a conflict in every state", "[core]") {
  StoreFixture f;
  const auto a = store::sha256_hex("a");
  const auto b = store::sha256_hex("b");
  auto begun = f.ok(f.db->idempotency_begin("acme", "k", a, at(0ms)));
  REQUIRE(begun.outcome == BeginOutcome::started);
  CHECK(f.ok(f.db->idempotency_begin("acme", "k", b, at(1ms))).outcome == BeginOutcome::conflict);
  f.ok(f.db->idempotency_complete(*begun.lease, created_response(), std::nullopt, at(2ms)));
  CHECK(f.ok(f.db->idempotency_begin("acme", "k", b, at(3ms))).outcome == BeginOutcome::conflict);
  CHECK(f.ok(f.db->idempotency_begin("acme", "k", a, at(4ms))).outcome == BeginOutcome::replay);
}

TEST_CASE("Idempotency: keys are per client", "[core]") {
  StoreFixture f;
  const auto h = store::sha256_hex("x");
  CHECK(f.ok(f.db->idempotency_begin("acme", "k", h, at(0ms))).outcome == BeginOutcome::started);
  CHECK(f.ok(f.db->idempotency_begin("globex", "k", h, at(0ms))).outcome == BeginOutcome::started);
  CHECK(f.ok(f.db->idempotency_begin("acme", "k", h, at(1ms))).outcome ==
        BeginOutcome::in_progress);
}

TEST_CASE("Idempotency: release after a definite failure lets the next request start", "[core]") {
  StoreFixture f;
  const auto h = store::sha256_hex("x");
  auto first = f.ok(f.db->idempotency_begin("acme", "k", h, at(0ms)));
  CHECK(f.ok(f.db->idempotency_begin("acme", "k", h, at(1ms))).outcome ==
        BeginOutcome::in_progress);
  CHECK(f.ok(f.db->idempotency_release(*first.lease)));
  auto second = f.ok(f.db->idempotency_begin("acme", "k", h, at(2ms)));
  REQUIRE(second.outcome == BeginOutcome::started);
  CHECK(second.lease->token != first.lease->token);
  // The first request's lease is gone: it can no longer touch the key.
  CHECK_FALSE(f.ok(f.db->idempotency_release(*first.lease)));
  CHECK(f.ok(f.db->idempotency_complete(*first.lease, created_response(), std::nullopt, at(3ms))) ==
        store::CompleteOutcome::lease_lost);
  CHECK(f.ok(f.db->idempotency_begin("acme", "k", h, at(4ms))).outcome ==
        BeginOutcome::in_progress);
}

TEST_CASE("Idempotency: an unknown outcome stays in doubt until the record expires", "[core]") {
  StoreFixture f;
  const auto h = store::sha256_hex("x");
  auto first = f.ok(f.db->idempotency_begin("acme", "k", h, at(0ms)));
  CHECK(f.ok(f.db->idempotency_mark_unknown(*first.lease, at(5ms))));
  CHECK(f.ok(f.db->idempotency_begin("acme", "k", h, at(6ms))).outcome ==
        BeginOutcome::unknown_outcome);
  CHECK(f.ok(f.db->idempotency_begin("acme", "k", h, at(23h))).outcome ==
        BeginOutcome::unknown_outcome);
  CHECK(f.ok(f.db->idempotency_begin("acme", "k", store::sha256_hex("y"), at(23h))).outcome ==
        BeginOutcome::conflict);
  // mark_unknown is only for in-progress records.
  CHECK_FALSE(f.ok(f.db->idempotency_mark_unknown(*first.lease, at(7ms))));
  // 24 h after the first request the key is free again.
  CHECK(f.ok(f.db->idempotency_begin("acme", "k", h, at(24h))).outcome == BeginOutcome::started);
}

TEST_CASE("Idempotency: the owner that learns the answer late still resolves the doubt", "[core]") {
  StoreFixture f;
  const auto h = store::sha256_hex("x");
  auto first = f.ok(f.db->idempotency_begin("acme", "k", h, at(0ms)));
  f.ok(f.db->idempotency_mark_unknown(*first.lease, at(1ms)));
  CHECK(f.ok(f.db->idempotency_complete(*first.lease, created_response(), std::nullopt, at(2ms))) ==
        store::CompleteOutcome::stored);
  CHECK(f.ok(f.db->idempotency_begin("acme", "k", h, at(3ms))).outcome == BeginOutcome::replay);
}

TEST_CASE("Idempotency: an owner that never finishes turns unknown when its lease ends", "[core]") {
  auto options = StoreFixture::default_options();
  options.retention.in_progress_lease = 30s;
  StoreFixture f(options);
  const auto h = store::sha256_hex("x");
  auto first = f.ok(f.db->idempotency_begin("acme", "k", h, at(0ms)));
  CHECK(f.ok(f.db->idempotency_begin("acme", "k", h, at(29'999ms))).outcome ==
        BeginOutcome::in_progress);
  CHECK(f.ok(f.db->idempotency_begin("acme", "k", h, at(30s))).outcome ==
        BeginOutcome::unknown_outcome);
  CHECK(f.ok(f.db->idempotency_begin("acme", "k", h, at(31s))).outcome ==
        BeginOutcome::unknown_outcome);
  // A crash of the process is the same: the record survives and turns unknown, never started.
  f.reopen();
  CHECK(f.ok(f.db->idempotency_begin("acme", "k", h, at(40s))).outcome ==
        BeginOutcome::unknown_outcome);
}

TEST_CASE("Idempotency: expiry frees the key 24 h after the first request, whatever the state",
          "[core]") {
  StoreFixture f;
  const auto h = store::sha256_hex("x");
  auto first = f.ok(f.db->idempotency_begin("acme", "k", h, at(0ms)));
  f.ok(f.db->idempotency_complete(*first.lease, created_response(), std::nullopt, at(1s)));
  CHECK(f.ok(f.db->idempotency_begin("acme", "k", h, at(24h - 1ms))).outcome ==
        BeginOutcome::replay);
  auto reused = f.ok(f.db->idempotency_begin("acme", "k", store::sha256_hex("other"), at(24h)));
  CHECK(reused.outcome == BeginOutcome::started);
  CHECK(reused.created_at == at(24h));
  // The expired owner cannot overwrite the new record.
  CHECK(f.ok(f.db->idempotency_complete(*first.lease, created_response(), std::nullopt,
                                        at(24h + 1ms))) == store::CompleteOutcome::lease_lost);
}

TEST_CASE("Idempotency: purge removes expired records only", "[core]") {
  StoreFixture f;
  const auto h = store::sha256_hex("x");
  f.ok(f.db->idempotency_begin("acme", "old", h, at(0ms)));
  auto kept = f.ok(f.db->idempotency_begin("acme", "new", h, at(1h)));
  f.ok(f.db->idempotency_complete(*kept.lease, created_response(), std::nullopt, at(1h)));
  auto counts = f.ok(f.db->purge(at(24h)));
  CHECK(counts.idempotency == 1);
  CHECK(f.ok(f.db->idempotency_begin("acme", "new", h, at(24h))).outcome == BeginOutcome::replay);
  CHECK(f.ok(f.db->idempotency_begin("acme", "old", store::sha256_hex("other"), at(24h))).outcome ==
        BeginOutcome::started);
}

TEST_CASE("Idempotency: complete records the booking in the same transaction", "[core]") {
  StoreFixture f;
  const auto h = store::sha256_hex("x");
  auto first = f.ok(f.db->idempotency_begin("acme", "k", h, at(0ms)));
  store::BookingRecord booking{"5550001", "acme", at(1ms)};
  CHECK(f.ok(f.db->idempotency_complete(*first.lease, created_response(), booking, at(1ms))) ==
        store::CompleteOutcome::stored);
  auto owner = f.ok(f.db->booking_owner("5550001"));
  REQUIRE(owner.has_value());
  CHECK(owner->client_id == "acme");

  // A booking that contradicts a stored owner fails the whole completion: nothing is stored.
  auto second = f.ok(f.db->idempotency_begin("globex", "k", h, at(2ms)));
  auto clash = f.run(f.db->idempotency_complete(*second.lease, created_response(),
                                                store::BookingRecord{"5550001", "globex", at(3ms)},
                                                at(3ms)));
  REQUIRE_FALSE(clash.has_value());
  CHECK(clash.error().code == store::StoreError::Code::conflict);
  CHECK(f.ok(f.db->idempotency_begin("globex", "k", h, at(4ms))).outcome ==
        BeginOutcome::in_progress);
  CHECK(f.ok(f.db->booking_owner("5550001"))->client_id == "acme");
}

TEST_CASE("Idempotency: a lost lease still records the booking the response created", "[core]") {
  StoreFixture f;
  const auto h = store::sha256_hex("x");
  auto first = f.ok(f.db->idempotency_begin("acme", "k", h, at(0ms)));
  f.ok(f.db->idempotency_begin("acme", "k", store::sha256_hex("y"), at(25h)));  // reused
  CHECK(f.ok(f.db->idempotency_complete(*first.lease, created_response(),
                                        store::BookingRecord{"777", "acme", at(25h)}, at(25h))) ==
        store::CompleteOutcome::lease_lost);
  CHECK(f.ok(f.db->booking_owner("777")).has_value());
}
