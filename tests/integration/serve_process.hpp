// Integration helper: a real `travelctl serve` child on 127.0.0.1 with a config written to a file.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace travelctl::test {

/// Writes `text` to a new file under the temp directory and returns its path (removed by the OS
/// temp cleaning; tests run in a sandbox).
inline std::string write_temp_file(const std::string& text, const std::string& suffix = ".json") {
  std::string pattern = "/tmp/travelctl-test-XXXXXX" + suffix;
  const int fd = ::mkstemps(pattern.data(), static_cast<int>(suffix.size()));
  if (fd >= 0) {
    ::close(fd);
    std::ofstream(pattern, std::ios::binary) << text;
  }
  return pattern;
}

/// `travelctl serve` started with the given arguments; port() is read from its start-up line.
class ServeProcess {
 public:
  explicit ServeProcess(std::vector<std::string> args,
                        std::map<std::string, std::string> env = {}) {
    args.insert(args.begin(), {TRAVELCTL_BINARY, "serve"});
    // Each serve keeps its state in a fresh file of its own unless the test chose one.
    if (!env.count("TRAVELCTL_STORE_PATH")) {
      env["TRAVELCTL_STORE_PATH"] = write_temp_file("", ".db");
    }
    child_ = std::make_unique<ChildProcess>(std::move(args), std::move(env));
    constexpr std::string_view kMarker = "listening on http://127.0.0.1:";
    if (child_->wait_for_output(kMarker, std::chrono::seconds(10))) {
      const std::string err = child_->stderr_text();
      port_ = static_cast<uint16_t>(std::atoi(err.c_str() + err.find(kMarker) + kMarker.size()));
    }
  }

  /// A serve in front of `supplier_base_url` with `config_json` (its listen/threads overridden).
  static std::unique_ptr<ServeProcess> with_config(const std::string& config_json,
                                                   std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        "--config", write_temp_file(config_json), "--listen", "127.0.0.1:0", "--threads", "1"};
    args.insert(args.end(), extra.begin(), extra.end());
    return std::make_unique<ServeProcess>(std::move(args));
  }

  uint16_t port() const { return port_; }
  bool ready() const { return port_ != 0; }
  ChildProcess& child() { return *child_; }

 private:
  std::unique_ptr<ChildProcess> child_;
  uint16_t port_ = 0;
};

}  // namespace travelctl::test
