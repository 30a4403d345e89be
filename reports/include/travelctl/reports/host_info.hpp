// Facts about the machine and the moment of a run, recorded in every results file.
#pragma once

#include <chrono>
#include <string>

#include "travelctl/reports/results.hpp"

namespace travelctl::reports {

/// CPU model (from /proc/cpuinfo), online cores, and the kernel ("Linux 6.1.0-13-amd64").
HostInfo detect_host();
/// `t` as ISO 8601 UTC with second precision, e.g. "2026-11-22T10:00:00Z".
std::string iso8601_utc(std::chrono::system_clock::time_point t);
/// This build's tool facts: name "travelctl" and TRAVELCTL_VERSION.
ToolInfo this_tool();

}  // namespace travelctl::reports
