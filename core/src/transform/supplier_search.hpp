// The parsed, indexed supplier search answer (private to the transform): what the search cache
// keeps.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text_arena.hpp"
#include "travelctl/core/transform/search.hpp"
#include "travelctl/core/transform/time.hpp"

namespace travelctl::core::transform {

/// Everything of an itinerary that depends on neither client nor query is rendered once, at parse
/// time, into `text`; a render only adds the id, the price and the seats, then sorts and copies.
class SupplierSearch {
 public:
  struct Trip {
    uint32_t id_offset = 0;  ///< the supplier trip id's raw bytes in `text`
    uint32_t id_size = 0;
    uint32_t body_offset = 0;  ///< `"departs_at":...,"segments":[...]` in `text`
    uint32_t body_size = 0;
    int64_t amount_minor = 0;  ///< price per seat in fx.base minor units (>= 0)
    int64_t seats_left = 0;
    int64_t duration_minutes = 0;
    Instant departs;
    int64_t route_from = 0;    ///< the first segment's `from_id` (usable trips)
    int64_t route_to = 0;      ///< the last segment's `to_id` (usable trips)
    bool bookable = false;     ///< `bookable` is JSON true
    bool seats_valid = false;  ///< `seats_left` is an integer
    bool usable = false;       ///< every other field checked (client-api.md, transform step 2)
  };
  struct Rate {
    std::string currency;
    std::string text;  ///< the raw rate string, validated only when asked for
    bool is_string = false;
  };

  /// The rate to `currency` in millionths (the first `fx.rates` entry for it), or why there is
  /// none: a missing or malformed rate fails what needs it with `502 supplier_error`.
  Expected<uint64_t, std::string> rate(std::string_view currency) const;
  std::string_view trip_id(const Trip& t) const { return text.view(t.id_offset, t.id_size); }
  std::string_view body(const Trip& t) const { return text.view(t.body_offset, t.body_size); }

  TextArena text;  ///< arena of trip ids and pre-rendered fragments
  std::vector<Trip> trips;
  std::vector<Rate> rates;  ///< fx.rates in document order (first of duplicate keys wins)
  std::string fx_base;
  std::string search_id_json;  ///< `search_id` as a JSON string literal (search answers)
  std::string cancellation_policy_json;  ///< the trip's, minified (trip answers; `[]` if absent)
};


}  // namespace travelctl::core::transform
