// Booking ownership and the idempotency state machine, as SQL on the store's connection.
#include <openssl/rand.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "ops.hpp"

namespace travelctl::core::store::sqlite::ops {
namespace {

// A random 128-bit token: proof that a later complete/release comes from the request that began.
std::string new_token() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    throw SqliteFailure(0, "no randomness available for an idempotency token");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0xf];
  }
  return out;
}

std::string encode_headers(const StoredResponse& response) {
  nlohmann::json array = nlohmann::json::array();
  for (const auto& [name, value] : response.headers) {
    array.push_back({name, value});
  }
  return array.dump();
}

std::vector<std::pair<std::string, std::string>> decode_headers(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  if (text.empty()) {
    return out;
  }
  const auto array = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!array.is_array()) {
    throw SqliteFailure(SQLITE_CORRUPT, "stored response headers are not valid JSON");
  }
  for (const auto& pair : array) {
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
      throw SqliteFailure(SQLITE_CORRUPT, "stored response headers are malformed");
    }
    out.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
  }
  return out;
}

struct IdempotencyRow {
  std::string body_hash;
  std::string state;
  int64_t created_ms = 0;
  int64_t expires_ms = 0;
  std::optional<int64_t> lease_until_ms;
  StoredResponse response;
};

std::optional<IdempotencyRow> find_idempotency(Connection& db, const std::string& client_id,
                                               const std::string& key) {
  Query q = db.query(
      "SELECT body_hash, state, created_ms, expires_ms, lease_until_ms, status, headers, body "
      "FROM idempotency WHERE client_id = ?1 AND key = ?2");
  q.bind(1, client_id).bind(2, key);
  if (!q.step()) {
    return std::nullopt;
  }
  IdempotencyRow row;
  row.body_hash = q.text(0);
  row.state = q.text(1);
  row.created_ms = q.integer(2);
  row.expires_ms = q.integer(3);
  if (!q.is_null(4)) {
    row.lease_until_ms = q.integer(4);
  }
  if (row.state == to_string(IdempotencyState::completed)) {
    row.response.status = static_cast<int>(q.integer(5));
    row.response.headers = decode_headers(q.text(6));
    row.response.body = q.blob(7);
  }
  return row;
}

}  // namespace

Result<Done> record_booking(Connection& db, const BookingRecord& booking) {
  db.query(
        "INSERT INTO bookings (booking_id, client_id, created_ms) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (booking_id) DO NOTHING")
      .bind(1, booking.booking_id)
      .bind(2, booking.client_id)
      .bind(3, to_ms(booking.created_at))
      .run();
  if (db.changes() == 0) {
    Query q = db.query("SELECT client_id FROM bookings WHERE booking_id = ?1");
    q.bind(1, booking.booking_id);
    if (q.step() && q.text(0) != booking.client_id) {
      return unexpected(
          StoreError{StoreError::Code::conflict,
                     "booking " + booking.booking_id + " is already recorded for another client"});
    }
  }
  return Done{};
}

Result<std::optional<BookingRecord>> booking_owner(Connection& db, const std::string& booking_id) {
  Query q = db.query("SELECT client_id, created_ms FROM bookings WHERE booking_id = ?1");
  q.bind(1, booking_id);
  if (!q.step()) {
    return std::optional<BookingRecord>();
  }
  return std::optional<BookingRecord>(BookingRecord{booking_id, q.text(0), from_ms(q.integer(1))});
}

Result<BeginResult> idempotency_begin(Connection& db, const std::string& client_id,
                                      const std::string& key, const std::string& body_hash,
                                      TimePoint now, const Retention& retention) {
  const int64_t now_ms = to_ms(now);
  const auto row = find_idempotency(db, client_id, key);
  BeginResult out;
  if (row && row->expires_ms > now_ms) {
    out.created_at = from_ms(row->created_ms);
    if (row->body_hash != body_hash) {
      out.outcome = BeginOutcome::conflict;
    } else if (row->state == to_string(IdempotencyState::completed)) {
      out.outcome = BeginOutcome::replay;
      out.response = row->response;
    } else if (row->state == to_string(IdempotencyState::unknown_outcome)) {
      out.outcome = BeginOutcome::unknown_outcome;
    } else if (row->lease_until_ms && *row->lease_until_ms > now_ms) {
      out.outcome = BeginOutcome::in_progress;
    } else {
      // The owner neither finished nor renounced within its lease: it died or hung after maybe
      // sending the request. Nobody can tell whether the supplier acted.
      db.query(
            "UPDATE idempotency SET state = 'unknown_outcome', lease_until_ms = NULL "
            "WHERE client_id = ?1 AND key = ?2")
          .bind(1, client_id)
          .bind(2, key)
          .run();
      out.outcome = BeginOutcome::unknown_outcome;
    }
    return out;
  }
  // Absent or expired: the caller owns the key from now on.
  IdempotencyLease lease{client_id, key, new_token()};
  db.query(
        "INSERT OR REPLACE INTO idempotency (client_id, key, body_hash, state, token, created_ms, "
        "expires_ms, lease_until_ms, status, headers, body) "
        "VALUES (?1, ?2, ?3, 'in_progress', ?4, ?5, ?6, ?7, NULL, NULL, NULL)")
      .bind(1, client_id)
      .bind(2, key)
      .bind(3, body_hash)
      .bind(4, lease.token)
      .bind(5, now_ms)
      .bind(6, now_ms + retention.idempotency.count())
      .bind(7, now_ms + retention.in_progress_lease.count())
      .run();
  out.outcome = BeginOutcome::started;
  out.lease = std::move(lease);
  out.created_at = from_ms(now_ms);
  return out;
}

Result<CompleteOutcome> idempotency_complete(Connection& db, const IdempotencyLease& lease,
                                             const StoredResponse& response,
                                             const std::optional<BookingRecord>& booking) {
  if (booking) {
    if (auto recorded = record_booking(db, *booking); !recorded) {
      return unexpected(recorded.error());
    }
  }
  // From unknown_outcome too: the owner outlived its lease but now knows the answer.
  db.query(
        "UPDATE idempotency SET state = 'completed', status = ?4, headers = ?5, body = ?6, "
        "lease_until_ms = NULL WHERE client_id = ?1 AND key = ?2 AND token = ?3 "
        "AND state IN ('in_progress', 'unknown_outcome')")
      .bind(1, lease.client_id)
      .bind(2, lease.key)
      .bind(3, lease.token)
      .bind(4, static_cast<int64_t>(response.status))
      .bind(5, encode_headers(response))
      .bind_blob(6, response.body)
      .run();
  return db.changes() == 1 ? CompleteOutcome::stored : CompleteOutcome::lease_lost;
}

Result<bool> idempotency_release(Connection& db, const IdempotencyLease& lease) {
  db.query(
        "DELETE FROM idempotency WHERE client_id = ?1 AND key = ?2 AND token = ?3 "
        "AND state IN ('in_progress', 'unknown_outcome')")
      .bind(1, lease.client_id)
      .bind(2, lease.key)
      .bind(3, lease.token)
      .run();
  return db.changes() == 1;
}

Result<bool> idempotency_mark_unknown(Connection& db, const IdempotencyLease& lease) {
  db.query(
        "UPDATE idempotency SET state = 'unknown_outcome', lease_until_ms = NULL "
        "WHERE client_id = ?1 AND key = ?2 AND token = ?3 AND state = 'in_progress'")
      .bind(1, lease.client_id)
      .bind(2, lease.key)
      .bind(3, lease.token)
      .run();
  return db.changes() == 1;
}

}  // namespace travelctl::core::store::sqlite::ops
