// The simulator's reference data: South-East Asian stations, operators and travel classes.
#include <algorithm>
#include <cstdlib>
#include <string>

#include "travelctl/core/supplier/sim/catalogue.hpp"

namespace travelctl::core::supplier::sim {
namespace {

constexpr int kIct = 7 * 60;       // Thailand, Laos, Cambodia, Vietnam
constexpr int kMyt = 8 * 60;       // Malaysia, Singapore
constexpr int kMmt = 6 * 60 + 30;  // Myanmar

Station st(int id, std::string_view name, int city, std::string_view lat, std::string_view lng,
           int offset, bool rail = false, bool port = false) {
  Station s{id, name, city, lat, lng, offset, rail, port};
  s.lat_deg = std::strtod(std::string(lat).c_str(), nullptr);
  s.lng_deg = std::strtod(std::string(lng).c_str(), nullptr);
  return s;
}

std::vector<Station> make_stations() {
  return {
      st(101, "Bangkok Mo Chit", 1, "13.81", "100.55", kIct),
      st(102, "Bangkok Hua Lamphong", 1, "13.74", "100.52", kIct, true),
      st(103, "Bangkok Ekkamai", 1, "13.72", "100.58", kIct),
      st(104, "Bangkok Suvarnabhumi Airport", 1, "13.69", "100.75", kIct),
      st(117, "Chiang Mai Arcade", 2, "18.80", "99.02", kIct),
      st(118, "Chiang Mai Railway Station", 2, "18.78", "99.02", kIct, true),
      st(120, "Chiang Rai Bus Terminal 2", 3, "19.95", "99.88", kIct),
      st(125, "Pai Bus Station", 4, "19.36", "98.44", kIct),
      st(130, "Ayutthaya Railway Station", 5, "14.36", "100.58", kIct, true),
      st(135, "Hua Hin Railway Station", 6, "12.57", "99.96", kIct, true),
      st(140, "Surat Thani Phun Phin Station", 7, "9.11", "99.23", kIct, true),
      st(141, "Surat Thani Donsak Pier", 7, "9.32", "99.69", kIct, false, true),
      st(145, "Koh Samui Nathon Pier", 8, "9.53", "99.94", kIct, false, true),
      st(146, "Koh Phangan Thong Sala Pier", 9, "9.71", "100.01", kIct, false, true),
      st(147, "Koh Tao Mae Haad Pier", 10, "10.09", "99.83", kIct, false, true),
      st(150, "Krabi Pier", 11, "8.07", "98.91", kIct, false, true),
      st(151, "Krabi Bus Terminal", 11, "8.12", "98.92", kIct),
      st(155, "Phuket Bus Terminal 2", 12, "7.91", "98.39", kIct),
      st(156, "Phuket Rassada Pier", 12, "7.86", "98.40", kIct, false, true),
      st(158, "Koh Phi Phi Tonsai Pier", 13, "7.74", "98.77", kIct, false, true),
      st(160, "Koh Lanta Saladan Pier", 14, "7.64", "99.04", kIct, false, true),
      st(165, "Hat Yai Junction", 15, "7.00", "100.47", kIct, true),
      st(170, "Nong Khai Railway Station", 16, "17.87", "102.72", kIct, true),
      st(172, "Udon Thani Bus Terminal 2", 17, "17.42", "102.80", kIct),
      st(175, "Pattaya North Bus Station", 18, "12.95", "100.90", kIct),
      st(201, "Vientiane Talat Sao", 30, "17.96", "102.61", kIct),
      st(202, "Vientiane Railway Station", 30, "18.04", "102.63", kIct, true),
      st(205, "Vang Vieng Bus Station", 31, "18.92", "102.45", kIct),
      st(206, "Luang Prabang Naluang Station", 32, "19.87", "102.14", kIct),
      st(301, "Phnom Penh Central Market", 40, "11.57", "104.92", kIct),
      st(302, "Siem Reap Bus Station", 41, "13.35", "103.87", kIct),
      st(303, "Sihanoukville Bus Station", 42, "10.63", "103.51", kIct),
      st(305, "Kampot Bus Station", 43, "10.61", "104.18", kIct),
      st(401, "Ho Chi Minh City Pham Ngu Lao", 50, "10.77", "106.69", kIct),
      st(402, "Hanoi Gia Lam", 51, "21.05", "105.88", kIct),
      st(501, "Kuala Lumpur TBS", 60, "3.08", "101.71", kMyt),
      st(502, "Penang Sungai Nibong", 61, "5.34", "100.30", kMyt),
      st(503, "Langkawi Kuah Jetty", 62, "6.31", "99.85", kMyt, false, true),
      st(601, "Singapore Golden Mile Complex", 70, "1.30", "103.86", kMyt),
      st(701, "Yangon Aung Mingalar", 80, "16.90", "96.15", kMmt),
      st(702, "Myawaddy Bus Station", 81, "16.69", "98.51", kMmt),
  };
}

template <class T>
const T* find_by_id(const std::vector<T>& v, int id) {
  auto it = std::lower_bound(v.begin(), v.end(), id, [](const T& t, int i) { return t.id < i; });
  return it != v.end() && it->id == id ? &*it : nullptr;
}

}  // namespace

std::string_view vehicle_name(Vehicle v) {
  switch (v) {
    case Vehicle::kBus:
      return "bus";
    case Vehicle::kTrain:
      return "train";
    case Vehicle::kFerry:
      return "ferry";
    case Vehicle::kVan:
      return "van";
  }
  return "bus";
}

const std::vector<Station>& stations() {
  static const std::vector<Station> kStations = make_stations();
  return kStations;
}

const std::vector<Operator>& operators() {
  static const std::vector<Operator> kOperators = {
      {1, "Nakhonchai Air", 46, Vehicle::kBus},
      {2, "Green Bus", 43, Vehicle::kBus},
      {3, "Sombat Tour", 44, Vehicle::kBus},
      {4, "The Transport Co. (999)", 40, Vehicle::kBus},
      {5, "Phuket Travel Service", 41, Vehicle::kBus},
      {6, "Giant Ibis", 45, Vehicle::kBus},
      {7, "Mekong Express", 42, Vehicle::kBus},
      {8, "KKKL Travel", 43, Vehicle::kBus},
      {9, "Aeroline", 45, Vehicle::kBus},
      {10, "Sorya Transport", 39, Vehicle::kBus},
      {20, "State Railway of Thailand", 40, Vehicle::kTrain},
      {21, "Laos-China Railway", 46, Vehicle::kTrain},
      {22, "KTM Berhad", 42, Vehicle::kTrain},
      {30, "Lomprayah", 45, Vehicle::kFerry},
      {31, "Seatran Discovery", 44, Vehicle::kFerry},
      {32, "Songserm", 38, Vehicle::kFerry},
      {33, "Phi Phi Cruiser", 40, Vehicle::kFerry},
      {34, "Raja Ferry", 41, Vehicle::kFerry},
      {40, "Bell Travel Service", 43, Vehicle::kVan},
      {41, "Prempracha Transport", 41, Vehicle::kVan},
      {42, "Avisa \"Express\" Van", 39, Vehicle::kVan},
  };
  return kOperators;
}

const std::vector<TravelClass>& classes() {
  static const std::vector<TravelClass> kClasses = {
      {1, "Standard", Vehicle::kBus},
      {2, "VIP 24", Vehicle::kBus},
      {3, "VIP 32", Vehicle::kBus},
      {4, "First Class", Vehicle::kBus},
      {10, "Second Class Sleeper", Vehicle::kTrain},
      {11, "Second Class Seat", Vehicle::kTrain},
      {12, "First Class Sleeper", Vehicle::kTrain},
      {13, "Third Class", Vehicle::kTrain},
      {20, "Economy Seat", Vehicle::kFerry},
      {21, "Upper Deck", Vehicle::kFerry},
      {22, "Speedboat", Vehicle::kFerry},
      {30, "Minivan 9 seats", Vehicle::kVan},
      {31, "Minivan 13 seats", Vehicle::kVan},
  };
  return kClasses;
}

const Station* find_station(int id) { return find_by_id(stations(), id); }
const Operator* find_operator(int id) { return find_by_id(operators(), id); }
const TravelClass* find_class(int id) { return find_by_id(classes(), id); }

}  // namespace travelctl::core::supplier::sim
