// Listen addresses and base URLs: strict parsing with a reason, no name resolution.
#include "travelctl/core/http/address.hpp"

#include <arpa/inet.h>

#include <cctype>

namespace travelctl::core::http {
namespace {

bool is_ip_literal(const std::string& host) {
  unsigned char buf[16];
  return ::inet_pton(AF_INET, host.c_str(), buf) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

// A decimal port 0-65535, digits only.
bool parse_port(std::string_view s, uint16_t& port) {
  if (s.empty() || s.size() > 5) {
    return false;
  }
  unsigned v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  if (v > 65535) {
    return false;
  }
  port = static_cast<uint16_t>(v);
  return true;
}

// Splits `host:port` or `[v6]:port`; `port` is empty when absent.
bool split_host_port(std::string_view s, std::string_view& host, std::string_view& port,
                     bool& bracketed) {
  bracketed = !s.empty() && s.front() == '[';
  if (bracketed) {
    const auto close = s.find(']');
    if (close == std::string_view::npos) {
      return false;
    }
    host = s.substr(1, close - 1);
    std::string_view rest = s.substr(close + 1);
    if (rest.empty()) {
      port = {};
      return true;
    }
    if (rest.front() != ':') {
      return false;
    }
    port = rest.substr(1);
    return !port.empty();
  }
  const auto colon = s.rfind(':');
  if (colon == std::string_view::npos) {
    host = s;
    port = {};
    return true;
  }
  if (s.find(':') != colon) {
    return false;  // an IPv6 literal must be bracketed when a port follows
  }
  host = s.substr(0, colon);
  port = s.substr(colon + 1);
  return !port.empty();
}

bool is_host_name(std::string_view h) {
  if (h.empty() || h.size() > 253) {
    return false;
  }
  for (char c : h) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')) {
      return false;
    }
  }
  return true;
}

}  // namespace

Expected<ListenAddress, std::string> parse_listen_address(std::string_view text) {
  ListenAddress out;
  if (text.find(':') == std::string_view::npos && !text.empty() &&
      text.find_first_not_of("0123456789") == std::string_view::npos) {
    if (!parse_port(text, out.port)) {
      return unexpected(std::string("port must be from 0 to 65535"));
    }
    out.host = "127.0.0.1";
    return out;
  }
  std::string_view host, port;
  bool bracketed = false;
  if (!split_host_port(text, host, port, bracketed) || port.empty()) {
    return unexpected(std::string("must be host:port (an IP address or localhost, then a port)"));
  }
  if (!parse_port(port, out.port)) {
    return unexpected(std::string("port must be from 0 to 65535"));
  }
  out.host = host == "localhost" ? std::string("127.0.0.1") : std::string(host);
  if (!is_ip_literal(out.host)) {
    return unexpected(std::string("host must be an IP address or localhost"));
  }
  return out;
}

Expected<Url, std::string> parse_http_url(std::string_view text) {
  Url url;
  std::string_view rest;
  if (text.substr(0, 7) == "http://") {
    rest = text.substr(7);
  } else if (text.substr(0, 8) == "https://") {
    url.tls = true;
    rest = text.substr(8);
  } else {
    return unexpected(std::string("must start with http:// or https://"));
  }
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return unexpected(std::string("must not contain spaces or control characters"));
    }
  }
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return unexpected(std::string("must not have a query or a fragment"));
  }
  const auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos) {
    return unexpected(std::string("must not carry user info"));
  }
  std::string_view host, port;
  bool bracketed = false;
  if (authority.empty() || !split_host_port(authority, host, port, bracketed) || host.empty()) {
    return unexpected(std::string("must name a host"));
  }
  url.host = std::string(host);
  if (bracketed ? !is_ip_literal(url.host) : !is_host_name(host)) {
    return unexpected(std::string("has a malformed host"));
  }
  const uint16_t default_port = url.tls ? 443 : 80;
  if (port.empty()) {
    url.port = default_port;
  } else if (!parse_port(port, url.port) || url.port == 0) {
    return unexpected(std::string("port must be from 1 to 65535"));
  }
  while (!path.empty() && path.back() == '/') {
    path.remove_suffix(1);
  }
  url.path_prefix = std::string(path);
  url.host_header = bracketed ? "[" + url.host + "]" : url.host;
  if (url.port != default_port) {
    url.host_header += ":" + std::to_string(url.port);
  }
  return url;
}

}  // namespace travelctl::core::http
