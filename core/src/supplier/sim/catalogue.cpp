// Trip generation: each trip is a pure function of (seed, from, to, day, index), so a trip id is
// enough to find the trip again and every run answers the same query with the same bytes.
#include "travelctl/core/supplier/sim/catalogue.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "civil.hpp"
#include "travelctl/core/supplier/sim/rng.hpp"

namespace travelctl::core::supplier::sim {
namespace {

double distance_km(const Station& a, const Station& b) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double dlat = (b.lat_deg - a.lat_deg) * kRad;
  const double dlng = (b.lng_deg - a.lng_deg) * kRad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(a.lat_deg * kRad) * std::cos(b.lat_deg * kRad) * std::sin(dlng / 2) *
                       std::sin(dlng / 2);
  // Roads and sea lanes are longer than the great circle.
  return 1.3 * 2 * 6371.0 * std::asin(std::sqrt(h));
}

Vehicle pick_vehicle(const Station& a, const Station& b, Rng& rng) {
  if (a.port && b.port) {
    return Vehicle::kFerry;
  }
  if (a.port || b.port) {
    return rng.chance(1, 2) ? Vehicle::kFerry : Vehicle::kVan;
  }
  if (a.rail && b.rail && rng.chance(3, 5)) {
    return Vehicle::kTrain;
  }
  return rng.chance(3, 4) ? Vehicle::kBus : Vehicle::kVan;
}

template <class T>
const T& pick_for(const std::vector<T>& all, Vehicle v, Rng& rng) {
  std::vector<const T*> fit;
  for (const T& t : all) {
    if (t.vehicle == v) {
      fit.push_back(&t);
    }
  }
  return *fit[rng.below(fit.size())];
}

std::vector<std::string_view> pick_amenities(Vehicle v, Rng& rng) {
  static const std::vector<std::string_view> kBus = {"wifi",  "ac",      "toilet",         "usb",
                                                     "snack", "blanket", "reclining_seats"};
  static const std::vector<std::string_view> kTrain = {"ac", "toilet", "dining_car", "bed",
                                                       "power_outlet"};
  static const std::vector<std::string_view> kFerry = {"snack_bar", "toilet", "outdoor_deck",
                                                       "life_jackets"};
  static const std::vector<std::string_view> kVan = {"ac", "usb", "hotel_pickup"};
  const auto& pool = v == Vehicle::kBus     ? kBus
                     : v == Vehicle::kTrain ? kTrain
                     : v == Vehicle::kFerry ? kFerry
                                            : kVan;
  std::vector<std::string_view> out;
  for (auto a : pool) {
    if (rng.chance(3, 5)) {
      out.push_back(a);
    }
  }
  return out;
}

// THB per km and a boarding fee, by vehicle; classes above the cheapest cost more.
uint64_t segment_price_thb(Vehicle v, int class_rank, double km, Rng& rng) {
  double per_km = 1.0;
  double base = 40;
  switch (v) {
    case Vehicle::kBus:
      per_km = 0.9;
      break;
    case Vehicle::kTrain:
      per_km = 0.7;
      base = 30;
      break;
    case Vehicle::kFerry:
      per_km = 4.0;
      base = 250;
      break;
    case Vehicle::kVan:
      per_km = 1.4;
      base = 60;
      break;
  }
  const double factor = 1.0 + 0.25 * class_rank + 0.3 * rng.unit();
  const double thb = (base + per_km * km) * factor;
  return static_cast<uint64_t>(std::max(80.0, std::round(thb / 10) * 10));
}

// The stations a multi-segment trip changes at: among those with the least detour.
std::vector<int> pick_stops(const Station& from, const Station& to, int count, Rng& rng) {
  struct Candidate {
    double detour;
    int id;
  };
  std::vector<Candidate> c;
  const double direct = distance_km(from, to);
  for (const Station& s : stations()) {
    if (s.id != from.id && s.id != to.id) {
      c.push_back({distance_km(from, s) + distance_km(s, to) - direct, s.id});
    }
  }
  std::sort(c.begin(), c.end(), [](const Candidate& a, const Candidate& b) {
    return a.detour != b.detour ? a.detour < b.detour : a.id < b.id;
  });
  c.resize(std::min<size_t>(c.size(), 8));
  std::vector<int> out;
  while (static_cast<int>(out.size()) < count) {
    const int id = c[rng.below(c.size())].id;
    if (std::find(out.begin(), out.end(), id) == out.end()) {
      out.push_back(id);
    }
  }
  // Travel order: nearest to the origin first.
  std::sort(out.begin(), out.end(), [&](int a, int b) {
    return distance_km(from, *find_station(a)) < distance_km(from, *find_station(b));
  });
  return out;
}

int pick_segment_count(Rng& rng) {
  const uint64_t r = rng.below(20);
  return r < 10 ? 1 : r < 16 ? 2 : r < 19 ? 3 : 4;
}

std::vector<RefundRule> pick_policy(Rng& rng) {
  switch (rng.below(4)) {
    case 0:
      return {{48, 90}, {24, 50}};
    case 1:
      return {{24, 80}};
    case 2:
      return {{168, 100}, {48, 75}, {12, 25}};
    default:
      return {};  // non-refundable
  }
}

std::string_view baggage_for(Vehicle v) {
  switch (v) {
    case Vehicle::kTrain:
      return "2 bags, 30 kg";
    case Vehicle::kFerry:
      return "1 bag, 15 kg";
    case Vehicle::kVan:
      return "1 bag, 10 kg";
    case Vehicle::kBus:
      break;
  }
  return "1 bag, 20 kg";
}

int class_rank(const TravelClass& c) {
  int rank = 0;
  for (const TravelClass& o : classes()) {
    if (o.vehicle == c.vehicle && o.id < c.id) {
      ++rank;
    }
  }
  return rank;
}

bool read_int(std::string_view text, int64_t& out) {
  if (text.empty() || (text.size() > 1 && text[0] == '0')) {
    return false;
  }
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && p == text.data() + text.size();
}

}  // namespace

