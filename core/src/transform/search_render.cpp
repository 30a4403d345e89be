// SupplierSearch + query + client -> the client's search body: filter, price, sort, write. This is
// all a search-cache hit costs, so it allocates nothing a reused per-thread buffer can hold.
#include <algorithm>

#include "supplier_search.hpp"
#include "travelctl/core/json/writer.hpp"
#include "travelctl/core/transform/itinerary_id.hpp"
#include "travelctl/core/transform/money.hpp"

namespace travelctl::core::transform {
namespace {

struct Candidate {
  Instant departs;
  uint64_t amount = 0;
  uint64_t per_passenger = 0;
  int64_t duration = 0;
  std::string_view trip_id;
  const SupplierSearch::Trip* trip = nullptr;
};

// -1, 0, 1 on one key.
template <class T>
int cmp(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// The requested key first, then departure instant, amount, duration, trip id (byte order).
struct Order {
  SortKey key;
  bool operator()(const Candidate& a, const Candidate& b) const {
    int c = 0;
    if (key == SortKey::price) {
      c = cmp(a.amount, b.amount);
    } else if (key == SortKey::duration) {
      c = cmp(a.duration, b.duration);
    }
    if (c == 0) {
      c = cmp(a.departs, b.departs);
    }
    if (c == 0) {
      c = cmp(a.amount, b.amount);
    }
    if (c == 0) {
      c = cmp(a.duration, b.duration);
    }
    if (c == 0) {
      c = a.trip_id.compare(b.trip_id);  // char_traits<char> compares as unsigned bytes
    }
    return c < 0;
  }
};

void write_itinerary(std::string& out, const SupplierSearch& search, const Candidate& c,
                     const SearchQuery& query, const ItineraryIdEncoder& ids, int exp) {
  out += "{\"id\":\"";
  ids.append(out, c.trip_id);
  out += "\",";
  out += search.body(*c.trip);
  out += ",\"price\":{\"amount\":\"";
  money::append_minor(out, c.amount, exp);
  out += "\",\"per_passenger\":\"";
  money::append_minor(out, c.per_passenger, exp);
  out += "\",\"currency\":";
  json::append_string(out, query.currency);
  out += "},\"seats_available\":";
  json::append_int(out, c.trip->seats_left);
  out.push_back('}');
}

}  // namespace

Expected<uint64_t, std::string> SupplierSearch::rate(std::string_view currency) const {
  for (const auto& r : rates) {
    if (r.currency != currency) {
      continue;
    }
    if (auto v = r.is_string ? money::parse_rate(r.text) : std::nullopt) {
      return *v;
    }
    return unexpected("supplier fx rate for " + std::string(currency) + " is malformed");
  }
  return unexpected("supplier fx has no rate for " + std::string(currency));
}

Expected<RenderStats, std::string> render_search(const SupplierSearch& search,
                                                 const SearchQuery& query,
                                                 const ClientPricing& client, std::string& out) {
  using Error = Unexpected<std::string>;
  const auto rate = search.rate(query.currency);
  if (!rate) {
    return Error{rate.error()};
  }
  const int64_t fixed = client.fixed_for(query.currency);
  if (client.percent_bps < 0 || fixed < 0) {
    return Error{"client markup is negative"};
  }
  const int from_exp = money::exponent(search.fx_base);
  const int to_exp = money::exponent(query.currency);
  const auto pax = static_cast<uint64_t>(query.pax);

  thread_local std::vector<Candidate> kept;
  kept.clear();
  RenderStats stats;
  for (const auto& t : search.trips) {
    if (!t.bookable) {
      continue;
    }
    if (!t.seats_valid) {
      ++stats.dropped_unusable;
      continue;
    }
    if (t.seats_left < query.pax) {
      continue;
    }
    if (!t.usable) {
      ++stats.dropped_unusable;
      continue;
    }
    std::optional<uint64_t> per;
    std::optional<uint64_t> amount;
    if (auto c = money::convert(static_cast<uint64_t>(t.amount_minor), from_exp, to_exp, *rate)) {
      per = money::apply_markup(*c, static_cast<uint64_t>(client.percent_bps),
                                static_cast<uint64_t>(fixed));
    }
    if (per) {
      amount = money::multiply(*per, pax);
    }
    if (!amount) {
      ++stats.dropped_unusable;  // a price too large to represent is unusable data
      continue;
    }
    kept.push_back({t.departs, *amount, *per, t.duration_minutes, search.trip_id(t), &t});
  }

  const size_t n = std::min(kept.size(), static_cast<size_t>(std::max(query.limit, 0)));
  const Order order{query.sort};
  if (n < kept.size()) {
    std::partial_sort(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(n), kept.end(),
                      order);
  } else {
    std::sort(kept.begin(), kept.end(), order);
  }

  size_t bytes = 128;
  for (size_t i = 0; i < n; ++i) {
    bytes += kept[i].trip->body_size + kept[i].trip->id_size * 2 + 160;
  }
  out.reserve(out.size() + bytes);
  const ItineraryIdEncoder ids(query.date, query.pax);
  out += "{\"itineraries\":[";
  for (size_t i = 0; i < n; ++i) {
    if (i != 0) {
      out.push_back(',');
    }
    write_itinerary(out, search, kept[i], query, ids, to_exp);
  }
  out += "],\"count\":";
  json::append_int(out, static_cast<int64_t>(n));
  out += ",\"currency\":";
  json::append_string(out, query.currency);
  out += ",\"search_id\":";
  out += search.search_id_json;
  out.push_back('}');
  return stats;
}

}  // namespace travelctl::core::transform
