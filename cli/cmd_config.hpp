// `travelctl config check F`: validate a configuration and list every problem with its JSON path.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace travelctl::cli {

struct ConfigCheckOptions {
  std::string file;
  bool ignore_env = false;  ///< check the file alone, without TRAVELCTL_* overrides
};

void add_config_command(CLI::App& app, int& exit_code);
int run_config_check(const ConfigCheckOptions& options);

}  // namespace travelctl::cli