Catalogue::Catalogue(uint64_t seed, int trips_per_search)
    : seed_(seed), trips_per_search_(std::max(0, trips_per_search)) {}

Trip Catalogue::generate(int from_id, int to_id, int64_t day, int index) const {
  Rng rng(hash_of({seed_, static_cast<uint64_t>(from_id), static_cast<uint64_t>(to_id),
                   static_cast<uint64_t>(day), static_cast<uint64_t>(index)}));
  const Station& from = *find_station(from_id);
  const Station& to = *find_station(to_id);
  Trip trip;
  trip.id.reserve(32);
  trip.id += 'T';
  trip.id += std::to_string(from_id);
  trip.id += '-';
  trip.id += std::to_string(to_id);
  trip.id += '-';
  trip.id += compact_date(day);
  trip.id += '-';
  trip.id += std::to_string(index);

  std::vector<int> path{from_id};
  const int count = pick_segment_count(rng);
  for (int stop : pick_stops(from, to, count - 1, rng)) {
    path.push_back(stop);
  }
  path.push_back(to_id);

  // First departure between 05:00 and 23:55 local time at the origin, on the travel day.
  const int64_t local_minutes = rng.between(5 * 12, 23 * 12 + 11) * 5;
  int64_t t = day * 86400 + local_minutes * 60 - int64_t{from.utc_offset_minutes} * 60;
  uint64_t price_thb = 0;
  int rating_sum = 0;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    const Station& a = *find_station(path[i]);
    const Station& b = *find_station(path[i + 1]);
    Segment seg;
    seg.from_id = a.id;
    seg.to_id = b.id;
    seg.vehicle = pick_vehicle(a, b, rng);
    const Operator& op = pick_for(operators(), seg.vehicle, rng);
    const TravelClass& cls = pick_for(classes(), seg.vehicle, rng);
    seg.operator_id = op.id;
    seg.class_id = cls.id;
    seg.amenities = pick_amenities(seg.vehicle, rng);
    const double km = distance_km(a, b);
    const double kmh = seg.vehicle == Vehicle::kFerry ? 30 : seg.vehicle == Vehicle::kVan ? 65 : 55;
    const double minutes = std::max(30.0, km / kmh * 60 * (0.9 + 0.4 * rng.unit()));
    seg.departs_utc = t;
    seg.arrives_utc = t + static_cast<int64_t>(std::round(minutes / 5)) * 5 * 60;
    t = seg.arrives_utc + rng.between(4, 24) * 5 * 60;  // 20 minutes to 2 hours to change
    price_thb += segment_price_thb(seg.vehicle, class_rank(cls), km, rng);
    rating_sum += op.rating_tenths;
    trip.segments.push_back(std::move(seg));
  }
  trip.price_minor = price_thb * 100;
  // One trip in eight changes price between search and cart (up 3-15% or down 3-10%).
  trip.cart_price_minor = trip.price_minor;
  if (rng.chance(1, 8)) {
    const int64_t pct = rng.chance(2, 3) ? rng.between(3, 15) : -rng.between(3, 10);
    const int64_t moved_thb = (static_cast<int64_t>(price_thb) * (100 + pct) + 50) / 100;
    trip.cart_price_minor = static_cast<uint64_t>(moved_thb) * 100;  // whole baht
  }
  trip.bookable = !rng.chance(1, 16);
  trip.seats_left =
      rng.chance(1, 8) ? static_cast<int>(rng.between(0, 3)) : static_cast<int>(rng.between(5, 45));
  const int avg = rating_sum / static_cast<int>(trip.segments.size());
  trip.rating_tenths = std::clamp(avg + static_cast<int>(rng.between(-3, 3)), 10, 50);
  trip.cancellation_policy = pick_policy(rng);
  static const std::string_view kTags[] = {"instant", "e-ticket", "best-seller", "eco"};
  for (auto tag : kTags) {
    if (rng.chance(1, 2)) {
      trip.tags.push_back(tag);
    }
  }
  if (!trip.cancellation_policy.empty()) {
    trip.tags.push_back("refundable");
  }
  trip.baggage = baggage_for(trip.segments.front().vehicle);
  return trip;
}

