// Zero-configuration helpers: the demo client, a random key, a date the simulator has trips for.
#include "travelctl/core/proxy/demo.hpp"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace travelctl::core::proxy {

config::ClientConfig demo_client(std::string api_key) {
  config::ClientConfig c;
  c.id = "demo";
  c.api_keys = {std::move(api_key)};
  c.currency = "USD";
  c.currencies = {"USD", "EUR", "THB", "GBP", "JPY"};
  c.markup.percent_bps = 500;
  return c;
}

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1) {
    throw std::runtime_error("the system's random generator failed");
  }
  constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned char b : buf) {
    out += kHex[b >> 4];
    out += kHex[b & 0xF];
  }
  return out;
}

std::string date_after(std::chrono::system_clock::time_point now, int days_ahead) {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(now) + days(days_ahead)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string demo_curl_line(std::string_view base_url, std::string_view api_key,
                           std::string_view date) {
  std::string line = "curl -s -H 'X-Api-Key: ";
  line.append(api_key).append("' '").append(base_url);
  line.append("/v1/itineraries?from=101&to=117&date=").append(date).append("&pax=2'");
  return line;
}

}  // namespace travelctl::core::proxy
