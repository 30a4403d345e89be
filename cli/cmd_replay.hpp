// `travelctl replay FILE --target URL`: replays a capture or HAR file and reports what changed.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "command.hpp"

namespace travelctl::cli {

struct ReplayOptions {
  std::string file;
  std::string target;
  std::string speed = "1";
  unsigned concurrency = 16;
  std::vector<std::string> keys;
  std::string keys_file;
  std::vector<std::string> filters;
  std::vector<std::string> rewrites;
  bool allow_writes = false;
  bool dry_run = false;
  double max_rate = 0;
  std::vector<std::string> ignores;
  bool no_default_ignores = false;
  std::size_t max_diffs = 10;
  std::string format = "table";
  std::string out;
  std::string timeout = "30s";
  bool insecure = false;
};

/// Registers `replay`.
void add_replay_command(CLI::App& app, int& exit_code);
/// Runs the replay: 0 nothing differs, 1 differences, 2 bad input, 3 target unreachable.
int run_replay(const ReplayOptions& options);

}  // namespace travelctl::cli
