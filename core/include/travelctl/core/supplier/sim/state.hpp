// The simulator's mutable state: carts, reservations and bookings, shared by every worker thread
// behind one mutex (simple and correct; the simulator is a test double, not the hot path).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "travelctl/core/expected.hpp"
#include "travelctl/core/supplier/sim/catalogue.hpp"

namespace travelctl::core::supplier::sim {

/// A refusal in HTTP terms: status, error code, message and (422 only) the offending fields.
struct SimError {
  int status = 400;
  std::string code;
  std::string message;
  std::vector<std::string> fields;
};

struct CartInfo {
  std::string cart_id;
  int64_t expires_at_ms = 0;
  uint64_t price_minor = 0;  ///< per seat, in `currency`
  std::string currency;
  int seats = 0;
};

enum class BookingStatus { kReserved, kConfirmed, kCancelled, kExpired };
std::string_view status_name(BookingStatus s);

struct BookingInfo {
  int64_t bid = 0;
  BookingStatus status = BookingStatus::kReserved;
  uint64_t price_minor = 0;  ///< total for all seats
  std::string currency;
  std::string passengers_json;  ///< the passengers array as reserved (compact JSON)
  int64_t created_at_ms = 0;
  int64_t expires_at_ms = 0;  ///< when an unconfirmed reservation lapses
  uint64_t refund_minor = 0;  ///< set by cancel
};

/// Counters for tests (GET /_sim/stats).
struct SimStats {
  uint64_t carts = 0;
  uint64_t reservations = 0;
  uint64_t confirmations = 0;
  uint64_t cancellations = 0;
  uint64_t expirations = 0;
};

/// The first booking id handed out.
inline constexpr int64_t kFirstBid = 5550001;

/// Validated passengers of a reserve body.
struct ReserveInput {
  std::string passengers_json;  ///< compact JSON array
  int count = 0;
};

/// Reads a POST /v1/carts/{id}/reserve body for a cart of `seats` seats: 400 when it is not a JSON
/// object with a `passengers` array, 422 (`fields` like `passengers[0].date_of_birth`,
/// `contact.email`) when required fields are missing, empty or malformed, or the passenger count
/// differs from the cart's seats.
Expected<ReserveInput, SimError> parse_reserve_body(std::string_view body, int seats);

/// What a POST /v1/carts body asks for (checked for shape, not yet against the catalogue).
struct CartRequest {
  std::string trip_id;
  int64_t day = 0;
  int seats = 0;
  std::string currency;
};

/// 400 naming the bad field when the body is not `{"trip_id", "date", "seats", "currency"?}`.
Expected<CartRequest, SimError> parse_cart_body(std::string_view body);

/// Told of each booking status change: confirmed, cancelled or expired (a reservation is not a
/// change). `at_ms` is when it happened (for an expiry, when the hold ran out, which may be a
/// little before it was noticed).
using StatusListener = std::function<void(int64_t bid, BookingStatus status, int64_t at_ms)>;

/// Carts, bookings and reserved seats. Every call takes the current time so that tests control
/// expiry; expired carts disappear and expired reservations become `expired` (seats released).
class BookingState {
 public:
  BookingState(uint64_t seed, int64_t hold_ms);

  /// Sets the listener. It is called with the state's lock held, in the order of the changes, so
  /// it must be quick and must not call back into the state.
  void on_status_change(StatusListener listener);

  /// Expires what is due at `now_ms` (as every other call does first); the time of the next
  /// reservation expiry known, if any. For a timer that announces expiry when no call comes.
  std::optional<int64_t> sweep_expired(int64_t now_ms);

  /// Lowers each trip's seats_left by the seats held by live reservations.
  void apply_reserved_seats(std::vector<Trip>& trips, int64_t now_ms);
  void apply_reserved_seats(Trip& trip, int64_t now_ms);

  /// 409 when the trip is not bookable or has fewer than `seats` seats left; 400 for a currency
  /// the simulator does not sell in.
  Expected<CartInfo, SimError> create_cart(const Trip& trip, int seats, std::string_view currency,
                                           int64_t now_ms);
  /// 404 for an unknown or expired cart.
  Expected<CartInfo, SimError> find_cart(std::string_view cart_id, int64_t now_ms);
  /// Takes the cart's seats for a new booking (404 unknown cart, 409 seats gone). Not idempotent.
  Expected<BookingInfo, SimError> reserve(std::string_view cart_id, ReserveInput passengers,
                                          int64_t now_ms);
  /// reserved -> confirmed, else 409.
  Expected<BookingInfo, SimError> confirm(int64_t bid, int64_t now_ms);
  Expected<BookingInfo, SimError> get(int64_t bid, int64_t now_ms);
  /// reserved or confirmed -> cancelled with the refund of the trip's policy, else 409.
  Expected<BookingInfo, SimError> cancel(int64_t bid, int64_t now_ms);

  SimStats stats() const;

 private:
  struct Cart {
    CartInfo info;
    std::string trip_id;
    int base_seats = 0;
    int64_t departs_ms = 0;
    std::vector<RefundRule> policy;
  };
  struct Booking {
    BookingInfo info;
    std::string trip_id;
    int seats = 0;
    int64_t departs_ms = 0;
    std::vector<RefundRule> policy;
  };

  void sweep(int64_t now_ms);                         // with mu_ held
  void changed(const BookingInfo& b, int64_t at_ms);  // with mu_ held
  int taken(const std::string& trip_id) const;
  Booking* find_booking(int64_t bid);

  mutable std::mutex mu_;
  uint64_t cart_salt_;
  int64_t hold_ms_;
  uint64_t cart_counter_ = 0;
  int64_t next_bid_ = kFirstBid;
  std::unordered_map<std::string, Cart> carts_;
  std::multimap<int64_t, std::string> cart_expiry_;
  std::unordered_map<int64_t, Booking> bookings_;
  std::multimap<int64_t, int64_t> reservation_expiry_;
  std::unordered_map<std::string, int> seats_taken_;  // trip id (carries the date) -> seats
  SimStats stats_;
  StatusListener listener_;
};

/// The refund of cancelling `total` at `hours_left` before departure: the percent of the first
/// rule (rules by descending hours_before) with hours_left >= hours_before, else 0; half-up cents.
uint64_t refund_for(uint64_t total, const std::vector<RefundRule>& policy, int64_t hours_left);

}  // namespace travelctl::core::supplier::sim
