// The search route's pure logic: query validation, the parsed supplier answer, and its rendering.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "travelctl/core/expected.hpp"

namespace travelctl::core::transform {

enum class SortKey { departure, price, duration };

/// A validated `GET /v1/itineraries` query (client-api.md).
struct SearchQuery {
  uint64_t from = 0;
  uint64_t to = 0;
  std::string date;  ///< YYYY-MM-DD, a real calendar date
  int pax = 1;
  std::string currency;
  SortKey sort = SortKey::departure;
  int limit = 50;
};

/// One bad field of a request, as listed in a 400's `details`.
struct FieldError {
  std::string field;
  std::string reason;
};

/// What the transform needs to know of a client: currencies and markup.
struct ClientPricing {
  std::string currency;                 ///< the default currency
  std::vector<std::string> currencies;  ///< the currencies the client may ask for
  int64_t percent_bps = 0;              ///< non-negative
  /// Per-passenger fee by currency, in minor units (non-negative).
  std::vector<std::pair<std::string, int64_t>> fixed;
  int64_t fixed_for(std::string_view currency) const;
};

/// Validates a raw (percent-encoded) query string against client-api.md; every bad field listed.
Expected<SearchQuery, std::vector<FieldError>> parse_search_query(std::string_view raw_query,
                                                                  const ClientPricing& client);

/// Validates the query of `GET /v1/itineraries/{id}`: its only parameter is `currency` (default the
/// client's); other parameters are ignored. Returns the currency.
Expected<std::string, std::vector<FieldError>> parse_itinerary_query(std::string_view raw_query,
                                                                    const ClientPricing& client);

/// The supplier's search answer parsed once and indexed, independent of any client or query:
/// what the search cache keeps, so that a hit costs only render_search(). Immutable once built.
class SupplierSearch;

/// Bytes past the end of a body that the parsers read in place instead of copying it first.
inline constexpr std::size_t kParsePadding = 64;

/// Parses a supplier search body. The error (not JSON, wrong shape) maps to `502 supplier_error`.
/// `readable_past_end`: how many bytes after the body belong to its buffer (may be read, whatever
/// they hold); with kParsePadding or more the body is parsed where it is, else from a copy.
Expected<std::shared_ptr<const SupplierSearch>, std::string> parse_supplier_search(
    std::string_view body, std::size_t readable_past_end = 0);

struct RenderStats {
  std::size_t dropped_unusable = 0;  ///< trips dropped because their data was unusable
};

/// Appends the client's `200` body for `query` to `out`. The error (a missing or malformed rate for
/// the requested currency) maps to `502 supplier_error`.
Expected<RenderStats, std::string> render_search(const SupplierSearch& search,
                                                 const SearchQuery& query,
                                                 const ClientPricing& client, std::string& out);

/// What an itinerary id carries. The id is opaque and URL-safe.
struct ItineraryRef {
  std::string trip_id;
  std::string date;
  int pax = 1;
};
std::string encode_itinerary_id(const ItineraryRef& ref);
/// nullopt-like failure for anything that is not an id this build made (tampered, truncated...).
Expected<ItineraryRef, std::string> decode_itinerary_id(std::string_view id);

}  // namespace travelctl::core::transform
