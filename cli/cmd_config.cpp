// `travelctl config check`: the same loading and validation as `serve`, printed as a list.
#include "cmd_config.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>

#include "command.hpp"
#include "travelctl/core/config/load.hpp"

namespace travelctl::cli {

void add_config_command(CLI::App& app, int& exit_code) {
  auto* config = app.add_subcommand("config", "Work with configuration files");
  config->require_subcommand(1);
  auto opts = std::make_shared<ConfigCheckOptions>();
  auto* check = config->add_subcommand(
      "check",
      "Validate a configuration (with TRAVELCTL_* environment overrides) and list every problem "
      "as `path: reason`; exit 0 and `ok` when good, 2 when not");
  check->add_option("file", opts->file, "configuration file (JSON)")->required();
  check->add_flag("--ignore-env", opts->ignore_env, "ignore TRAVELCTL_* environment variables");
  check->callback([opts, &exit_code] { exit_code = run_config_check(*opts); });
}

int run_config_check(const ConfigCheckOptions& options) {
  const core::config::Environment env =
      options.ignore_env ? core::config::Environment{} : core::config::process_environment();
  auto loaded = core::config::load_config_file(options.file, env);
  const auto& warnings = loaded ? loaded->warnings : loaded.error().warnings();
  for (const auto& w : warnings) {
    std::fprintf(stderr, "warning: %s\n", core::config::to_string(w).c_str());
  }
  if (!loaded) {
    for (const auto& p : loaded.error().errors()) {
      std::printf("%s\n", core::config::to_string(p).c_str());
    }
    std::fprintf(stderr, "%s: %zu problem(s)\n", options.file.c_str(),
                 loaded.error().errors().size());
    return kExitUsage;
  }
  std::printf("ok\n");
  return kExitOk;
}

}  // namespace travelctl::cli
