// ChildProcess: posix_spawn with piped stdout/stderr, a poll()-based reader thread, bounded waits.
#include "support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace travelctl::test {

ChildProcess::ChildProcess(std::vector<std::string> argv, std::map<std::string, std::string> env) {
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view entry(*e);
    const std::string name(entry.substr(0, entry.find('=')));
    if (name.rfind("TRAVELCTL_", 0) != 0 && !env.count(name)) {
      env_strings.emplace_back(entry);
    }
  }
  for (const auto& [k, v] : env) {
    env_strings.push_back(k + "=" + v);
  }
  std::vector<char*> envp, args;
  for (auto& s : env_strings) {
    envp.push_back(s.data());
  }
  envp.push_back(nullptr);
  for (auto& a : argv) {
    args.push_back(a.data());
  }
  args.push_back(nullptr);

  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    start_error_ = std::string("pipe: ") + std::strerror(errno);
    return;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);  // the child starts with no blocked signals
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
  const int rc = ::posix_spawn(&pid_, args[0], &actions, &attr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(out[1]);
  ::close(err[1]);
  if (rc != 0) {
    pid_ = -1;
    start_error_ = std::string("posix_spawn ") + argv[0] + ": " + std::strerror(rc);
    ::close(out[0]);
    ::close(err[0]);
    return;
  }
  reader_ = std::thread([this, o = out[0], e = err[0]] { read_loop(o, e); });
}

void ChildProcess::read_loop(int out_fd, int err_fd) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  int open = 2;
  char buf[8192];
  while (open > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) {
        continue;
      }
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open;
        continue;
      }
      std::lock_guard lock(mu_);
      (i == 0 ? out_ : err_).append(buf, static_cast<std::size_t>(n));
    }
  }
  std::lock_guard lock(mu_);
  eof_ = true;
}

bool ChildProcess::wait_for_output(std::string_view needle, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (out_.find(needle) != std::string::npos || err_.find(needle) != std::string::npos) {
        return true;
      }
      if (eof_) {
        return false;
      }
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string ChildProcess::stdout_text() const {
  std::lock_guard lock(mu_);
  return out_;
}

std::string ChildProcess::stderr_text() const {
  std::lock_guard lock(mu_);
  return err_;
}

void ChildProcess::send_signal(int sig) {
  if (pid_ > 0 && !exit_status_) {
    ::kill(pid_, sig);
  }
}

std::optional<int> ChildProcess::wait_exit(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) {
    return std::nullopt;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!exit_status_) {
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (reader_.joinable()) {
    reader_.join();  // the pipes close with the child, so this ends promptly
  }
  return exit_status_;
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !exit_status_) {
    ::kill(pid_, SIGKILL);
    wait_exit(std::chrono::seconds(10));
  }
  if (reader_.joinable()) {
    reader_.join();
  }
}

CommandOutput run_command(const std::string& command) {
  CommandOutput out;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) {
    return out;
  }
  char buf[4096];
  while (const size_t n = std::fread(buf, 1, sizeof buf, p)) {
    out.output.append(buf, n);
  }
  const int status = ::pclose(p);
  out.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

}  // namespace travelctl::test
