// Target URLs of the load generator: `http://` or `https://`, host, port, request target.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "travelctl/bench/expected.hpp"

namespace travelctl::bench {

/// A parsed absolute http(s) URL.
struct Url {
  bool tls = false;
  std::string host;    ///< without brackets for IPv6 literals
  uint16_t port = 0;   ///< the scheme's default when the URL has none
  std::string target;  ///< path and query, at least "/"

  /// The Host header value: host, plus the port when it is not the scheme's default.
  std::string host_header() const;
  /// scheme://host[:port] (no target).
  std::string origin() const;
};

/// Parses `http://host[:port][/path][?query]` (or https); the error says what is wrong.
Expected<Url, std::string> parse_url(std::string_view text);

}  // namespace travelctl::bench
