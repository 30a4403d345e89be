// The opaque itinerary id: base64url of (version, pax, date, trip id, checksum); see search.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace travelctl::core::transform {

/// Encodes ids of one search (one date and pax) for many trips: the fixed part is prepared once.
class ItineraryIdEncoder {
 public:
  /// `date` must be `YYYY-MM-DD` and pax 1 to 9 (a validated query); anything else still encodes,
  /// but decodes as invalid.
  ItineraryIdEncoder(std::string_view date, int pax);
  /// Appends the id of `trip_id` to `out`.
  void append(std::string& out, std::string_view trip_id) const;

 private:
  unsigned char header_[6];
  uint64_t header_sum_;
};

/// Appends the id of (trip_id, date, pax) to `out`. `date` must be `YYYY-MM-DD` and pax 1 to 9
/// (a validated query); anything else still encodes, but decodes as invalid.
void append_itinerary_id(std::string& out, std::string_view trip_id, std::string_view date,
                         int pax);

}  // namespace travelctl::core::transform
