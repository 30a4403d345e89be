// GET /v1/itineraries/{id}: trip, cart and schema from the supplier, in that order, then one body.
#include <string>

#include "route_helpers.hpp"
#include "travelctl/core/http/responses.hpp"
#include "travelctl/core/json/writer.hpp"
#include "travelctl/core/proxy/supplier_errors.hpp"
#include "travelctl/core/resilience/search_cache.hpp"
#include "travelctl/core/transform/booking.hpp"
#include "travelctl/core/transform/itinerary.hpp"
#include "worker_handler.hpp"

namespace travelctl::core::proxy {
namespace asio = boost::asio;
using http::Response;
using http::Status;

namespace {

// A supplier failure of this route as the client's error; 409 means the seats are gone.
Response itinerary_failure(const supplier::SupplierReply& reply, std::string_view rid) {
  if (reply.error == http::ClientError::none && reply.status == 409) {
    return http::error_response(Status::conflict, "conflict",
                                "the supplier cannot sell this itinerary any more (not enough "
                                "seats left)",
                                rid);
  }
  if (auto mapped = map_supplier_failure(reply, rid)) {
    return std::move(*mapped);
  }
  return supplier_unusable("unexpected status " + std::to_string(reply.status), rid);
}

std::string cart_body(const transform::ItineraryRef& ref, std::string_view currency) {
  std::string out;
  json::Writer w(out);
  w.begin_object().key("trip_id").string(ref.trip_id).key("date").string(ref.date);
  w.key("seats").integer(ref.pax).key("currency").string(currency).end_object();
  return out;
}

// The seats are gone: the cached searches of that route and day advertise them, so forget them
// rather than send the next clients to the same sold-out trip until the TTL ends.
void evict_searches(resilience::SearchCache* cache, const transform::SupplierSearch& trip,
                    const std::string& date) {
  const auto route = transform::trip_route(trip);
  if (cache == nullptr || !route) {
    return;
  }
  for (int seats = 1; seats <= 9; ++seats) {
    cache->evict(resilience::SearchCache::key(route->first, route->second, date, seats));
  }
}

}  // namespace

asio::awaitable<Response> WorkerHandler::itinerary(const Call& call, std::string_view id,
                                                   std::string_view query) {
  const std::string_view rid = call.rid;
  auto currency = transform::parse_itinerary_query(query, call.client.pricing);
  if (!currency) {
    co_return invalid_request("invalid query parameter(s)", currency.error(), rid);
  }
  auto ref = transform::decode_itinerary_id(id);
  if (!ref) {
    co_return http::error_response(Status::not_found, "not_found", "no such itinerary", rid);
  }

  // The three calls share the request's deadline (Call::deadline), not one timeout each.
  ReplyLease reply(spare_replies_);
  std::string target = "/v1/trips/";
  append_path_segment(target, ref->trip_id);
  target += "?date=" + ref->date + "&seats=" + std::to_string(ref->pax);
  co_await supplier_get(call, target, *reply);
  if (reply->status != 200) {
    co_return itinerary_failure(*reply, rid);
  }
  const std::string& trip_body = reply->response.body();
  auto trip = transform::parse_supplier_trip(trip_body, trip_body.capacity() - trip_body.size());
  if (!trip) {
    reply->report_malformed();
    co_return supplier_unusable(trip.error(), rid);
  }
  switch (transform::trip_availability(**trip, ref->pax)) {
    case transform::TripAvailability::available:
      break;
    case transform::TripAvailability::sold_out:
      evict_searches(shared_->search_cache.get(), **trip, ref->date);
      co_return http::error_response(
          Status::conflict, "conflict",
          "this itinerary is no longer bookable for " + std::to_string(ref->pax) + " passenger(s)",
          rid);
    case transform::TripAvailability::unusable:
      co_return supplier_unusable("the trip's data breaks the transform rules", rid);
  }

  const std::string cart_request = cart_body(*ref, *currency);  // not a co_await temporary (GCC 12)
  co_await supplier_post(call, "/v1/carts", cart_request, *reply);
  if (reply->status != 201 && reply->status != 200) {
    if (reply->error == http::ClientError::none && reply->status == 409) {
      evict_searches(shared_->search_cache.get(), **trip, ref->date);
    }
    co_return itinerary_failure(*reply, rid);
  }
  auto cart = transform::parse_supplier_cart(reply->body());
  if (!cart) {
    reply->report_malformed();
    co_return supplier_unusable(cart.error(), rid);
  }

  target = "/v1/carts/";
  append_path_segment(target, cart->cart_id);
  target += "/schema";
  co_await supplier_get(call, target, *reply);
  if (reply->status != 200) {
    co_return itinerary_failure(*reply, rid);
  }
  auto fields = transform::parse_supplier_schema(reply->body());
  if (!fields) {
    reply->report_malformed();
    co_return supplier_unusable(fields.error(), rid);
  }

  const std::string token =
      transform::encode_booking_token({cart->cart_id, call.client.id, *currency, ref->pax});
  transform::ItineraryParts parts;
  parts.ref = *ref;
  parts.itinerary_id = id;
  parts.currency = *currency;
  parts.cart = &*cart;
  parts.passenger_fields_json = *fields;
  parts.booking_token = token;
  std::string body;
  body.reserve(reply->body().size() + 2048);
  auto rendered = transform::render_itinerary(**trip, parts, call.client.pricing, body);
  if (!rendered) {
    co_return supplier_unusable(rendered.error(), rid);
  }
  co_return http::json_response(Status::ok, std::move(body));
}

}  // namespace travelctl::core::proxy
