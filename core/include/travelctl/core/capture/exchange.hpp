// One captured exchange as the worker thread hands it over: raw bytes, formatted later off the
// request path by the capture writer.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace travelctl::core::capture {

struct Exchange {
  std::chrono::system_clock::time_point ts;  ///< when the request started
  std::string client;  ///< the configured client's id; empty: none (unauthenticated, ops)
  std::string method;
  std::string target;      ///< as received (origin form)
  std::string request_id;  ///< the id this request was answered with (X-Request-Id)
  /// Selected request headers only (capture/headers.hpp), names lower-cased, in arrival order.
  std::vector<std::pair<std::string, std::string>> request_headers;
  std::string request_body;
  unsigned status = 0;
  std::string response_body;
  /// The answer is serve's own JSON and by construction holds no personal data (search and
  /// itinerary answers): written as it is instead of parsed and walked for keys to mask, which
  /// is most of the writer's cost on a 20 KB search answer.
  bool response_trusted = false;
  double latency_ms = 0;
  /// Credentials this request carried (X-Api-Key, Authorization's token): never written, and
  /// scrubbed from the line wherever else the client put them (a query, a body).
  std::vector<std::string> secrets;

  /// Roughly what the exchange holds in memory, for the queue's byte bound.
  std::size_t bytes() const {
    std::size_t n = sizeof(Exchange) + client.size() + method.size() + target.size() +
                    request_id.size() + request_body.size() + response_body.size();
    for (const auto& [k, v] : request_headers) {
      n += k.size() + v.size();
    }
    return n;
  }
};

}  // namespace travelctl::core::capture
