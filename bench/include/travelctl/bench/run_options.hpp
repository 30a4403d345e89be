// Settings of one load run (one scenario, one repetition).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "travelctl/bench/scenario.hpp"
#include "travelctl/bench/url.hpp"

namespace travelctl::bench {

struct RunOptions {
  Url url;  ///< origin (scheme, host, port); request targets come from the scenario
  unsigned connections = 10;  ///< in total, spread over the threads
  unsigned threads = 1;
  unsigned pipelining = 1;                         ///< requests in flight per connection
  std::chrono::microseconds duration{10'000'000};  ///< measured phase (ignored with `requests`)
  std::optional<uint64_t> requests;  ///< a fixed count of measured requests instead of a duration
  std::chrono::microseconds warmup{0};  ///< before the measured phase, discarded
  std::optional<double> rate;           ///< open model: requests per second over all connections
  std::chrono::microseconds timeout{10'000'000};         ///< per request
  std::chrono::microseconds connect_timeout{3'000'000};  ///< per connection attempt
  bool tls_verify = false;  ///< verify the server certificate (off, as in wrk, by default)
  uint64_t seed = 1;        ///< for the scenario's random choices
  unsigned run_index = 1;   ///< ${run}
};

/// Overwrites the settings `config` holds (the command line's explicit flags, filled from the
/// scenario's "config", give the precedence: flag > suite entry > scenario > default).
void apply_config(RunOptions& options, const RunConfig& config);

}  // namespace travelctl::bench
