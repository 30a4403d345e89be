// Bookings: the booking token, the POST /v1/bookings body, and supplier booking answers -> the
// client's bodies with the Money rules (client-api.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "travelctl/core/expected.hpp"
#include "travelctl/core/transform/search.hpp"

namespace travelctl::core::transform {

/// What a booking token carries: the supplier cart, and for whom and how it was opened.
struct BookingToken {
  std::string cart_id;
  std::string client_id;  ///< the client that opened the itinerary; nobody else may book it
  std::string currency;
  int pax = 1;
};
/// Opaque and URL-safe, with a checksum (same scheme as itinerary ids).
std::string encode_booking_token(const BookingToken& token);
Expected<BookingToken, std::string> decode_booking_token(std::string_view text);

/// A validated `POST /v1/bookings` body.
struct BookingRequest {
  BookingToken token;
  std::string reserve_body;  ///< `{"passengers": [...], "contact": {...}}` for the supplier
};
/// Every bad field listed (400): not a JSON object; `booking_token` missing or not a token;
/// `passengers` not 1-9 objects of strings, or not as many as the token's pax; `contact.email`
/// missing or empty; `contact.phone` not a string.
Expected<BookingRequest, std::vector<FieldError>> parse_booking_request(std::string_view body);

/// `Idempotency-Key`: 1-255 printable ASCII characters.
bool is_valid_idempotency_key(std::string_view key);

/// A client body built from a supplier booking answer, and the booking id in it.
struct BookingBody {
  std::string booking_id;  ///< the supplier's `bid`, as decimal text
  std::string json;
};

/// Supplier reserve/confirm/get/cancel answer -> `{"booking_id", "status", "ticket_url"?,
/// "price"?, "refund"?, "expires_at"?, "passengers"?, "created_at"?}`. `price` is a total for the
/// passengers: marked up per passenger (`pax`, or the answer's passenger count when `pax` is 0);
/// `refund` gets the percentage only. The error (not JSON, no `bid`/`status`, bad money) is a
/// `502`.
Expected<BookingBody, std::string> render_booking(std::string_view supplier_body, int pax,
                                                  const ClientPricing& client);

/// The client's total for a supplier total of `pax` seats: the per-passenger markup of
/// `total / pax`, times pax; a total that does not divide evenly gets the percentage on the total
/// and the fixed fee `pax` times. nullopt past 64 bits.
std::optional<uint64_t> marked_up_total(uint64_t total, int pax, uint64_t percent_bps,
                                        uint64_t fixed);

/// Supplier `422` body -> its `error.fields` (empty when absent or not a list of strings).
std::vector<std::string> supplier_rejected_fields(std::string_view supplier_body);

}  // namespace travelctl::core::transform
