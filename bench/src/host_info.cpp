// Reads the host facts from /proc/cpuinfo and uname(2).
#include "travelctl/bench/host_info.hpp"

#include <sys/utsname.h>

#include <fstream>
#include <thread>

namespace travelctl::bench {

HostInfo host_info() {
  HostInfo h;
  h.cpu = "unknown";
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      if (const auto colon = line.find(':'); colon != std::string::npos) {
        h.cpu = line.substr(line.find_first_not_of(" \t", colon + 1));
      }
      break;
    }
  }
  h.cores = std::thread::hardware_concurrency();
  utsname u{};
  if (::uname(&u) == 0) {
    h.os = std::string(u.sysname) + " " + u.release;
    h.hostname = u.nodename;
  }
  return h;
}

}  // namespace travelctl::bench
