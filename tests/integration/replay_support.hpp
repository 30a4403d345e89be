// Integration helper for `travelctl replay`: run it as a process, and write capture files by hand
// (one travelctl.capture/v1 line per exchange) from requests made to a real serve.
#pragma once

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "booking_support.hpp"
#include "support/process.hpp"
#include "travelctl/bench/replay/timestamp.hpp"

namespace travelctl::test {

struct ReplayOutcome {
  int exit_code = -1;  ///< -1 when it did not end in time
  std::string out, err;
  double wall_s = 0;  ///< process start to exit
};

/// `travelctl replay ARGS...`, bounded by `timeout`.
inline ReplayOutcome run_replay(std::vector<std::string> args,
                                std::chrono::seconds timeout = std::chrono::seconds(60)) {
  args.insert(args.begin(), {TRAVELCTL_BINARY, "replay"});
  const auto start = std::chrono::steady_clock::now();
  ChildProcess child(std::move(args));
  const auto status = child.wait_exit(timeout);
  ReplayOutcome o;
  o.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  o.exit_code = status.value_or(-1);
  o.out = child.stdout_text();
  o.err = child.stderr_text();
  return o;
}

/// A capture line as serve --capture writes it (spec/files.md).
inline std::string capture_line(int64_t ts_us, const std::string& client, const std::string& method,
                                const std::string& target, int status,
                                const nlohmann::json& response_body,
                                const nlohmann::json& request_body = nullptr,
                                double latency_ms = 1) {
  return nlohmann::json{{"schema", "travelctl.capture/v1"},
                        {"ts", bench::replay::format_timestamp_us(ts_us)},
                        {"client", client},
                        {"method", method},
                        {"target", target},
                        {"request_headers", nlohmann::json::object()},
                        {"request_body", request_body},
                        {"status", status},
                        {"response_body", response_body},
                        {"latency_ms", latency_ms}}
             .dump() +
         "\n";
}

/// Microseconds since the epoch, now.
inline int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// Calls serve as `client` (with `key`) and appends the exchange to `capture` as a capture line.
inline HttpReply call_and_capture(std::string& capture, uint16_t port, const std::string& client,
                                  const std::string& key, const std::string& method,
                                  const std::string& target) {
  const int64_t started = now_us();
  HttpReply r = call(port, method, target, key);
  const double latency = static_cast<double>(now_us() - started) / 1000.0;
  const auto body = nlohmann::json::parse(r.body, nullptr, false);
  capture += capture_line(started, client, method, target, r.status,
                          body.is_discarded() ? nlohmann::json(r.body) : body, nullptr, latency);
  return r;
}

// The two-client configuration with acme's markup changed to `percent_bps`.
inline std::string config_with_markup(const std::string& base_url, int percent_bps) {
  nlohmann::json config = nlohmann::json::parse(two_client_config(base_url));
  config["clients"][0]["markup"]["percent_bps"] = percent_bps;
  return config.dump();
}

}  // namespace travelctl::test
