// Booking ownership, quote batches and retention purges of the SQLite store.
#include <catch2/catch.hpp>

#include "travelctl/core/store/store.hpp"
#include "unit/core/store/store_fixture.hpp"

using namespace std::chrono_literals;
using travelctl::test::at;
using travelctl::test::StoreFixture;
namespace store = travelctl::core::store;

TEST_CASE("Bookings: ownership is recorded, read back and survives a reopen", "[core]") {
  StoreFixture f;
  CHECK_FALSE(f.ok(f.db->booking_owner("5550001")).has_value());
  f.ok(f.db->record_booking({"5550001", "acme", at(5ms)}));
  f.ok(f.db->record_booking({"5550002", "globex", at(6ms)}));
  f.reopen();
  auto owner = f.ok(f.db->booking_owner("5550001"));
  REQUIRE(owner.has_value());
  CHECK(owner->booking_id == "5550001");
  CHECK(owner->client_id == "acme");
  CHECK(owner->created_at == at(5ms));
  CHECK(f.ok(f.db->booking_owner("5550002"))->client_id == "globex");
}

TEST_CASE("Bookings: recording again is idempotent, another owner is a conflict", "[core]") {
  StoreFixture f;
  f.ok(f.db->record_booking({"1", "acme", at(0ms)}));
  f.ok(f.db->record_booking({"1", "acme", at(1ms)}));
  auto clash = f.run(f.db->record_booking({"1", "globex", at(2ms)}));
  REQUIRE_FALSE(clash.has_value());
  CHECK(clash.error().code == store::StoreError::Code::conflict);
  CHECK(clash.error().message.find("booking 1") != std::string::npos);
  auto owner = f.ok(f.db->booking_owner("1"));
  CHECK(owner->client_id == "acme");
  CHECK(owner->created_at == at(0ms));
}

TEST_CASE("Quote batches: create, update, get and list the unfinished ones", "[core]") {
  StoreFixture f;
  store::QuoteBatch batch{
      "qb_1",  "acme", store::BatchStatus::queued, R"({"searches":[{"from":1,"to":2}]})", "",
      at(0ms), at(0ms)};
  f.ok(f.db->batch_create(batch));
  f.ok(f.db->batch_create(
      {"qb_2", "globex", store::BatchStatus::queued, "{}", "", at(1ms), at(1ms)}));
  auto duplicate = f.run(f.db->batch_create(batch));
  REQUIRE_FALSE(duplicate.has_value());
  CHECK(duplicate.error().code == store::StoreError::Code::conflict);

  CHECK(f.ok(f.db->batch_update("qb_1", store::BatchStatus::running, "[]", at(2ms))));
  CHECK(f.ok(f.db->batch_update("qb_2", store::BatchStatus::done, R"([{"search":{}}])", at(3ms))));
  CHECK_FALSE(f.ok(f.db->batch_update("qb_404", store::BatchStatus::done, "[]", at(3ms))));

  auto got = f.ok(f.db->batch_get("qb_2"));
  REQUIRE(got.has_value());
  CHECK(got->client_id == "globex");
  CHECK(got->status == store::BatchStatus::done);
  CHECK(got->results_json == R"([{"search":{}}])");
  CHECK(got->created_at == at(1ms));
  CHECK(got->updated_at == at(3ms));
  CHECK_FALSE(f.ok(f.db->batch_get("qb_404")).has_value());

  auto unfinished = f.ok(f.db->batch_list_unfinished());
  REQUIRE(unfinished.size() == 1);
  CHECK(unfinished[0].id == "qb_1");
  CHECK(unfinished[0].status == store::BatchStatus::running);
  CHECK(unfinished[0].request_json == batch.request_json);
}

TEST_CASE("Purge: each kind of record goes after its own retention", "[core]") {
  StoreFixture f;
  const auto& r = f.options.retention;
  f.ok(f.db->record_booking({"old", "acme", at(0ms)}));
  f.ok(f.db->record_booking({"new", "acme", at(r.bookings)}));
  f.ok(f.db->record_event({"evt_old", "old", "{}", at(0ms), at(0ms)}));
  f.ok(f.db->record_event({"evt_new", "new", "{}", at(r.bookings), at(r.bookings)}));
  f.ok(f.db->outbox_delivered("evt_old", at(1ms)));
  f.ok(f.db->batch_create(
      {"qb_done", "acme", store::BatchStatus::done, "{}", "[]", at(0ms), at(0ms)}));
  f.ok(f.db->batch_create(
      {"qb_running", "acme", store::BatchStatus::running, "{}", "", at(0ms), at(0ms)}));

  auto counts = f.ok(f.db->purge(at(r.bookings)));
  CHECK(counts.bookings == 1);
  CHECK(counts.inbound_events == 1);
  CHECK(counts.outbox_delivered == 1);
  CHECK(counts.quote_batches == 1);
  CHECK_FALSE(f.ok(f.db->booking_owner("old")).has_value());
  CHECK(f.ok(f.db->booking_owner("new")).has_value());
  CHECK_FALSE(f.ok(f.db->outbox_get("evt_old")).has_value());
  CHECK(f.ok(f.db->outbox_get("evt_new")).has_value());
  CHECK_FALSE(f.ok(f.db->batch_get("qb_done")).has_value());
  CHECK(f.ok(f.db->batch_get("qb_running")).has_value());
  // A purged event id arriving again is new again (its dedupe window is over).
  CHECK(f.ok(f.db->record_event({"evt_old", "old", "{}", at(0ms), at(r.bookings)})) ==
        store::EventInsert::inserted);
}

TEST_CASE("Purge: runs by itself on the store's thread at the configured interval", "[core]") {
  auto options = StoreFixture::default_options();
  options.purge_interval = 1ms;
  options.clock = [] { return at(48h); };
  StoreFixture f(options);
  f.ok(f.db->idempotency_begin("acme", "k", "h", at(0ms)));
  // No sleeping: the begin below is queued behind at least one maintenance pass only eventually,
  // so poll until the record is gone (bounded by the CTest timeout).
  for (;;) {
    auto result = f.ok(f.db->idempotency_begin("acme", "k", "other-hash", at(1ms)));
    if (result.outcome == store::BeginOutcome::started) {
      break;  // purged: a new record was created despite the other body
    }
    REQUIRE(result.outcome == store::BeginOutcome::conflict);
  }
}

TEST_CASE("Ping answers while the store is open", "[core]") {
  StoreFixture f;
  f.ok(f.db->ping());
  CHECK(f.db->describe() == "sqlite:" + f.options.path);
}
