// The capture's header allow-list, and the credentials each request carried (to scrub them).
#include "travelctl/core/capture/headers.hpp"

#include <algorithm>

namespace travelctl::core::capture {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; });
  return out;
}

}  // namespace

bool is_captured_header(std::string_view name) {
  return std::any_of(kCapturedHeaders.begin(), kCapturedHeaders.end(),
                     [&](std::string_view h) { return iequals(h, name); });
}

void take_headers(const http::Request& req, Exchange& out) {
  for (const auto& field : req) {
    const std::string_view name = field.name_string();
    const std::string_view value = field.value();
    if (is_captured_header(name)) {
      out.request_headers.emplace_back(lowered(name), std::string(value));
    } else if (iequals(name, "x-api-key")) {
      out.secrets.emplace_back(value);
    } else if (iequals(name, "authorization")) {
      // `Scheme credentials`: the credentials alone may turn up elsewhere too.
      out.secrets.emplace_back(value);
      const auto sp = value.find(' ');
      const auto token = sp == std::string_view::npos ? sp : value.find_first_not_of(' ', sp);
      if (token != std::string_view::npos) {
        out.secrets.emplace_back(value.substr(token));
      }
    }
  }
}

}  // namespace travelctl::core::capture
