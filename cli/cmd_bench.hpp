// `travelctl bench`: the parent of `bench run` (here), `bench compare` and `bench merge` (their
// own files attach to the App returned by add_bench_command).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "command.hpp"

namespace travelctl::cli {

/// Creates the `bench` command (it requires a subcommand) and returns it for the others.
CLI::App& add_bench_command(CLI::App& app);

/// Flags of `bench run`, as given (durations still as text).
struct BenchRunOptions {
  std::string url;
  unsigned connections = 10;
  unsigned threads = 1;
  unsigned pipelining = 1;
  std::string duration = "10s";
  uint64_t requests = 0;
  std::string warmup = "0s";
  double rate = 0;
  std::string timeout = "10s";
  std::string connect_timeout = "3s";
  std::vector<std::string> headers;
  std::string method = "GET";
  std::string body;
  std::string body_file;
  std::string scenario;
  unsigned runs = 1;
  std::string format = "table";
  std::string out;
  bool tls_verify = false;
  uint64_t seed = 1;
  bool no_progress = false;
};

/// Registers `bench run` under `bench`.
void add_bench_run_command(CLI::App& bench, int& exit_code);

}  // namespace travelctl::cli
