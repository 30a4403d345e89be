// `travelctl supplier`: the supplier simulator (spec/supplier-api.md) as a standalone server.
#pragma once

#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace travelctl::cli {

struct SupplierOptions {
  std::string listen = "127.0.0.1:9090";
  uint64_t seed = 1;
  int trips_per_search = 40;
  std::string latency = "fixed:0ms";
  std::string faults;
  std::string partner_key;  ///< empty: TRAVELCTL_SUPPLIER_API_KEY, else "partner-key"
  unsigned threads = 1;
  std::string hold = "15m";
  std::string webhook_url;
  std::string webhook_secret;  ///< empty: TRAVELCTL_SUPPLIER_WEBHOOK_SECRET, else the dev secret
  std::string webhook_retry = "500ms..30s";
  int webhook_attempts = 8;
  std::string webhook_timeout = "5s";
  std::string webhook_chaos;
};

void add_supplier_command(CLI::App& app, int& exit_code);
int run_supplier(const SupplierOptions& options);

}  // namespace travelctl::cli
