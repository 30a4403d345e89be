// The zero-configuration `serve`: a demo client and the curl line that shows it working.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "travelctl/core/config/config.hpp"

namespace travelctl::core::proxy {

/// Client `demo` with `api_key`, currency USD among USD, EUR, THB, GBP, JPY, a 5 % markup.
config::ClientConfig demo_client(std::string api_key);

/// `2 * bytes` lowercase hex characters from OpenSSL's CSPRNG.
std::string random_hex(std::size_t bytes);

/// `YYYY-MM-DD` of the UTC day `days_ahead` days after `now`.
std::string date_after(std::chrono::system_clock::time_point now, int days_ahead);

/// A ready-to-paste search through the proxy at `base_url` (e.g. `http://127.0.0.1:8080`).
std::string demo_curl_line(std::string_view base_url, std::string_view api_key,
                           std::string_view date);

}  // namespace travelctl::core::proxy
