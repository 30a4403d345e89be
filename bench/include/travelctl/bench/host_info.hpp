// Facts about the load machine for the results file: CPU model, cores, operating system.
#pragma once

#include <string>

namespace travelctl::bench {

struct HostInfo {
  std::string cpu;  ///< "model name" of /proc/cpuinfo, or "unknown"
  unsigned cores = 0;
  std::string os;  ///< e.g. "Linux 6.1.0-18-amd64"
  std::string hostname;
};

HostInfo host_info();

}  // namespace travelctl::bench
