// The store's SQLite schema: versioned migrations applied at open, in one transaction.
#include "schema.hpp"

#include <iterator>

namespace travelctl::core::store::sqlite {
namespace {

// Times are integer milliseconds since the Unix epoch (UTC); states are their to_string() names so
// the file reads well in the sqlite3 shell. Append new migrations; never edit a released one.
constexpr const char* kMigrations[] = {
    // v1: everything issue 3 (bookings, idempotency) and later issues (webhooks, batches) need.
    R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE bookings (
  booking_id TEXT PRIMARY KEY,
  client_id  TEXT NOT NULL,
  created_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX bookings_created ON bookings (created_ms);

CREATE TABLE idempotency (
  client_id      TEXT NOT NULL,
  key            TEXT NOT NULL,
  body_hash      TEXT NOT NULL,
  state          TEXT NOT NULL CHECK (state IN ('in_progress', 'completed', 'unknown_outcome')),
  token          TEXT NOT NULL,
  created_ms     INTEGER NOT NULL,
  expires_ms     INTEGER NOT NULL,
  lease_until_ms INTEGER,
  status         INTEGER,
  headers        TEXT,
  body           BLOB,
  PRIMARY KEY (client_id, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_expiry ON idempotency (expires_ms);

CREATE TABLE inbound_events (
  event_id    TEXT PRIMARY KEY,
  received_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX inbound_events_received ON inbound_events (received_ms);

CREATE TABLE outbox (
  id               TEXT PRIMARY KEY,
  client_id        TEXT,
  booking_id       TEXT NOT NULL,
  payload          BLOB NOT NULL,
  occurred_ms      INTEGER NOT NULL,
  created_ms       INTEGER NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms  INTEGER NOT NULL,
  claimed_until_ms INTEGER NOT NULL DEFAULT 0,
  last_error       TEXT,
  updated_ms       INTEGER NOT NULL
);
CREATE INDEX outbox_pending_booking ON outbox (booking_id, occurred_ms, id) WHERE state = 'pending';
CREATE INDEX outbox_pending_due ON outbox (next_attempt_ms) WHERE state = 'pending';
CREATE INDEX outbox_unrouted ON outbox (booking_id) WHERE state = 'pending' AND client_id IS NULL;
CREATE INDEX outbox_by_state ON outbox (state, client_id, created_ms);

CREATE TABLE quote_batches (
  id         TEXT PRIMARY KEY,
  client_id  TEXT NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done')),
  request    TEXT NOT NULL,
  results    TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX quote_batches_status ON quote_batches (status, updated_ms);
)sql",
};

constexpr int kLatest = static_cast<int>(std::size(kMigrations));

// Another application's database (or a file we did not create) must never be migrated in place.
std::string check_ownership(Connection& db, int version) {
  const int64_t app_id = db.scalar_int("PRAGMA application_id");
  if (app_id != 0 && app_id != kApplicationId) {
    return "not a travelctl store (PRAGMA application_id is " + std::to_string(app_id) + ")";
  }
  if (version == 0) {
    Query q = db.query("SELECT name FROM sqlite_schema WHERE type = 'table' LIMIT 1");
    if (q.step()) {
      return "not a travelctl store (it already holds other tables, e.g. '" + q.text(0) + "')";
    }
  }
  if (version > kLatest) {
    return "written by a newer travelctl (schema version " + std::to_string(version) +
           ", this build knows up to " + std::to_string(kLatest) + ")";
  }
  return "";
}

}  // namespace

int latest_schema_version() { return kLatest; }

std::string migrate(Connection& db) {
  // IMMEDIATE takes the write lock now (waiting busy_timeout), so that two processes opening a
  // fresh file at once do not both migrate it; it also proves the file and its directory (for the
  // -wal and -shm files) are writable.
  db.exec("BEGIN IMMEDIATE");
  try {
    const int version = static_cast<int>(db.scalar_int("PRAGMA user_version"));
    if (std::string problem = check_ownership(db, version); !problem.empty()) {
      db.exec("ROLLBACK");
      return problem;
    }
    for (int v = version; v < kLatest; ++v) {
      db.exec(kMigrations[v]);
    }
    if (version < kLatest) {
      db.exec(("PRAGMA user_version = " + std::to_string(kLatest)).c_str());
      db.exec(("PRAGMA application_id = " + std::to_string(kApplicationId)).c_str());
    }
    db.query(
          "INSERT INTO meta (key, value) VALUES ('last_opened_ms', strftime('%s') * 1000) "
          "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .run();
    db.exec("COMMIT");
  } catch (...) {
    if (db.in_transaction()) {
      db.exec("ROLLBACK");
    }
    throw;
  }
  return "";
}

}  // namespace travelctl::core::store::sqlite
