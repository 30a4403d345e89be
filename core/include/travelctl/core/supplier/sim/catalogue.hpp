// The simulator's deterministic catalogue: stations, operators, classes and the trips of a route
// on a date, all derived from the seed so that the same query always gives the same trips.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "travelctl/core/expected.hpp"

namespace travelctl::core::supplier::sim {

enum class Vehicle { kBus, kTrain, kFerry, kVan };

/// "bus", "train", "ferry", "van".
std::string_view vehicle_name(Vehicle v);

struct Station {
  int id = 0;
  std::string_view name;
  int city_id = 0;
  std::string_view lat;  ///< decimal text, written as a JSON number
  std::string_view lng;
  int utc_offset_minutes = 0;
  bool rail = false;  ///< served by trains
  bool port = false;  ///< served by ferries
  double lat_deg = 0;
  double lng_deg = 0;
};

struct Operator {
  int id = 0;
  std::string_view name;
  int rating_tenths = 0;  ///< 46 is a rating of 4.6
  Vehicle vehicle = Vehicle::kBus;
};

struct TravelClass {
  int id = 0;
  std::string_view name;
  Vehicle vehicle = Vehicle::kBus;
};

/// The fixed reference data (sorted by id).
const std::vector<Station>& stations();
const std::vector<Operator>& operators();
const std::vector<TravelClass>& classes();
const Station* find_station(int id);
const Operator* find_operator(int id);
const TravelClass* find_class(int id);

struct Segment {
  int from_id = 0;
  int to_id = 0;
  int64_t departs_utc = 0;  ///< seconds since the epoch
  int64_t arrives_utc = 0;
  int operator_id = 0;
  int class_id = 0;
  Vehicle vehicle = Vehicle::kBus;
  std::vector<std::string_view> amenities;
};

struct RefundRule {
  int hours_before = 0;
  int refund_percent = 0;
};

struct Trip {
  std::string id;  ///< T<from>-<to>-<YYYYMMDD>-<index>: enough to generate the trip again
  std::vector<Segment> segments;
  uint64_t price_minor = 0;       ///< THB minor units, per seat, as searched
  uint64_t cart_price_minor = 0;  ///< what a cart charges per seat (differs when the price moved)
  int seats_left = 0;             ///< before any reservation
  bool bookable = true;
  int rating_tenths = 0;
  std::vector<std::string_view> tags;
  std::vector<RefundRule> cancellation_policy;  ///< by hours_before, descending
  std::string_view baggage;
};

/// A search query as the simulator reads it.
struct SearchQuery {
  int from = 0;
  int to = 0;
  int64_t day = 0;  ///< days since 1970-01-01 of the travel date
  int seats = 1;
};

/// Why a catalogue lookup failed, in HTTP terms (400 bad parameters, 404 unknown).
struct LookupError {
  int status = 400;
  std::string message;
};

/// Generates trips on demand; holds no mutable state, so every thread may share one.
class Catalogue {
 public:
  Catalogue(uint64_t seed, int trips_per_search);

  uint64_t seed() const { return seed_; }
  int trips_per_search() const { return trips_per_search_; }

  /// The trips of the route on the day, in departure order. 404 for an unknown station.
  Expected<std::vector<Trip>, LookupError> search(const SearchQuery& q) const;

  /// The trip with this id on the day (`day` must be the day the id was generated for).
  std::optional<Trip> find_trip(std::string_view id, int64_t day) const;

  /// The search id the answer of `q` carries ("s_" and 6 hex digits).
  std::string search_id(const SearchQuery& q) const;

 private:
  Trip generate(int from, int to, int64_t day, int index) const;

  uint64_t seed_;
  int trips_per_search_;
};

}  // namespace travelctl::core::supplier::sim
