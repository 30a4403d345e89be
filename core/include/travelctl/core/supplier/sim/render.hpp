// JSON bodies of the simulator's catalogue answers (GET /v1/search, GET /v1/trips/{id}).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "travelctl/core/supplier/sim/catalogue.hpp"

namespace travelctl::core::supplier::sim {

/// `{"search_id", "trips", "stations", "operators", "classes", "fx"}`; the dictionaries hold
/// exactly the entries the trips refer to, by ascending id.
std::string render_search(std::string_view search_id, const std::vector<Trip>& trips);

/// `{"trip", "stations", "operators", "classes", "fx"}`; the trip also has
/// `cancellation_policy` and `baggage`.
std::string render_trip(const Trip& trip);

}  // namespace travelctl::core::supplier::sim
