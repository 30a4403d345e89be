// travelctl: registers every subcommand and turns their results into exit codes (DESIGN.md).
#include <CLI/CLI.hpp>
#include <cstdio>

#include "cmd_bench.hpp"
#include "cmd_bench_compare.hpp"
#include "cmd_bench_merge.hpp"
#include "cmd_config.hpp"
#include "cmd_outbox.hpp"
#include "cmd_replay.hpp"
#include "cmd_report.hpp"
#include "cmd_serve.hpp"
#include "cmd_supplier.hpp"
#include "command.hpp"

int main(int argc, char** argv) {
  CLI::App app{"travelctl: a travel supplier proxy, its simulator, a load generator and reports"};
  app.set_version_flag("--version", std::string("travelctl ") + TRAVELCTL_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  int exit_code = travelctl::cli::kExitOk;
  // One line per subcommand; each lives in cli/cmd_<name>.{hpp,cpp}.
  CLI::App& bench = travelctl::cli::add_bench_command(app);
  travelctl::cli::add_bench_run_command(bench, exit_code);
  travelctl::cli::add_bench_compare_command(bench, exit_code);
  travelctl::cli::add_bench_merge_command(bench, exit_code);
  travelctl::cli::add_supplier_command(app, exit_code);
  travelctl::cli::add_serve_command(app, exit_code);
  travelctl::cli::add_config_command(app, exit_code);
  travelctl::cli::add_replay_command(app, exit_code);
  travelctl::cli::add_report_command(app, exit_code);
  travelctl::cli::add_outbox_command(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints the message
    return travelctl::cli::kExitUsage;
  }
  return exit_code;
}
