// The itinerary details transform: trip availability, the cart and schema answers, and the body.
#include "travelctl/core/transform/itinerary.hpp"

#include <simdjson.h>

#include "json_text.hpp"
#include "supplier_search.hpp"
#include "travelctl/core/json/writer.hpp"
#include "travelctl/core/transform/money.hpp"

namespace travelctl::core::transform {
namespace {

namespace dom = simdjson::dom;

dom::parser& parser() {
  thread_local dom::parser p;
  return p;
}

}  // namespace

TripAvailability trip_availability(const SupplierSearch& trip, int pax) {
  if (trip.trips.size() != 1) {
    return TripAvailability::unusable;
  }
  const SupplierSearch::Trip& t = trip.trips.front();
  if (!t.bookable || (t.seats_valid && t.seats_left < pax)) {
    return TripAvailability::sold_out;
  }
  return t.seats_valid && t.usable ? TripAvailability::available : TripAvailability::unusable;
}

std::optional<std::pair<uint64_t, uint64_t>> trip_route(const SupplierSearch& trip) {
  if (trip.trips.size() != 1 || trip.trips.front().route_from <= 0 ||
      trip.trips.front().route_to <= 0) {
    return std::nullopt;
  }
  const auto& t = trip.trips.front();
  return std::pair<uint64_t, uint64_t>(static_cast<uint64_t>(t.route_from),
                                       static_cast<uint64_t>(t.route_to));
}

Expected<Cart, std::string> parse_supplier_cart(std::string_view body) {
  dom::element root;
  if (auto err = parser().parse(body.data(), body.size()).get(root); err) {
    return unexpected(std::string("supplier cart body is not JSON: ") +
                      simdjson::error_message(err));
  }
  Cart cart;
  std::string_view id, expires, currency;
  int64_t amount = 0;
  if (root["cart_id"].get_string().get(id) != simdjson::SUCCESS || id.empty()) {
    return unexpected(std::string("supplier cart body has no `cart_id` string"));
  }
  if (root["expires_at"].get_string().get(expires) != simdjson::SUCCESS) {
    return unexpected(std::string("supplier cart body has no `expires_at` string"));
  }
  if (root["price"]["amount_minor"].get_int64().get(amount) != simdjson::SUCCESS || amount < 0 ||
      root["price"]["currency"].get_string().get(currency) != simdjson::SUCCESS) {
    return unexpected(std::string("supplier cart body has no usable `price`"));
  }
  cart.cart_id = std::string(id);
  cart.expires_at = std::string(expires);
  cart.price_minor = static_cast<uint64_t>(amount);
  cart.currency = std::string(currency);
  return cart;
}

Expected<std::string, std::string> parse_supplier_schema(std::string_view body) {
  dom::element root;
  if (auto err = parser().parse(body.data(), body.size()).get(root); err) {
    return unexpected(std::string("supplier schema body is not JSON: ") +
                      simdjson::error_message(err));
  }
  dom::array fields;
  if (root["fields"].get_array().get(fields) != simdjson::SUCCESS) {
    return unexpected(std::string("supplier schema body has no `fields` array"));
  }
  return simdjson::minify(fields);
}

Expected<bool, std::string> render_itinerary(const SupplierSearch& trip,
                                             const ItineraryParts& parts,
                                             const ClientPricing& client, std::string& out) {
  using Error = Unexpected<std::string>;
  const SupplierSearch::Trip& t = trip.trips.front();
  const Cart& cart = *parts.cart;
  if (cart.currency != parts.currency) {
    return Error{"supplier cart is priced in " + cart.currency + ", not " +
                 std::string(parts.currency)};
  }
  const auto rate = trip.rate(cart.currency);
  if (!rate) {
    return Error{rate.error()};
  }
  const int to_exp = money::exponent(cart.currency);
  const auto searched = money::convert(static_cast<uint64_t>(t.amount_minor),
                                       money::exponent(trip.fx_base), to_exp, *rate);
  const int64_t fixed = client.fixed_for(cart.currency);
  const auto per = money::apply_markup(cart.price_minor, static_cast<uint64_t>(client.percent_bps),
                                       static_cast<uint64_t>(fixed));
  const auto amount =
      per ? money::multiply(*per, static_cast<uint64_t>(parts.ref.pax)) : std::nullopt;
  if (!searched || !amount) {
    return Error{"supplier price is too large to represent"};
  }
  const bool changed = *searched != cart.price_minor;

  out += "{\"id\":";
  json::append_string(out, parts.itinerary_id);
  out.push_back(',');
  out += trip.body(t);
  out += ",\"price\":{\"amount\":\"";
  money::append_minor(out, *amount, to_exp);
  out += "\",\"per_passenger\":\"";
  money::append_minor(out, *per, to_exp);
  out += "\",\"currency\":";
  json::append_string(out, cart.currency);
  out += "},\"seats_available\":";
  json::append_int(out, t.seats_left);
  out += ",\"booking_token\":";
  json::append_string(out, parts.booking_token);
  out += ",\"expires_at\":";
  json::append_string(out, cart.expires_at);
  out += ",\"passenger_fields\":";
  out += parts.passenger_fields_json;
  out += ",\"cancellation_policy\":";
  out += trip.cancellation_policy_json;
  out += ",\"price_changed\":";
  out += changed ? "true" : "false";
  out.push_back('}');
  return changed;
}

}  // namespace travelctl::core::transform
