// Quote batches and retention purges, as SQL on the store's connection.
#include <sqlite3.h>

#include "ops.hpp"

namespace travelctl::core::store::sqlite::ops {
namespace {

QuoteBatch read_batch(const Query& q) {
  QuoteBatch b;
  b.id = q.text(0);
  b.client_id = q.text(1);
  const auto status = parse_batch_status(q.text(2));
  if (!status) {
    throw SqliteFailure(SQLITE_CORRUPT, "quote batch " + b.id + " has an unknown status");
  }
  b.status = *status;
  b.request_json = q.text(3);
  b.results_json = q.text(4);
  b.created_at = from_ms(q.integer(5));
  b.updated_at = from_ms(q.integer(6));
  return b;
}

int64_t delete_older(Connection& db, const char* sql, int64_t cutoff_ms) {
  db.query(sql).bind(1, cutoff_ms).run();
  return db.changes();
}

}  // namespace

Result<Done> batch_create(Connection& db, const QuoteBatch& batch) {
  db.query(
        "INSERT INTO quote_batches (id, client_id, status, request, results, created_ms, "
        "updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) ON CONFLICT (id) DO NOTHING")
      .bind(1, batch.id)
      .bind(2, batch.client_id)
      .bind(3, std::string_view(to_string(batch.status)))
      .bind(4, batch.request_json)
      .bind(5, batch.results_json)
      .bind(6, to_ms(batch.created_at))
      .run();
  if (db.changes() == 0) {
    return unexpected(
        StoreError{StoreError::Code::conflict, "quote batch " + batch.id + " already exists"});
  }
  return Done{};
}

Result<bool> batch_update(Connection& db, const std::string& id, BatchStatus status,
                          const std::string& results_json, TimePoint now) {
  db.query("UPDATE quote_batches SET status = ?2, results = ?3, updated_ms = ?4 WHERE id = ?1")
      .bind(1, id)
      .bind(2, std::string_view(to_string(status)))
      .bind(3, results_json)
      .bind(4, to_ms(now))
      .run();
  return db.changes() == 1;
}

Result<std::optional<QuoteBatch>> batch_get(Connection& db, const std::string& id) {
  Query q = db.query(
      "SELECT id, client_id, status, request, results, created_ms, updated_ms "
      "FROM quote_batches WHERE id = ?1");
  q.bind(1, id);
  if (!q.step()) {
    return std::optional<QuoteBatch>();
  }
  return std::optional<QuoteBatch>(read_batch(q));
}

Result<std::vector<QuoteBatch>> batch_list_unfinished(Connection& db) {
  Query q = db.query(
      "SELECT id, client_id, status, request, results, created_ms, updated_ms "
      "FROM quote_batches WHERE status IN ('queued', 'running') ORDER BY created_ms, id");
  std::vector<QuoteBatch> out;
  while (q.step()) {
    out.push_back(read_batch(q));
  }
  return out;
}

Result<PurgeCounts> purge(Connection& db, TimePoint now, const Retention& retention) {
  const int64_t now_ms = to_ms(now);
  PurgeCounts counts;
  counts.idempotency = delete_older(db, "DELETE FROM idempotency WHERE expires_ms <= ?1", now_ms);
  counts.inbound_events = delete_older(db, "DELETE FROM inbound_events WHERE received_ms <= ?1",
                                       now_ms - retention.inbound_event_ids.count());
  counts.outbox_delivered =
      delete_older(db, "DELETE FROM outbox WHERE state = 'delivered' AND updated_ms <= ?1",
                   now_ms - retention.delivered_outbox.count());
  counts.quote_batches =
      delete_older(db, "DELETE FROM quote_batches WHERE status = 'done' AND updated_ms <= ?1",
                   now_ms - retention.finished_batches.count());
  counts.bookings = delete_older(db, "DELETE FROM bookings WHERE created_ms <= ?1",
                                 now_ms - retention.bookings.count());
  return counts;
}

}  // namespace travelctl::core::store::sqlite::ops
