// Error counts of a run: totals and merging.
#include "travelctl/bench/run_stats.hpp"

namespace travelctl::bench {

uint64_t ErrorCounts::total() const {
  uint64_t n = connect + timeout + reset + protocol + unexpected;
  for (const auto& [code, count] : status) {
    n += count;
  }
  return n;
}

void ErrorCounts::add(const ErrorCounts& o) {
  connect += o.connect;
  timeout += o.timeout;
  reset += o.reset;
  protocol += o.protocol;
  unexpected += o.unexpected;
  for (const auto& [code, count] : o.status) {
    status[code] += count;
  }
}

}  // namespace travelctl::bench
