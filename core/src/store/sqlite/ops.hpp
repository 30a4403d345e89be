// The store's operations as synchronous functions on one connection, run by the store's thread
// inside a transaction (db_thread.hpp). They may throw SqliteFailure; the job boundary maps it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "connection.hpp"
#include "travelctl/core/store/store.hpp"

namespace travelctl::core::store::sqlite::ops {

inline int64_t to_ms(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
inline TimePoint from_ms(int64_t ms) {
  return TimePoint(std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds(ms)));
}

// bookings and idempotency (ops_idempotency.cpp)
Result<Done> record_booking(Connection& db, const BookingRecord& booking);
Result<std::optional<BookingRecord>> booking_owner(Connection& db, const std::string& booking_id);
Result<BeginResult> idempotency_begin(Connection& db, const std::string& client_id,
                                      const std::string& key, const std::string& body_hash,
                                      TimePoint now, const Retention& retention);
Result<CompleteOutcome> idempotency_complete(Connection& db, const IdempotencyLease& lease,
                                             const StoredResponse& response,
                                             const std::optional<BookingRecord>& booking);
Result<bool> idempotency_release(Connection& db, const IdempotencyLease& lease);
Result<bool> idempotency_mark_unknown(Connection& db, const IdempotencyLease& lease);

// inbound events and the outbox (ops_outbox.cpp)
Result<EventInsert> record_event(Connection& db, const InboundEvent& event);
Result<std::vector<OutboxEntry>> outbox_claim(Connection& db, const OutboxClaim& claim);
Result<bool> outbox_finish(Connection& db, const std::string& id, OutboxState state,
                           std::optional<TimePoint> next_attempt_at,
                           std::optional<std::string> error, TimePoint now);
Result<int64_t> outbox_retry(Connection& db, std::optional<std::string> id,
                             std::optional<std::string> client_id, TimePoint now);
Result<std::vector<OutboxEntry>> outbox_list(Connection& db, const OutboxFilter& filter);
Result<std::optional<OutboxEntry>> outbox_get(Connection& db, const std::string& id);
Result<OutboxStats> outbox_stats(Connection& db, TimePoint now);
Result<int64_t> outbox_release_claims(Connection& db);

// quote batches and maintenance (ops_batches.cpp)
Result<Done> batch_create(Connection& db, const QuoteBatch& batch);
Result<bool> batch_update(Connection& db, const std::string& id, BatchStatus status,
                          const std::string& results_json, TimePoint now);
Result<std::optional<QuoteBatch>> batch_get(Connection& db, const std::string& id);
Result<std::vector<QuoteBatch>> batch_list_unfinished(Connection& db);
Result<PurgeCounts> purge(Connection& db, TimePoint now, const Retention& retention);

}  // namespace travelctl::core::store::sqlite::ops
