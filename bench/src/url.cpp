// URL parsing for the load generator's targets.
#include "travelctl/bench/url.hpp"

#include <charconv>

namespace travelctl::bench {

namespace {

bool valid_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == '%';
}

}  // namespace

std::string Url::host_header() const {
  std::string h;
  if (host.find(':') != std::string::npos) {
    h.append(1, '[').append(host).append(1, ']');  // (append, not +: GCC 12's -Wrestrict bug)
  } else {
    h = host;
  }
  if (port != (tls ? 443 : 80)) {
    h.append(1, ':').append(std::to_string(port));
  }
  return h;
}

std::string Url::origin() const { return (tls ? "https://" : "http://") + host_header(); }

Expected<Url, std::string> parse_url(std::string_view text) {
  Url url;
  std::string_view rest;
  if (text.starts_with("http://")) {
    rest = text.substr(7);
  } else if (text.starts_with("https://")) {
    url.tls = true;
    rest = text.substr(8);
  } else {
    return unexpected(std::string("not an http:// or https:// URL: ").append(text));
  }
  const auto authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view target =
      authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos) {
    return unexpected(std::string("user info in URLs is not supported"));
  }
  std::string_view port_text;
  if (authority.starts_with("[")) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      return unexpected(std::string("unterminated IPv6 address in URL"));
    }
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') {
        return unexpected(std::string("unexpected characters after the IPv6 address"));
      }
      port_text = after.substr(1);
      if (port_text.empty()) {
        return unexpected(std::string("empty port in URL"));
      }
    }
  } else {
    const auto colon = authority.find(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) {
        return unexpected(std::string("empty port in URL"));
      }
    }
    for (char c : url.host) {
      if (!valid_host_char(c)) {
        return unexpected(std::string("invalid character in host: ").append(1, c));
      }
    }
  }
  if (url.host.empty()) {
    return unexpected(std::string("URL has no host"));
  }
  url.port = url.tls ? 443 : 80;
  if (!port_text.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || value == 0 ||
        value > 65535) {
      return unexpected(std::string("invalid port: ").append(port_text));
    }
    url.port = static_cast<uint16_t>(value);
  }
  if (const auto hash = target.find('#'); hash != std::string_view::npos) {
    target = target.substr(0, hash);  // fragments never go on the wire
  }
  if (target.empty() || target[0] != '/') {
    url.target.append(1, '/');
  }
  url.target.append(target);
  for (char c : url.target) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return unexpected(std::string("URL path contains a space or control character"));
    }
  }
  return url;
}

}  // namespace travelctl::bench
