// Test helper: one blocking HTTP/1.1 request to 127.0.0.1 (or any IP), bounded by a timeout.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace travelctl::test {

struct HttpReply {
  int status = 0;     ///< 0 when `error` is set
  std::string error;  ///< transport failure (refused, timeout, ...), empty on success
  std::map<std::string, std::string> headers;  ///< names lower-cased
  std::string body;
  /// The header's value, or "" when absent (`name` in any case).
  std::string header(std::string name) const;
};

struct HttpRequest {
  std::string method = "GET";
  std::string target = "/";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{5000};
};

/// Sends `req` on a fresh connection and reads the whole answer (`Connection: close`).
HttpReply http_request(const std::string& host, uint16_t port, const HttpRequest& req);

/// GET shorthand.
HttpReply http_get(const std::string& host, uint16_t port, const std::string& target,
                   std::vector<std::pair<std::string, std::string>> headers = {});

}  // namespace travelctl::test
