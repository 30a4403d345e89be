// Host facts and timestamps for results files (Linux: /proc/cpuinfo, uname).
#include "travelctl/reports/host_info.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <ctime>
#include <fstream>

namespace travelctl::reports {

HostInfo detect_host() {
  HostInfo h;
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0) {
      const auto start = line.find_first_not_of(" \t", line.find(':') + 1);
      if (line.find(':') != std::string::npos && start != std::string::npos) {
        h.cpu = line.substr(start);
      }
      break;
    }
  }
  h.cores = static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
  utsname u{};
  if (uname(&u) == 0) {
    h.os = std::string(u.sysname) + " " + u.release;
  }
  return h;
}

std::string iso8601_utc(std::chrono::system_clock::time_point t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

ToolInfo this_tool() { return {"travelctl", TRAVELCTL_VERSION}; }

}  // namespace travelctl::reports
