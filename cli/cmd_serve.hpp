// `travelctl serve`: the proxy; with no config and no supplier, in front of an in-process
// simulator.
#pragma once

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
};

void add_serve_command(CLI::App& app, int& exit_code);
int run_serve(const ServeOptions& options);

}  // namespace travelctl::cli
