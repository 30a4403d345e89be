// The records the Store keeps (bookings, idempotency, inbound events, outbox, quote batches) and
// its result and error types: plain values, no I/O, shared by every backend.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "travelctl/core/expected.hpp"

namespace travelctl::core::store {

/// Wall-clock instants; stored with millisecond precision.
using TimePoint = std::chrono::system_clock::time_point;

/// Why a store operation failed. `busy` and `io` may succeed on a retry; the others will not.
struct StoreError {
  enum class Code {
    busy,      ///< another process held the write lock past the busy timeout
    io,        ///< the disk or the connection failed (full disk, I/O error, lost server)
    corrupt,   ///< the stored data is damaged
    conflict,  ///< the operation contradicts a stored record (e.g. a booking owned by another
               ///< client)
    closed,    ///< the store is shutting down
    internal,  ///< a bug (a statement that does not prepare, an unexpected exception)
  };
  Code code = Code::internal;
  std::string message;
};

/// Success without a value.
struct Done {};

/// The result of every Store operation: a value, or why it failed.
template <class T>
using Result = Expected<T, StoreError>;

// ---- bookings -----------------------------------------------------------------------------------

/// A supplier booking and the client that owns it (tenant isolation, webhook routing).
struct BookingRecord {
  std::string booking_id;  ///< the supplier's booking id, as a string
  std::string client_id;
  TimePoint created_at;
};

// ---- idempotency --------------------------------------------------------------------------------

/// An HTTP response kept for replay: what the first request answered, byte for byte.
struct StoredResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  ///< those the replay must repeat
  std::string body;                                          ///< raw bytes

  friend bool operator==(const StoredResponse&, const StoredResponse&) = default;
};

/// The state of an idempotency record.
enum class IdempotencyState {
  in_progress,      ///< a request holds the key and has not finished
  completed,        ///< finished; the response is stored for replay
  unknown_outcome,  ///< the supplier may or may not have acted (timeout after sending, crash)
};

/// What `idempotency_begin` found for (client, key).
enum class BeginOutcome {
  started,      ///< the caller now owns the key: do the work, then complete/release/mark_unknown
  replay,       ///< completed earlier with the same body: answer `response`
  conflict,     ///< the key was used with another body: 409 idempotency_conflict
  in_progress,  ///< another request with the same body holds the key: wait, then begin again
  unknown_outcome,  ///< an earlier attempt's outcome is unknown: 409 saying how to check
};

/// Proof of ownership handed out by `started`; complete/release/mark_unknown need it, so that a
/// late finisher cannot overwrite a record that has since expired and been reused.
struct IdempotencyLease {
  std::string client_id;
  std::string key;
  std::string token;
};

/// The answer of `idempotency_begin`.
struct BeginResult {
  BeginOutcome outcome = BeginOutcome::started;
  std::optional<IdempotencyLease> lease;   ///< set for `started`
  std::optional<StoredResponse> response;  ///< set for `replay`
  TimePoint created_at;                    ///< when the record was first created
};

/// The answer of `idempotency_complete`.
enum class CompleteOutcome {
  stored,      ///< the response is stored for replay
  lease_lost,  ///< the record expired or was replaced: nothing stored (booking ownership still is)
};

// ---- inbound webhook events and the outbox ------------------------------------------------------

/// A verified supplier event to route to the owning client.
struct InboundEvent {
  std::string event_id;    ///< the supplier's `event_id`; becomes the outbound `webhook-id`
  std::string booking_id;  ///< the supplier's `bid`, as a string
  std::string payload;     ///< what the deliverer needs to build the client body (opaque here)
  TimePoint occurred_at;   ///< orders delivery per booking
  TimePoint received_at;
};

/// Whether `record_event` stored a new event or had it already (dedupe by event id).
enum class EventInsert { inserted, duplicate };

enum class OutboxState { pending, delivered, dead };

/// One event to deliver to one client.
struct OutboxEntry {
  std::string id;                        ///< = event id = `webhook-id`
  std::optional<std::string> client_id;  ///< empty while the booking's owner is unknown
  std::string booking_id;
  std::string payload;
  TimePoint occurred_at;
  TimePoint created_at;
  OutboxState state = OutboxState::pending;
  int attempts = 0;  ///< finished delivery attempts
  TimePoint next_attempt_at;
  std::optional<std::string> last_error;
  TimePoint updated_at;
};

/// Which entries `outbox_claim` hands out.
struct OutboxClaim {
  TimePoint now;
  int limit = 64;                            ///< at most this many entries
  int max_per_client = 0;                    ///< at most this many per client (0: no limit)
  std::vector<std::string> exclude_clients;  ///< e.g. clients already at their concurrency cap
  std::chrono::milliseconds lease{30'000};   ///< claimed entries are not handed out again
                                             ///< before this passes (must exceed a delivery)
  std::chrono::milliseconds unrouted_timeout{
      0};  ///< an entry whose booking owner is still unknown
           ///< this long after arrival becomes dead (0: never)
};

/// Filters of `outbox_list`.
struct OutboxFilter {
  std::optional<OutboxState> state;
  std::optional<std::string> client_id;
  int limit = 100;
};

/// Outbox depth, for metrics and on-call.
struct OutboxStats {
  int64_t pending = 0;    ///< not delivered yet (includes in flight, backing off and unrouted)
  int64_t in_flight = 0;  ///< claimed, lease not expired
  int64_t unrouted = 0;   ///< pending with no known owner
  int64_t delivered = 0;
  int64_t dead = 0;
  std::optional<TimePoint> oldest_pending;   ///< occurred_at of the oldest pending entry
  std::optional<TimePoint> next_attempt_at;  ///< earliest due time of a pending entry not in
                                             ///< flight (a deliverer may sleep until then)
};

// ---- quote batches ------------------------------------------------------------------------------

enum class BatchStatus { queued, running, done };

/// A quote batch: the request as received and the results as they are produced (JSON text).
struct QuoteBatch {
  std::string id;
  std::string client_id;
  BatchStatus status = BatchStatus::queued;
  std::string request_json;
  std::string results_json;  ///< empty until the first results are stored
  TimePoint created_at;
  TimePoint updated_at;
};

// ---- maintenance --------------------------------------------------------------------------------

/// What `purge` removed.
struct PurgeCounts {
  int64_t idempotency = 0;
  int64_t inbound_events = 0;
  int64_t outbox_delivered = 0;
  int64_t quote_batches = 0;
  int64_t bookings = 0;
};

/// Names for logs, CLI output and the database columns ("in_progress", "pending", ...).
const char* to_string(IdempotencyState state);
const char* to_string(BeginOutcome outcome);
const char* to_string(OutboxState state);
const char* to_string(BatchStatus status);
const char* to_string(StoreError::Code code);
std::optional<OutboxState> parse_outbox_state(std::string_view text);
std::optional<BatchStatus> parse_batch_status(std::string_view text);

}  // namespace travelctl::core::store
