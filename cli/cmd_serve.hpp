// `travelctl serve`: the proxy; with no config and no supplier, in front of an in-process
// simulator.
#pragma once

#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace travelctl::cli {

struct ServeOptions {
  std::string config_file;   ///< empty: defaults and TRAVELCTL_* variables only
  std::string listen;        ///< overrides server.listen
  std::string supplier;      ///< overrides supplier.base_url
  int threads = -1;          ///< overrides server.threads when >= 0
  std::string drain = "5s";  ///< how long in-flight requests may finish after SIGINT/SIGTERM
  bool access_log = false;
  std::string capture;  ///< --capture FILE; empty: no capture
  uint64_t capture_max_bytes = 100ull << 20;  ///< 0: never rotate
  int capture_keep = 5;
  double capture_sample = 1.0;
  std::string capture_routes = "search,itinerary,bookings";
  std::size_t capture_queue = 4096;  ///< exchanges per worker thread
};

void add_serve_command(CLI::App& app, int& exit_code);
int run_serve(const ServeOptions& options);

}  // namespace travelctl::cli
