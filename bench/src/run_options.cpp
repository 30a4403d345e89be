// Applying scenario and command-line run settings.
#include "travelctl/bench/run_options.hpp"

namespace travelctl::bench {

void apply_config(RunOptions& o, const RunConfig& c) {
  if (c.connections) {
    o.connections = *c.connections;
  }
  if (c.pipelining) {
    o.pipelining = *c.pipelining;
  }
  if (c.threads) {
    o.threads = *c.threads;
  }
  if (c.duration) {
    o.duration = *c.duration;
  }
  if (c.warmup) {
    o.warmup = *c.warmup;
  }
  if (c.timeout) {
    o.timeout = *c.timeout;
  }
  if (c.connect_timeout) {
    o.connect_timeout = *c.connect_timeout;
  }
  if (c.rate) {
    o.rate = c.rate;
  }
  if (c.requests) {
    o.requests = c.requests;
  }
}

}  // namespace travelctl::bench
