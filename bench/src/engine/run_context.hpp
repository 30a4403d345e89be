// What every worker of a run shares, read-only: options, the request plan, resolved endpoints,
// the TLS context and the run's time marks (steady clock, nanoseconds).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <vector>

#include "travelctl/bench/driver.hpp"
#include "travelctl/bench/run_options.hpp"

namespace boost::asio::ssl {
class context;
}

namespace travelctl::bench::engine {

inline int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kLateThresholdNs = 1'000'000;  // a send more than 1 ms behind schedule is late

struct RunContext {
  const RunOptions* options = nullptr;
  const RequestPlan* plan = nullptr;
  std::vector<boost::asio::ip::tcp::endpoint> endpoints;
  boost::asio::ssl::context* ssl = nullptr;
  unsigned total_connections = 0;
  bool open_model = false;
  int64_t interval_ns = 0;  // open model: between two intended sends of one connection
  int64_t start_ns = 0;
  int64_t measure_start_ns = 0;
  int64_t end_ns = INT64_MAX;  // no new request is started at or after this (duration mode)
  int64_t timeout_ns = 0;
  int64_t connect_timeout_ns = 0;
  int64_t hard_stop_ns = INT64_MAX;  // safety net: everything is closed then
};

}  // namespace travelctl::bench::engine
