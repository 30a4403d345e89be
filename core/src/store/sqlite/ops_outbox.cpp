// Inbound event dedupe and the webhook outbox (routing, per-booking ordered claims, outcomes,
// on-call listing and retry), as SQL on the store's connection.
#include <sqlite3.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>
#include <unordered_map>

#include "ops.hpp"

namespace travelctl::core::store::sqlite::ops {
namespace {

// Columns read by read_entry, in order; `o` is the outbox, `b` its booking (LEFT JOIN), whose
// owner stands in for a client not routed yet.
#define TRAVELCTL_OUTBOX_COLUMNS                                                       \
  "o.id, COALESCE(o.client_id, b.client_id), o.booking_id, o.payload, o.occurred_ms, " \
  "o.created_ms, o.state, o.attempts, o.next_attempt_ms, o.last_error, o.updated_ms"

OutboxEntry read_entry(const Query& q) {
  OutboxEntry e;
  e.id = q.text(0);
  e.client_id = q.optional_text(1);
  e.booking_id = q.text(2);
  e.payload = q.blob(3);
  e.occurred_at = from_ms(q.integer(4));
  e.created_at = from_ms(q.integer(5));
  const auto state = parse_outbox_state(q.text(6));
  if (!state) {
    throw SqliteFailure(SQLITE_CORRUPT, "outbox entry " + e.id + " has an unknown state");
  }
  e.state = *state;
  e.attempts = static_cast<int>(q.integer(7));
  e.next_attempt_at = from_ms(q.integer(8));
  e.last_error = q.optional_text(9);
  e.updated_at = from_ms(q.integer(10));
  return e;
}

// Entries of bookings whose owner is now known get their client.
void route_pending(Connection& db, int64_t now_ms) {
  db.query(
        "UPDATE outbox SET client_id = (SELECT b.client_id FROM bookings b "
        "WHERE b.booking_id = outbox.booking_id), updated_ms = ?1 "
        "WHERE state = 'pending' AND client_id IS NULL "
        "AND EXISTS (SELECT 1 FROM bookings b WHERE b.booking_id = outbox.booking_id)")
      .bind(1, now_ms)
      .run();
}

void expire_unrouted(Connection& db, int64_t now_ms, int64_t timeout_ms) {
  db.query(
        "UPDATE outbox SET state = 'dead', claimed_until_ms = 0, updated_ms = ?1, "
        "last_error = 'no owner known for booking ' || booking_id || ' after ' || ?2 || ' ms' "
        "WHERE state = 'pending' AND client_id IS NULL AND created_ms <= ?1 - ?2")
      .bind(1, now_ms)
      .bind(2, timeout_ms)
      .run();
}

}  // namespace

Result<EventInsert> record_event(Connection& db, const InboundEvent& event) {
  db.query(
        "INSERT INTO inbound_events (event_id, received_ms) VALUES (?1, ?2) "
        "ON CONFLICT (event_id) DO NOTHING")
      .bind(1, event.event_id)
      .bind(2, to_ms(event.received_at))
      .run();
  if (db.changes() == 0) {
    return EventInsert::duplicate;
  }
  // The event id may have been purged from inbound_events while its outbox entry (e.g. dead) is
  // still kept: that is a duplicate too.
  db.query(
        "INSERT INTO outbox (id, client_id, booking_id, payload, occurred_ms, created_ms, state, "
        "attempts, next_attempt_ms, claimed_until_ms, last_error, updated_ms) "
        "VALUES (?1, (SELECT client_id FROM bookings WHERE booking_id = ?2), ?2, ?3, ?4, ?5, "
        "'pending', 0, ?5, 0, NULL, ?5) ON CONFLICT (id) DO NOTHING")
      .bind(1, event.event_id)
      .bind(2, event.booking_id)
      .bind_blob(3, event.payload)
      .bind(4, to_ms(event.occurred_at))
      .bind(5, to_ms(event.received_at))
      .run();
  return db.changes() == 1 ? EventInsert::inserted : EventInsert::duplicate;
}

Result<std::vector<OutboxEntry>> outbox_claim(Connection& db, const OutboxClaim& claim) {
  const int64_t now_ms = to_ms(claim.now);
  route_pending(db, now_ms);
  if (claim.unrouted_timeout.count() > 0) {
    expire_unrouted(db, now_ms, claim.unrouted_timeout.count());
  }
  // A candidate must be the head of its booking's pending entries (earliest occurred_at, then id)
  // and no other entry of its booking may be in flight (an earlier event can arrive late, while a
  // later one is being delivered): while the head is in flight or backing off, the rest of that
  // booking waits, so one booking is never delivered out of order or twice at once. Other bookings
  // are independent. Candidates stream in due order from the partial index, so a claim reads little
  // more than it hands out.
  std::vector<std::string> chosen;
  {
    Query q = db.query(
        "SELECT c.id, c.client_id FROM outbox c "
        "WHERE c.state = 'pending' AND c.client_id IS NOT NULL "
        "AND c.next_attempt_ms <= ?1 AND c.claimed_until_ms <= ?1 "
        "AND c.client_id NOT IN (SELECT value FROM json_each(?2)) "
        "AND NOT EXISTS (SELECT 1 FROM outbox p "
        "  WHERE p.booking_id = c.booking_id AND p.state = 'pending' AND p.id <> c.id "
        "  AND (p.occurred_ms < c.occurred_ms OR (p.occurred_ms = c.occurred_ms AND p.id < c.id) "
        "       OR p.claimed_until_ms > ?1)) "
        "ORDER BY c.next_attempt_ms");
    const nlohmann::json excluded = claim.exclude_clients;
    q.bind(1, now_ms).bind(2, excluded.dump());
    std::unordered_map<std::string, int> per_client;
    while (static_cast<int>(chosen.size()) < claim.limit && q.step()) {
      if (claim.max_per_client > 0 && ++per_client[q.text(1)] > claim.max_per_client) {
        continue;
      }
      chosen.push_back(q.text(0));
    }
  }
  std::vector<OutboxEntry> out;
  for (const auto& id : chosen) {
    Query q = db.query(
        "UPDATE outbox SET claimed_until_ms = ?2 WHERE id = ?1 RETURNING id, client_id, "
        "booking_id, payload, occurred_ms, created_ms, state, attempts, next_attempt_ms, "
        "last_error, updated_ms");
    q.bind(1, id).bind(2, now_ms + claim.lease.count());
    if (q.step()) {
      out.push_back(read_entry(q));
    }
  }
  std::sort(out.begin(), out.end(), [](const OutboxEntry& a, const OutboxEntry& b) {
    return std::tie(a.next_attempt_at, a.occurred_at, a.id) <
           std::tie(b.next_attempt_at, b.occurred_at, b.id);
  });
  return out;
}

Result<bool> outbox_finish(Connection& db, const std::string& id, OutboxState state,
                           std::optional<TimePoint> next_attempt_at,
                           std::optional<std::string> error, TimePoint now) {
  Query q = db.query(
      "UPDATE outbox SET state = ?2, attempts = attempts + 1, "
      "next_attempt_ms = COALESCE(?3, next_attempt_ms), last_error = COALESCE(?4, last_error), "
      "claimed_until_ms = 0, updated_ms = ?5 WHERE id = ?1 AND state = 'pending'");
  q.bind(1, id).bind(2, std::string_view(to_string(state)));
  if (next_attempt_at) {
    q.bind(3, to_ms(*next_attempt_at));
  } else {
    q.bind_null(3);
  }
  q.bind(4, error).bind(5, to_ms(now));
  q.run();
  return db.changes() == 1;
}

Result<int64_t> outbox_retry(Connection& db, std::optional<std::string> id,
                             std::optional<std::string> client_id, TimePoint now) {
  db.query(
        "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_ms = ?3, "
        "claimed_until_ms = 0, updated_ms = ?3 "
        "WHERE state = 'dead' AND (?1 IS NULL OR id = ?1) "
        "AND (?2 IS NULL OR COALESCE(client_id, (SELECT b.client_id FROM bookings b "
        "WHERE b.booking_id = outbox.booking_id)) = ?2)")
      .bind(1, id)
      .bind(2, client_id)
      .bind(3, to_ms(now))
      .run();
  return db.changes();
}

Result<std::vector<OutboxEntry>> outbox_list(Connection& db, const OutboxFilter& filter) {
  Query q = db.query("SELECT " TRAVELCTL_OUTBOX_COLUMNS
                     " FROM outbox o LEFT JOIN bookings b ON b.booking_id = o.booking_id "
                     "WHERE (?1 IS NULL OR o.state = ?1) "
                     "AND (?2 IS NULL OR COALESCE(o.client_id, b.client_id) = ?2) "
                     "ORDER BY o.created_ms, o.id LIMIT ?3");
  std::optional<std::string> state;
  if (filter.state) {
    state = to_string(*filter.state);
  }
  q.bind(1, state).bind(2, filter.client_id).bind(3, static_cast<int64_t>(filter.limit));
  std::vector<OutboxEntry> out;
  while (q.step()) {
    out.push_back(read_entry(q));
  }
  return out;
}

Result<std::optional<OutboxEntry>> outbox_get(Connection& db, const std::string& id) {
  Query q = db.query("SELECT " TRAVELCTL_OUTBOX_COLUMNS
                     " FROM outbox o LEFT JOIN bookings b ON b.booking_id = o.booking_id "
                     "WHERE o.id = ?1");
  q.bind(1, id);
  if (!q.step()) {
    return std::optional<OutboxEntry>();
  }
  return std::optional<OutboxEntry>(read_entry(q));
}

Result<OutboxStats> outbox_stats(Connection& db, TimePoint now) {
  Query q = db.query(
      "SELECT COALESCE(SUM(state = 'pending'), 0), "
      "COALESCE(SUM(state = 'pending' AND claimed_until_ms > ?1), 0), "
      "COALESCE(SUM(state = 'pending' AND client_id IS NULL AND NOT EXISTS "
      "  (SELECT 1 FROM bookings b WHERE b.booking_id = outbox.booking_id)), 0), "
      "COALESCE(SUM(state = 'delivered'), 0), COALESCE(SUM(state = 'dead'), 0), "
      "MIN(CASE WHEN state = 'pending' THEN occurred_ms END), "
      "MIN(CASE WHEN state = 'pending' AND claimed_until_ms <= ?1 THEN next_attempt_ms END) "
      "FROM outbox");
  q.bind(1, to_ms(now));
  OutboxStats s;
  if (q.step()) {
    s.pending = q.integer(0);
    s.in_flight = q.integer(1);
    s.unrouted = q.integer(2);
    s.delivered = q.integer(3);
    s.dead = q.integer(4);
    if (!q.is_null(5)) {
      s.oldest_pending = from_ms(q.integer(5));
    }
    if (!q.is_null(6)) {
      s.next_attempt_at = from_ms(q.integer(6));
    }
  }
  return s;
}

Result<int64_t> outbox_release_claims(Connection& db) {
  db.query(
        "UPDATE outbox SET claimed_until_ms = 0 WHERE state = 'pending' AND claimed_until_ms > 0")
      .run();
  return db.changes();
}

}  // namespace travelctl::core::store::sqlite::ops
