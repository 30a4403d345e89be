// The opaque itinerary id: base64url of (version, pax, date, trip id, checksum); see search.hpp.
#pragma once

#include <string>
#include <string_view>

namespace travelctl::core::transform {

/// Appends the id of (trip_id, date, pax) to `out`. `date` must be `YYYY-MM-DD` and pax 1 to 9
/// (a validated query); anything else still encodes, but decodes as invalid.
void append_itinerary_id(std::string& out, std::string_view trip_id, std::string_view date,
                         int pax);

}  // namespace travelctl::core::transform
