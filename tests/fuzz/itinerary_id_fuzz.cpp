// Fuzz target: an id decodes only if it is exactly what encoding its content gives back, and any
// bytes used as a trip id survive the round trip.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "travelctl/core/transform/search.hpp"

using namespace travelctl::core::transform;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const auto ref = decode_itinerary_id(input);
  if (ref.has_value() && encode_itinerary_id(*ref) != input) {
    std::abort();  // two spellings of one id
  }
  if (!input.empty()) {
    const auto back = decode_itinerary_id(encode_itinerary_id({input, "2026-12-01", 3}));
    if (!back.has_value() || back->trip_id != input || back->date != "2026-12-01" ||
        back->pax != 3) {
      std::abort();
    }
  }
  return 0;
}
