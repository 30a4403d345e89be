// The Store: the only state the proxy keeps (booking ownership, idempotency records, inbound event
// ids, the webhook outbox, quote batches), behind one interface with pluggable backends.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "travelctl/core/expected.hpp"
#include "travelctl/core/store/records.hpp"

namespace travelctl::core::store {

class WaiterRegistry;

/// How long records are kept (see README "State").
struct Retention {
  std::chrono::milliseconds idempotency = std::chrono::hours(24);  ///< from the first request
  /// An in-progress key whose owner has not finished after this long is presumed to have died
  /// mid-request: it turns `unknown_outcome` (never `started` again before `idempotency`).
  std::chrono::milliseconds in_progress_lease = std::chrono::minutes(2);
  std::chrono::milliseconds inbound_event_ids = std::chrono::hours(24 * 30);  ///< dedupe window
  std::chrono::milliseconds delivered_outbox = std::chrono::hours(24 * 7);    ///< after delivery
  std::chrono::milliseconds finished_batches = std::chrono::hours(24 * 7);    ///< after `done`
  std::chrono::milliseconds bookings = std::chrono::hours(24 * 400);          ///< ownership
};

/// What `open_store` needs (the `store` section of the configuration, plus test seams).
struct StoreOptions {
  std::string kind = "sqlite";        ///< "sqlite" (embedded default) or "redis" (not built yet)
  std::string path = "travelctl.db";  ///< sqlite: the database file (created if missing)
  std::string url;                    ///< redis: redis://host:port/db
  /// sqlite: how long a write waits for another process (e.g. `travelctl outbox retry`) to release
  /// the file before failing with `busy`.
  std::chrono::milliseconds busy_timeout{5000};
  bool check_integrity_on_open = true;  ///< sqlite: PRAGMA quick_check at start-up
  Retention retention;
  /// How often the backend purges what `retention` says is over, by itself (0: never; then call
  /// purge()).
  std::chrono::milliseconds purge_interval = std::chrono::hours(1);
  /// Fallback re-check period of `idempotency_begin_or_wait` (in-process waiters are woken at
  /// once; this covers a key held by another instance).
  std::chrono::milliseconds wait_poll{100};
  /// "now" of idempotency_begin_or_wait and of the periodic purge (called from any thread);
  /// empty: system_clock.
  std::function<TimePoint()> clock;
};

/// Every operation is awaited from an event-loop thread and never blocks it: a backend runs its
/// I/O elsewhere (sqlite: one thread of its own) and resumes the caller on the caller's executor.
/// Executors that call the store must be single-threaded (an io_context run by one thread, or a
/// strand). Shut down in this order: stop the io_contexts that call the store (no coroutine runs
/// any more), destroy the Store (it finishes queued operations and posts their results), then
/// destroy the io_contexts. Operations do not throw; every failure is a StoreError in the Result.
///
/// GCC 12.2 miscompiles class-type temporaries created inside a co_await operand (they are
/// destroyed twice: invalid free / crash; cf. asio issue #1007). Build the task first, then await
/// it:
///   auto task = store.record_booking({bid, client, now});   // temporaries die here, safely
///   auto done = co_await std::move(task);
class Store {
 public:
  template <class T>
  using Task = boost::asio::awaitable<Result<T>>;

  virtual ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// "sqlite:/abs/path/travelctl.db", for logs and /ready.
  virtual std::string describe() const = 0;
  /// Succeeds when the backend answers (readiness).
  virtual Task<Done> ping() = 0;

  // ---- booking ownership ----
  /// Records that `booking_id` belongs to `client_id`; durable (committed, synced) when it
  /// returns. Recording the same pair again is fine; another client for the same id is `conflict`.
  virtual Task<Done> record_booking(BookingRecord booking) = 0;
  virtual Task<std::optional<BookingRecord>> booking_owner(std::string booking_id) = 0;

