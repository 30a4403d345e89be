// Parsing of the addresses in the configuration: listen addresses and http(s) base URLs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "travelctl/core/expected.hpp"

namespace travelctl::core::http {

/// Where a server listens: an IP literal and a port (0: any free port).
struct ListenAddress {
  std::string host;
  uint16_t port = 0;
};

/// Accepts `host:port`, `[v6]:port`, `localhost:port` (127.0.0.1) and a bare `port` (127.0.0.1).
/// The error says what is wrong.
Expected<ListenAddress, std::string> parse_listen_address(std::string_view text);

/// An absolute `http://` or `https://` URL as the supplier client needs it.
struct Url {
  bool tls = false;
  std::string host;         ///< a name or an IP literal (without brackets)
  uint16_t port = 0;        ///< the explicit port or the scheme's default
  std::string path_prefix;  ///< the path without its trailing slash (often empty)
  std::string host_header;  ///< what goes in `Host:` (with the port when not the default)
};

/// Parses `scheme://host[:port][/path]`; query, fragment and user info are refused.
Expected<Url, std::string> parse_http_url(std::string_view text);

}  // namespace travelctl::core::http
