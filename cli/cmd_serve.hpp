// `travelctl serve`: the proxy; with no config and no supplier, in front of an in-process
// simulator.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace travelctl::cli {

struct ServeOptions {
  std::string config_file;  ///< empty: defaults and TRAVELCTL_* variables only
  std::string listen;       ///< overrides server.listen
  std::string supplier;     ///< overrides supplier.base_url
  int threads = -1;         ///< overrides server.threads when >= 0
  std::string drain;        ///< overrides server.drain_ms (a duration: `250ms`, `5s`)
  std::string log_format;   ///< overrides logging.format (`text`, `json`)
  std::string log_level;    ///< overrides logging.level (`debug`, `info`, `warn`, `error`)
  bool access_log = false;  ///< sets logging.access_log
  // --capture*: each overrides its capture.* key when given (config.hpp, CaptureConfig).
  std::string capture;  ///< FILE; empty: capture.file (none by default)
  std::optional<uint64_t> capture_max_bytes;
  std::optional<int> capture_keep;
  std::optional<double> capture_sample;
  std::optional<std::string> capture_routes;  ///< comma-separated
  std::optional<std::size_t> capture_queue;
};

void add_serve_command(CLI::App& app, int& exit_code);
int run_serve(const ServeOptions& options);

}  // namespace travelctl::cli
