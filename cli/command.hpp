// What every subcommand shares: the exit codes of DESIGN.md and the registration signature.
#pragma once

namespace CLI {
class App;
}

namespace travelctl::cli {

constexpr int kExitOk = 0;
constexpr int kExitVerdict = 1;  ///< the command's own negative verdict (regression, differences)
constexpr int kExitUsage = 2;    ///< usage or input error
constexpr int kExitRuntime = 3;  ///< runtime failure

}  // namespace travelctl::cli

// Each subcommand file pair cli/cmd_<name>.{hpp,cpp} declares
//   void add_<name>_command(CLI::App& app, int& exit_code);
// which registers the subcommand with its options; its callback runs the command and stores the
// command's exit code in `exit_code`. main.cpp calls one add_*_command per subcommand.
