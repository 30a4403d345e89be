// Integration helper: a real `travelctl supplier` child, a serve in front of it with two clients,
// and the calls of the booking flow.
#pragma once

#include <algorithm>
#include <chrono>
#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "serve_process.hpp"
#include "support/http_client.hpp"

namespace travelctl::test {

inline constexpr const char* kAcmeKey = "booking-test-key-acme";
inline constexpr const char* kGlobexKey = "booking-test-key-globex";

/// `t` formatted in UTC with strftime's `format`.
inline std::string utc_text(std::time_t t, const char* format) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

/// The UTC date `days` from today, `YYYY-MM-DD`.
inline std::string date_in_days(int days) {
  return utc_text(std::time(nullptr) + days * 86400, "%Y-%m-%d");
}

/// `travelctl supplier` on a free port of 127.0.0.1.
class SupplierProcess {
 public:
  explicit SupplierProcess(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {TRAVELCTL_BINARY, "supplier", "--listen",      "127.0.0.1:0",
                                     "--threads",      "1",        "--partner-key", "partner"};
    args.insert(args.end(), extra.begin(), extra.end());
    child_ = std::make_unique<ChildProcess>(std::move(args));
    constexpr std::string_view kMarker = "listening on http://127.0.0.1:";
    if (child_->wait_for_output(kMarker, std::chrono::seconds(10))) {
      const std::string err = child_->stderr_text();
      port_ = static_cast<uint16_t>(std::atoi(err.c_str() + err.find(kMarker) + kMarker.size()));
    }
  }
  uint16_t port() const { return port_; }
  /// `GET /_sim/stats`.
  nlohmann::json stats() const {
    return nlohmann::json::parse(http_get("127.0.0.1", port_, "/_sim/stats").body);
  }

 private:
  std::unique_ptr<ChildProcess> child_;
  uint16_t port_ = 0;
};

/// Clients `acme` (USD, 5 % + 0.50 USD per passenger) and `globex` (EUR), in front of `base_url`.
inline std::string two_client_config(const std::string& base_url) {
  const nlohmann::json config = {
      {"supplier", {{"base_url", base_url}, {"api_key", "partner"}, {"timeout_ms", 2000}}},
      {"server", {{"request_timeout_ms", 4000}}},
      {"clients", nlohmann::json::array(
                      {{{"id", "acme"},
                        {"api_keys", {kAcmeKey}},
                        {"currency", "USD"},
                        {"currencies", {"USD", "EUR"}},
                        {"markup", {{"percent_bps", 500}, {"fixed", {{"USD", 50}}}}}},
                       {{"id", "globex"}, {"api_keys", {kGlobexKey}}, {"currency", "EUR"}}})}};
  return config.dump();
}

/// A request to the serve under test as `key`.
inline HttpReply call(uint16_t port, const std::string& method, const std::string& target,
                      const std::string& key, const std::string& body = {},
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpRequest req;
  req.method = method;
  req.target = target;
  req.headers = std::move(headers);
  req.headers.emplace_back("X-Api-Key", key);
  if (!body.empty()) {
    req.headers.emplace_back("Content-Type", "application/json");
  }
  req.body = body;
  req.timeout = std::chrono::milliseconds(10'000);
  return http_request("127.0.0.1", port, req);
}

/// A booking body for `token` with `pax` complete passengers.
inline std::string booking_body(const std::string& token, int pax = 1) {
  nlohmann::json passengers = nlohmann::json::array();
  for (int i = 0; i < pax; ++i) {
    passengers.push_back({{"first_name", "Somchai"},
                          {"last_name", "Test" + std::to_string(i)},
                          {"date_of_birth", "1990-01-0" + std::to_string(i + 1)}});
  }
  return nlohmann::json{{"booking_token", token},
                        {"passengers", passengers},
                        {"contact", {{"email", "somchai@example.com"}, {"phone", "+66800000000"}}}}
      .dump();
}

/// Replaces the running simulator's fault spec (`POST /_sim/faults`); true when it took it.
inline bool set_sim_faults(uint16_t supplier_port, const std::string& spec) {
  HttpRequest req;
  req.method = "POST";
  req.target = "/_sim/faults";
  req.body = spec;
  return http_request("127.0.0.1", supplier_port, req).status == 200;
}

/// In a Prometheus text scrape, the sum of the samples of `family` whose labels contain every
/// `name="value"` of `match`.
inline double metric_sum(const std::string& text, const std::string& family,
                         const std::vector<std::string>& match = {}) {
  double sum = 0;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(family + "{", 0) != 0 && line.rfind(family + " ", 0) != 0) {
      continue;
    }
    const auto close = line.find('}');
    const std::string labels = close == std::string::npos ? "" : line.substr(0, close);
    if (std::all_of(match.begin(), match.end(),
                    [&](const std::string& m) { return labels.find(m) != std::string::npos; })) {
      sum += std::stod(line.substr(line.rfind(' ') + 1));
    }
  }
  return sum;
}

}  // namespace travelctl::test
