// Carts, reservations and bookings under one mutex, with lazy expiry swept on every call (and by
// a timer when webhooks announce it), each status change told to a listener.
#include "travelctl/core/supplier/sim/state.hpp"

#include <cstdio>

#include "travelctl/core/supplier/sim/fx.hpp"
#include "travelctl/core/supplier/sim/rng.hpp"
#include "travelctl/core/transform/money.hpp"

namespace travelctl::core::supplier::sim {
namespace {

SimError error(int status, std::string code, std::string message) {
  return SimError{status, std::move(code), std::move(message), {}};
}

SimError no_booking(int64_t bid) {
  return error(404, "not_found", "booking " + std::to_string(bid) + " does not exist");
}

}  // namespace

std::string_view status_name(BookingStatus s) {
  switch (s) {
    case BookingStatus::kReserved:
      return "reserved";
    case BookingStatus::kConfirmed:
      return "confirmed";
    case BookingStatus::kCancelled:
      return "cancelled";
    case BookingStatus::kExpired:
      return "expired";
  }
  return "reserved";
}

uint64_t refund_for(uint64_t total, const std::vector<RefundRule>& policy, int64_t hours_left) {
  for (const RefundRule& r : policy) {
    if (hours_left >= r.hours_before) {
      return static_cast<uint64_t>(transform::money::half_up(
          static_cast<transform::money::U128>(total) * static_cast<unsigned>(r.refund_percent),
          100));
    }
  }
  return 0;
}

BookingState::BookingState(uint64_t seed, int64_t hold_ms)
    : cart_salt_(hash_of({seed, 0xCA27})), hold_ms_(hold_ms) {}

void BookingState::sweep(int64_t now_ms) {
  while (!cart_expiry_.empty() && cart_expiry_.begin()->first <= now_ms) {
    carts_.erase(cart_expiry_.begin()->second);
    cart_expiry_.erase(cart_expiry_.begin());
  }
  while (!reservation_expiry_.empty() && reservation_expiry_.begin()->first <= now_ms) {
    // Entries of bookings confirmed or cancelled since are stale: the status check skips them.
    auto it = bookings_.find(reservation_expiry_.begin()->second);
    if (it != bookings_.end() && it->second.info.status == BookingStatus::kReserved) {
      it->second.info.status = BookingStatus::kExpired;
      seats_taken_[it->second.trip_id] -= it->second.seats;
      ++stats_.expirations;
      changed(it->second.info, it->second.info.expires_at_ms);
    }
    reservation_expiry_.erase(reservation_expiry_.begin());
  }
}

void BookingState::on_status_change(StatusListener listener) {
  std::lock_guard lock(mu_);
  listener_ = std::move(listener);
}

void BookingState::changed(const BookingInfo& b, int64_t at_ms) {
  if (listener_) {
    listener_(b.bid, b.status, at_ms);
  }
}

std::optional<int64_t> BookingState::sweep_expired(int64_t now_ms) {
  std::lock_guard lock(mu_);
  sweep(now_ms);
  if (reservation_expiry_.empty()) {
    return std::nullopt;
  }
  return reservation_expiry_.begin()->first;
}

int BookingState::taken(const std::string& trip_id) const {
  auto it = seats_taken_.find(trip_id);
  return it == seats_taken_.end() ? 0 : it->second;
}

BookingState::Booking* BookingState::find_booking(int64_t bid) {
  auto it = bookings_.find(bid);
  return it == bookings_.end() ? nullptr : &it->second;
}

void BookingState::apply_reserved_seats(std::vector<Trip>& trips, int64_t now_ms) {
  std::lock_guard lock(mu_);
  sweep(now_ms);
  if (seats_taken_.empty()) {
    return;
  }
  for (Trip& t : trips) {
    t.seats_left = std::max(0, t.seats_left - taken(t.id));
  }
}

void BookingState::apply_reserved_seats(Trip& trip, int64_t now_ms) {
  std::lock_guard lock(mu_);
  sweep(now_ms);
  trip.seats_left = std::max(0, trip.seats_left - taken(trip.id));
}

Expected<CartInfo, SimError> BookingState::create_cart(const Trip& trip, int seats,
                                                       std::string_view currency, int64_t now_ms) {
  const auto price = convert_from_thb(trip.cart_price_minor, currency);
  if (!price) {
    return unexpected(
        error(400, "invalid_request", "currency '" + std::string(currency) + "' is not sold"));
  }
  if (!trip.bookable) {
    return unexpected(error(409, "not_bookable", "trip " + trip.id + " cannot be booked"));
  }
  std::lock_guard lock(mu_);
  sweep(now_ms);
  const int left = trip.seats_left - taken(trip.id);
  if (left < seats) {
    return unexpected(
        error(409, "sold_out",
              "only " + std::to_string(std::max(0, left)) + " seats left on trip " + trip.id));
  }
  // A bijection of the counter: unique ids that do not look sequential.
  const uint32_t n = static_cast<uint32_t>((++cart_counter_ + cart_salt_) * 0x9E3779B1ULL);
  char id[16];
  std::snprintf(id, sizeof id, "c_%08x", n);
  Cart cart;
  cart.info = CartInfo{id, now_ms + hold_ms_, *price, std::string(currency), seats};
  cart.trip_id = trip.id;
  cart.base_seats = trip.seats_left;
  cart.departs_ms = trip.segments.front().departs_utc * 1000;
  cart.policy = trip.cancellation_policy;
  cart_expiry_.emplace(cart.info.expires_at_ms, cart.info.cart_id);
  ++stats_.carts;
  CartInfo info = cart.info;
  carts_.insert_or_assign(info.cart_id, std::move(cart));
  return info;
}

Expected<CartInfo, SimError> BookingState::find_cart(std::string_view cart_id, int64_t now_ms) {
  std::lock_guard lock(mu_);
  sweep(now_ms);
  auto it = carts_.find(std::string(cart_id));
  if (it == carts_.end()) {
    return unexpected(error(404, "not_found", "cart does not exist or has expired"));
  }
  return it->second.info;
}

Expected<BookingInfo, SimError> BookingState::reserve(std::string_view cart_id,
                                                      ReserveInput passengers, int64_t now_ms) {
  std::lock_guard lock(mu_);
  sweep(now_ms);
  auto it = carts_.find(std::string(cart_id));
  if (it == carts_.end()) {
    return unexpected(error(404, "not_found", "cart does not exist or has expired"));
  }
  const Cart& cart = it->second;
  int& held = seats_taken_[cart.trip_id];
  if (cart.base_seats - held < cart.info.seats) {
    return unexpected(error(409, "sold_out", "not enough seats left on trip " + cart.trip_id));
  }
  held += cart.info.seats;
  Booking b;
  b.info.bid = next_bid_++;
  b.info.status = BookingStatus::kReserved;
  b.info.price_minor = cart.info.price_minor * static_cast<uint64_t>(cart.info.seats);
  b.info.currency = cart.info.currency;
  b.info.passengers_json = std::move(passengers.passengers_json);
  b.info.created_at_ms = now_ms;
  b.info.expires_at_ms = now_ms + hold_ms_;
  b.trip_id = cart.trip_id;
  b.seats = cart.info.seats;
  b.departs_ms = cart.departs_ms;
  b.policy = cart.policy;
  reservation_expiry_.emplace(b.info.expires_at_ms, b.info.bid);
  ++stats_.reservations;
  BookingInfo info = b.info;
  bookings_.emplace(info.bid, std::move(b));
  return info;
}

Expected<BookingInfo, SimError> BookingState::confirm(int64_t bid, int64_t now_ms) {
  std::lock_guard lock(mu_);
  sweep(now_ms);
  Booking* b = find_booking(bid);
  if (b == nullptr) {
    return unexpected(no_booking(bid));
  }
  if (b->info.status != BookingStatus::kReserved) {
    return unexpected(
        error(409, "invalid_state",
              "booking is " + std::string(status_name(b->info.status)) + ", not reserved"));
  }
  b->info.status = BookingStatus::kConfirmed;
  ++stats_.confirmations;
  changed(b->info, now_ms);
  return b->info;
}

Expected<BookingInfo, SimError> BookingState::get(int64_t bid, int64_t now_ms) {
  std::lock_guard lock(mu_);
  sweep(now_ms);
  Booking* b = find_booking(bid);
  if (b == nullptr) {
    return unexpected(no_booking(bid));
  }
  return b->info;
}

Expected<BookingInfo, SimError> BookingState::cancel(int64_t bid, int64_t now_ms) {
  std::lock_guard lock(mu_);
  sweep(now_ms);
  Booking* b = find_booking(bid);
  if (b == nullptr) {
    return unexpected(no_booking(bid));
  }
  if (b->info.status != BookingStatus::kReserved && b->info.status != BookingStatus::kConfirmed) {
    return unexpected(
        error(409, "invalid_state",
              "booking is " + std::string(status_name(b->info.status)) + ", cannot be cancelled"));
  }
  const int64_t ms_left = b->departs_ms - now_ms;
  const int64_t hours_left = ms_left >= 0 ? ms_left / 3'600'000 : -1;
  b->info.refund_minor = refund_for(b->info.price_minor, b->policy, hours_left);
  b->info.status = BookingStatus::kCancelled;
  seats_taken_[b->trip_id] -= b->seats;
  ++stats_.cancellations;
  changed(b->info, now_ms);
  return b->info;
}

SimStats BookingState::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

}  // namespace travelctl::core::supplier::sim
