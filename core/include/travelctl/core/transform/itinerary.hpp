// GET /v1/itineraries/{id}: the supplier's trip, cart and schema answers -> the client's itinerary.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <optional>
#include <string_view>
#include <utility>

#include "travelctl/core/expected.hpp"
#include "travelctl/core/transform/search.hpp"

namespace travelctl::core::transform {

/// Parses a supplier trip answer (`{"trip", "stations", "operators", "classes", "fx"}`): the trip
/// is read by the same rules as a search's trips. The error (not JSON, wrong shape) is a `502`.
/// `readable_past_end` as for parse_supplier_search.
Expected<std::shared_ptr<const SupplierSearch>, std::string> parse_supplier_trip(
    std::string_view body, std::size_t readable_past_end = 0);

/// Whether the parsed trip can be sold for `pax` seats.
enum class TripAvailability {
  available,
  sold_out,  ///< not bookable, or fewer seats left than `pax`: `409 conflict`
  unusable,  ///< its data breaks a rule of the search transform: `502 supplier_error`
};
TripAvailability trip_availability(const SupplierSearch& trip, int pax);

/// The stations a usable trip runs between (first departure, last arrival): the route of the
/// searches that list it. nullopt when the trip's data was not read (not bookable, unusable).
std::optional<std::pair<uint64_t, uint64_t>> trip_route(const SupplierSearch& trip);

/// The supplier's `POST /v1/carts` answer.
struct Cart {
  std::string cart_id;
  std::string expires_at;    ///< copied as the supplier wrote it
  uint64_t price_minor = 0;  ///< per seat, already in `currency`
  std::string currency;
};
/// The error (not JSON, a field missing or of the wrong type) is a `502`.
Expected<Cart, std::string> parse_supplier_cart(std::string_view body);

/// The schema answer's `fields` array, minified, to copy to the client; the error is a `502`.
Expected<std::string, std::string> parse_supplier_schema(std::string_view body);

/// Everything the itinerary body is made of besides the trip.
struct ItineraryParts {
  ItineraryRef ref;  ///< from the decoded itinerary id
  std::string_view itinerary_id;
  std::string_view currency;  ///< the currency asked for (the cart must be priced in it)
  const Cart* cart = nullptr;
  std::string_view passenger_fields_json;
  std::string_view booking_token;
};

/// Appends the client's `200` body: the search itinerary of the trip (its price from the cart with
/// the client's markup), `booking_token`, `expires_at`, `passenger_fields`, `cancellation_policy`
/// and `price_changed` (the cart's per-seat price differs from the search conversion of the trip's
/// price). The error (a cart in another currency, no usable rate, an amount past 64 bits) is a
/// `502`. The trip must be `available`. Returns `price_changed`.
Expected<bool, std::string> render_itinerary(const SupplierSearch& trip,
                                             const ItineraryParts& parts,
                                             const ClientPricing& client, std::string& out);

}  // namespace travelctl::core::transform
