// Fuzz target: any POST /v1/bookings body is a valid booking request whose reserve body is JSON,
// or a non-empty list of bad fields each with a reason; never a crash.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "travelctl/core/transform/booking.hpp"

using namespace travelctl::core::transform;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto r = parse_booking_request(body);
  if (r.has_value()) {
    const auto reserve = nlohmann::json::parse(r->reserve_body, nullptr, false);
    if (reserve.is_discarded() || !reserve["passengers"].is_array() ||
        reserve["passengers"].size() != static_cast<size_t>(r->token.pax)) {
      std::abort();
    }
    return 0;
  }
  if (r.error().empty()) {
    std::abort();
  }
  for (const auto& e : r.error()) {
    if (e.field.empty() || e.reason.empty()) {
      std::abort();
    }
  }
  // The supplier answers go through the same kind of checks.
  (void)render_booking(body, 2, ClientPricing{"USD", {"USD"}, 500, {{"USD", 50}}});
  (void)supplier_rejected_fields(body);
  (void)decode_booking_token(body);
  return 0;
}
