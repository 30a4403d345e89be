// The embedded SQLite backend of the Store: one connection on one thread of its own.
#pragma once

#include <memory>
#include <string>

#include "connection.hpp"
#include "db_thread.hpp"
#include "travelctl/core/store/store.hpp"

namespace travelctl::core::store::sqlite {

/// Opens `options.path` (see open_database) and starts the store's thread.
Expected<std::unique_ptr<Store>, std::string> open_sqlite_store(const StoreOptions& options);

class SqliteStore final : public Store {
 public:
  SqliteStore(const StoreOptions& options, std::unique_ptr<Connection> db);
  ~SqliteStore() override;

  std::string describe() const override;
  Task<Done> ping() override;

  Task<Done> record_booking(BookingRecord booking) override;
  Task<std::optional<BookingRecord>> booking_owner(std::string booking_id) override;

  Task<BeginResult> idempotency_begin(std::string client_id, std::string key, std::string body_hash,
                                      TimePoint now) override;
  Task<CompleteOutcome> idempotency_complete(IdempotencyLease lease, StoredResponse response,
                                             std::optional<BookingRecord> booking,
                                             TimePoint now) override;
  Task<bool> idempotency_release(IdempotencyLease lease) override;
  Task<bool> idempotency_mark_unknown(IdempotencyLease lease, TimePoint now) override;

  Task<EventInsert> record_event(InboundEvent event) override;
  Task<std::vector<OutboxEntry>> outbox_claim(OutboxClaim claim) override;
  Task<bool> outbox_delivered(std::string id, TimePoint now) override;
  Task<bool> outbox_reschedule(std::string id, TimePoint next_attempt_at, std::string error,
                               TimePoint now) override;
  Task<bool> outbox_dead(std::string id, std::string error, TimePoint now) override;
  Task<bool> outbox_retry(std::string id, TimePoint now) override;
  Task<int64_t> outbox_retry_dead(std::optional<std::string> client_id, TimePoint now) override;
  Task<std::vector<OutboxEntry>> outbox_list(OutboxFilter filter) override;
  Task<std::optional<OutboxEntry>> outbox_get(std::string id) override;
  Task<OutboxStats> outbox_stats(TimePoint now) override;
  Task<int64_t> outbox_release_claims() override;

  Task<Done> batch_create(QuoteBatch batch) override;
  Task<bool> batch_update(std::string id, BatchStatus status, std::string results_json,
                          TimePoint now) override;
  Task<std::optional<QuoteBatch>> batch_get(std::string id) override;
  Task<std::vector<QuoteBatch>> batch_list_unfinished() override;

  Task<PurgeCounts> purge(TimePoint now) override;

 private:
  template <class T, class Fn>
  Task<T> run(bool writes, Fn fn);

  Retention retention_;
  std::string path_;
  std::unique_ptr<DbThread> thread_;
};

}  // namespace travelctl::core::store::sqlite
