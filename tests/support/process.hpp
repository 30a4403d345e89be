// Test helper: run a child process (e.g. the travelctl binary), capture its output, stop it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace travelctl::test {

/// What a shell command printed (stdout and stderr together) and its exit status.
struct CommandOutput {
  int status = -1;  ///< the exit code, or -1 when it did not exit normally
  std::string output;
};
/// Runs `command` with /bin/sh and waits for it (for the tests' independent checkers).
CommandOutput run_command(const std::string& command);

/// A child process with stdout and stderr captured by a reader thread. The environment is the
/// test's own minus every TRAVELCTL_* variable (hermetic), plus `env`. The destructor kills
/// (SIGKILL) and reaps the child if it still runs.
class ChildProcess {
 public:
  ChildProcess(std::vector<std::string> argv, std::map<std::string, std::string> env = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// False when the process could not be started (see start_error()).
  bool started() const { return pid_ > 0; }
  const std::string& start_error() const { return start_error_; }
  pid_t pid() const { return pid_; }

  /// Waits until stdout or stderr contains `needle`; false on timeout or when the child exits
  /// first.
  bool wait_for_output(std::string_view needle, std::chrono::milliseconds timeout);
  std::string stdout_text() const;
  std::string stderr_text() const;

  void send_signal(int sig);
  /// The exit status (or -signal when killed by one) if the child ends within `timeout`.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);

 private:
  void read_loop(int out_fd, int err_fd);

  pid_t pid_ = -1;
  std::string start_error_;
  std::optional<int> exit_status_;
  mutable std::mutex mu_;
  std::string out_, err_;
  bool eof_ = false;
  std::thread reader_;
};

}  // namespace travelctl::test
