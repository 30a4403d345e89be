// Fuzz target: any supplier body is refused cleanly or renders valid JSON for several queries, with
// at most `limit` itineraries whose ids all decode.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "travelctl/core/transform/search.hpp"

using namespace travelctl::core::transform;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ClientPricing client{"USD", {"USD", "EUR", "JPY", "THB"}, 500, {{"USD", 50}}};
  const auto search = parse_supplier_search({reinterpret_cast<const char*>(data), size});
  if (!search.has_value()) {
    return 0;
  }
  for (const char* raw : {"from=1&to=2&date=2026-12-01",
                          "from=1&to=2&date=2026-12-01&pax=9&currency=JPY&sort=price&limit=3",
                          "from=1&to=2&date=2028-02-29&pax=2&currency=EUR&sort=duration"}) {
    const auto q = parse_search_query(raw, client);
    std::string out;
    const auto stats = render_search(**search, *q, client, out);
    if (!stats.has_value()) {
      continue;
    }
    const auto body = nlohmann::json::parse(out, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded() || !body["itineraries"].is_array() ||
        body["itineraries"].size() > static_cast<size_t>(q->limit) ||
        body["count"] != body["itineraries"].size()) {
      std::abort();
    }
    for (const auto& it : body["itineraries"]) {
      const auto ref = decode_itinerary_id(it["id"].get<std::string>());
      if (!ref.has_value() || ref->pax != q->pax || ref->date != q->date) {
        std::abort();
      }
    }
  }
  return 0;
}