  // ---- idempotency ----
  /// Atomically looks up (client, key): absent or expired -> `started` (the caller owns the key),
  /// else `conflict` (other body hash), `replay`, `in_progress` or `unknown_outcome`.
  virtual Task<BeginResult> idempotency_begin(std::string client_id, std::string key,
                                              std::string body_hash, TimePoint now) = 0;
  /// Stores the response for replay and, in the same transaction, the booking the response
  /// created (if any). The booking is recorded even when the lease was lost.
  virtual Task<CompleteOutcome> idempotency_complete(IdempotencyLease lease,
                                                     StoredResponse response,
                                                     std::optional<BookingRecord> booking,
                                                     TimePoint now) = 0;
  /// A definite failure (nothing happened at the supplier): forgets the key so a retry starts
  /// afresh. False when the lease was lost.
  virtual Task<bool> idempotency_release(IdempotencyLease lease) = 0;
  /// The supplier may have acted (timeout or reset after sending): keeps the key in doubt until it
  /// expires. False when the lease was lost.
  virtual Task<bool> idempotency_mark_unknown(IdempotencyLease lease, TimePoint now) = 0;
  /// `idempotency_begin`, and while the key is `in_progress` wait (woken at once by
  /// complete/release/mark_unknown in this process, re-checking every `wait_poll` for other
  /// instances) and begin again, for up to `max_wait`; then `in_progress` is returned.
  Task<BeginResult> idempotency_begin_or_wait(std::string client_id, std::string key,
                                              std::string body_hash,
                                              std::chrono::milliseconds max_wait);

  // ---- inbound webhook events and the outbox ----
  /// Stores the event id and its outbox entry in one transaction (routed to the booking's owner
  /// if known); `duplicate` when the event id was seen before (nothing stored).
  virtual Task<EventInsert> record_event(InboundEvent event) = 0;
  /// Hands out due entries whose owner is known, each the earliest pending entry of its booking
  /// (by occurred_at, then id), so one booking never has two in flight; leases them.
  virtual Task<std::vector<OutboxEntry>> outbox_claim(OutboxClaim claim) = 0;
  /// Outcomes of a delivery attempt (each counts one attempt and ends the lease). False when the
  /// entry is unknown or no longer pending.
  virtual Task<bool> outbox_delivered(std::string id, TimePoint now) = 0;
  virtual Task<bool> outbox_reschedule(std::string id, TimePoint next_attempt_at, std::string error,
                                       TimePoint now) = 0;
  virtual Task<bool> outbox_dead(std::string id, std::string error, TimePoint now) = 0;
  /// On-call: a dead entry becomes pending again, due now, with its attempts reset.
  virtual Task<bool> outbox_retry(std::string id, TimePoint now) = 0;
  /// Every dead entry (of one client, if given); returns how many.
  virtual Task<int64_t> outbox_retry_dead(std::optional<std::string> client_id, TimePoint now) = 0;
  virtual Task<std::vector<OutboxEntry>> outbox_list(OutboxFilter filter) = 0;
  virtual Task<std::optional<OutboxEntry>> outbox_get(std::string id) = 0;
  virtual Task<OutboxStats> outbox_stats(TimePoint now) = 0;
  /// Ends every lease (for a single instance starting after a crash); returns how many.
  virtual Task<int64_t> outbox_release_claims() = 0;
  /// For the one deliverer of this process: returns at once if something was added to the outbox
  /// or became routable in this process since the previous call returned, else when that happens
  /// or after `max_wait`.
  boost::asio::awaitable<void> outbox_wait(std::chrono::milliseconds max_wait);

  // ---- quote batches ----
  /// A new batch; an existing id is `conflict`.
  virtual Task<Done> batch_create(QuoteBatch batch) = 0;
  /// New status and results; false when the id is unknown.
  virtual Task<bool> batch_update(std::string id, BatchStatus status, std::string results_json,
                                  TimePoint now) = 0;
  virtual Task<std::optional<QuoteBatch>> batch_get(std::string id) = 0;
  /// Batches not `done` (to resume after a restart), oldest first.
  virtual Task<std::vector<QuoteBatch>> batch_list_unfinished() = 0;

  // ---- maintenance ----
  /// Deletes what `Retention` says is over; dead outbox entries are kept for on-call.
  virtual Task<PurgeCounts> purge(TimePoint now) = 0;

 protected:
  explicit Store(const StoreOptions& options);
  /// Backends call these after committing a change that waiters may be waiting for.
  void notify_idempotency(const std::string& client_id, const std::string& key);
  void notify_outbox();

 private:
  std::unique_ptr<WaiterRegistry> waiters_;
  std::function<TimePoint()> clock_;
  std::chrono::milliseconds wait_poll_;
  std::atomic<bool> outbox_pending_{false};  ///< sticky: a notification between two waits counts
};

/// Opens the backend named by `options.kind`. Errors name the file or URL and the cause (missing
/// directory, permission, not a database, corrupt, written by a newer travelctl, ...).
Expected<std::unique_ptr<Store>, std::string> open_store(const StoreOptions& options);

/// Lowercase hex SHA-256, the idempotency body hash.
std::string sha256_hex(std::string_view data);

}  // namespace travelctl::core::store
