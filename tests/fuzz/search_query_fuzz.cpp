// Fuzz target: any query string gets a valid SearchQuery or a non-empty, ordered list of bad
// fields.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "travelctl/core/transform/search.hpp"

using namespace travelctl::core::transform;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ClientPricing client{"USD", {"USD", "EUR", "JPY"}, 500, {{"USD", 50}}};
  const auto q = parse_search_query({reinterpret_cast<const char*>(data), size}, client);
  if (q.has_value()) {
    const bool currency_ok = q->currency == "USD" || q->currency == "EUR" || q->currency == "JPY";
    if (q->from == 0 || q->to == 0 || q->from == q->to || q->pax < 1 || q->pax > 9 ||
        q->limit < 1 || q->limit > 200 || !currency_ok || q->date.size() != 10) {
      std::abort();
    }
    return 0;
  }
  static constexpr std::string_view kOrder[] = {"from",     "to",   "date", "pax",
                                                "currency", "sort", "limit"};
  size_t next = 0;
  if (q.error().empty()) {
    std::abort();
  }
  for (const auto& e : q.error()) {
    while (next < std::size(kOrder) && kOrder[next] != e.field) {
      ++next;
    }
    if (next == std::size(kOrder) || e.reason.empty()) {
      std::abort();  // unknown field, out of order, listed twice, or no reason
    }
    ++next;
  }
  return 0;
}
