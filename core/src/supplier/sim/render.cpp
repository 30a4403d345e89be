// Writes the catalogue answers with the direct JSON writer: deterministic key order and bytes.
#include "travelctl/core/supplier/sim/render.hpp"

#include <set>

#include "civil.hpp"
#include "travelctl/core/json/writer.hpp"
#include "travelctl/core/supplier/sim/fx.hpp"

namespace travelctl::core::supplier::sim {
namespace {

std::string tenths(int v) { return std::to_string(v / 10) + "." + std::to_string(v % 10); }

void write_money(json::Writer& w, uint64_t minor, std::string_view currency) {
  w.begin_object();
  w.key("amount_minor").integer(static_cast<int64_t>(minor)).key("currency").string(currency);
  w.end_object();
}

void write_trip_fields(json::Writer& w, const Trip& t) {
  w.key("id").string(t.id);
  w.key("segments").begin_array();
  for (const Segment& s : t.segments) {
    w.begin_object();
    w.key("from_id").integer(s.from_id).key("to_id").integer(s.to_id);
    w.key("departs_at")
        .string(format_local(s.departs_utc, find_station(s.from_id)->utc_offset_minutes));
    w.key("arrives_at")
        .string(format_local(s.arrives_utc, find_station(s.to_id)->utc_offset_minutes));
    w.key("operator_id").integer(s.operator_id).key("class_id").integer(s.class_id);
    w.key("vehicle").string(vehicle_name(s.vehicle));
    w.key("amenities").begin_array();
    for (auto a : s.amenities) {
      w.string(a);
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("price");
  write_money(w, t.price_minor, "THB");
  w.key("seats_left").integer(t.seats_left);
  w.key("bookable").boolean(t.bookable);
  w.key("rating").raw(tenths(t.rating_tenths));
  w.key("tags").begin_array();
  for (auto tag : t.tags) {
    w.string(tag);
  }
  w.end_array();
}

// The dictionaries and the fx block, for the ids the trips use.
void write_dictionaries(json::Writer& w, const std::vector<const Trip*>& trips) {
  std::set<int> station_ids, operator_ids, class_ids;
  for (const Trip* t : trips) {
    for (const Segment& s : t->segments) {
      station_ids.insert(s.from_id);
      station_ids.insert(s.to_id);
      operator_ids.insert(s.operator_id);
      class_ids.insert(s.class_id);
    }
  }
  w.key("stations").begin_object();
  for (int id : station_ids) {
    const Station& s = *find_station(id);
    w.key(std::to_string(id)).begin_object();
    w.key("name").string(s.name).key("city_id").integer(s.city_id);
    w.key("lat").raw(s.lat).key("lng").raw(s.lng);
    w.end_object();
  }
  w.end_object();
  w.key("operators").begin_object();
  for (int id : operator_ids) {
    const Operator& o = *find_operator(id);
    w.key(std::to_string(id)).begin_object();
    w.key("name").string(o.name).key("rating").raw(tenths(o.rating_tenths));
    w.end_object();
  }
  w.end_object();
  w.key("classes").begin_object();
  for (int id : class_ids) {
    w.key(std::to_string(id)).begin_object().key("name").string(find_class(id)->name).end_object();
  }
  w.end_object();
  w.key("fx").begin_object().key("base").string("THB").key("rates").begin_object();
  for (const FxRate& r : fx_rates()) {
    w.key(r.currency).string(r.rate);
  }
  w.end_object().end_object();
}

}  // namespace

std::string render_search(std::string_view search_id, const std::vector<Trip>& trips) {
  std::string out;
  out.reserve(1024 + trips.size() * 700);
  json::Writer w(out);
  w.begin_object().key("search_id").string(search_id);
  w.key("trips").begin_array();
  std::vector<const Trip*> refs;
  for (const Trip& t : trips) {
    w.begin_object();
    write_trip_fields(w, t);
    w.end_object();
    refs.push_back(&t);
  }
  w.end_array();
  write_dictionaries(w, refs);
  w.end_object();
  return out;
}

std::string render_trip(const Trip& trip) {
  std::string out;
  out.reserve(2048);
  json::Writer w(out);
  w.begin_object().key("trip").begin_object();
  write_trip_fields(w, trip);
  w.key("cancellation_policy").begin_array();
  for (const RefundRule& r : trip.cancellation_policy) {
    w.begin_object().key("hours_before").integer(r.hours_before);
    w.key("refund_percent").integer(r.refund_percent).end_object();
  }
  w.end_array();
  w.key("baggage").string(trip.baggage);
  w.end_object();
  write_dictionaries(w, {&trip});
  w.end_object();
  return out;
}

}  // namespace travelctl::core::supplier::sim