Expected<std::vector<Trip>, LookupError> Catalogue::search(const SearchQuery& q) const {
  if (q.from == q.to) {
    return unexpected(LookupError{400, "from and to must differ"});
  }
  if (find_station(q.from) == nullptr) {
    return unexpected(LookupError{404, "unknown station " + std::to_string(q.from)});
  }
  if (find_station(q.to) == nullptr) {
    return unexpected(LookupError{404, "unknown station " + std::to_string(q.to)});
  }
  std::vector<Trip> trips;
  trips.reserve(static_cast<size_t>(trips_per_search_));
  for (int i = 0; i < trips_per_search_; ++i) {
    trips.push_back(generate(q.from, q.to, q.day, i));
  }
  std::stable_sort(trips.begin(), trips.end(), [](const Trip& a, const Trip& b) {
    return a.segments.front().departs_utc < b.segments.front().departs_utc;
  });
  return trips;
}

std::optional<Trip> Catalogue::find_trip(std::string_view id, int64_t day) const {
  // T<from>-<to>-<YYYYMMDD>-<index>, canonical spelling only.
  if (id.size() < 2 || id[0] != 'T') {
    return std::nullopt;
  }
  int64_t parts[4];
  std::string_view rest = id.substr(1);
  for (int i = 0; i < 4; ++i) {
    const size_t dash = i < 3 ? rest.find('-') : rest.size();
    if (dash == std::string_view::npos || !read_int(rest.substr(0, dash), parts[i])) {
      return std::nullopt;
    }
    rest = dash < rest.size() ? rest.substr(dash + 1) : std::string_view{};
  }
  const auto from = parts[0];
  const auto to = parts[1];
  const auto index = parts[3];
  if (from == to || from > 1'000'000 || to > 1'000'000 ||
      find_station(static_cast<int>(from)) == nullptr ||
      find_station(static_cast<int>(to)) == nullptr || index >= trips_per_search_ ||
      std::to_string(parts[2]) != compact_date(day)) {
    return std::nullopt;
  }
  Trip trip = generate(static_cast<int>(from), static_cast<int>(to), day, static_cast<int>(index));
  if (trip.id != id) {
    return std::nullopt;
  }
  return trip;
}

std::string Catalogue::search_id(const SearchQuery& q) const {
  const uint64_t h = hash_of({seed_, static_cast<uint64_t>(q.from), static_cast<uint64_t>(q.to),
                              static_cast<uint64_t>(q.day), static_cast<uint64_t>(q.seats)});
  char buf[16];
  std::snprintf(buf, sizeof buf, "s_%06llx", static_cast<unsigned long long>(h & 0xFFFFFF));
  return buf;
}

}  // namespace travelctl::core::supplier::sim
