// The replay sender: sends planned requests on their schedule over keep-alive connections, at
// most --concurrency at once, and keeps each whole response (status, body, latency).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "travelctl/bench/expected.hpp"
#include "travelctl/bench/replay/plan.hpp"
#include "travelctl/bench/url.hpp"

namespace travelctl::bench::replay {

struct EngineOptions {
  Url target;
  unsigned concurrency = 16;  ///< requests in flight at most (each on its own connection)
  std::chrono::milliseconds timeout{30'000};  ///< per request, connect to last byte
  std::size_t max_body_bytes = 64u << 20;     ///< a longer response is an error
  bool tls_verify = true;
};

/// What came back for one request; `error` non-empty when nothing usable did.
struct SendResult {
  int status = 0;
  std::string body;
  std::string error;
  double latency_ms = 0;  ///< from writing the request to the last byte of the response
  int64_t late_us = 0;    ///< how far the send lagged its schedule (concurrency, slow target)
};

struct EngineRun {
  std::vector<SendResult> results;  ///< one per planned request, same order
  double wall_s = 0;                ///< first send to last response
  int64_t max_late_us = 0;
};

/// Sends `requests`. The error means the target could not be reached at all (name resolution,
/// or the first connection failed), and nothing was sent.
Expected<EngineRun, std::string> run_replay(const std::vector<PlannedRequest>& requests,
                                            const EngineOptions& options);

}  // namespace travelctl::bench::replay
