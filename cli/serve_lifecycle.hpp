// `travelctl serve` after start-up: signals (SIGHUP reload, SIGTERM/SIGINT graceful stop).
#pragma once

#include <signal.h>

#include <chrono>
#include <string>
#include <vector>

#include "cmd_serve.hpp"
#include "travelctl/core/config/load.hpp"
#include "travelctl/core/proxy/deliverer.hpp"

namespace travelctl::core::http {
class Server;
}
namespace travelctl::core::proxy {
class Proxy;
}  // namespace travelctl::core::proxy

namespace travelctl::cli {

/// Flags win over the file and the environment (at start and at every reload).
void apply_serve_flags(const ServeOptions& o, core::config::Config& c);

/// Where each client's webhooks go (the deliverer's targets).
std::vector<core::proxy::WebhookTarget> webhook_targets(const core::config::Config& c);

/// Applies logging.format and logging.level to the process's log (observe/log.hpp).
void apply_logging(const core::config::Config& c);

/// What the signal loop works on; it outlives the loop.
struct ServeRuntime {
  const ServeOptions& options;
  core::config::Environment env;
  core::config::Config running;  ///< what is in force (updated by each applied reload)
  bool reloadable = false;       ///< false: no --config file (embedded default or env only)
  std::chrono::milliseconds drain{5000};
  std::chrono::milliseconds drain_grace{0};
  core::http::Server& server;
  core::proxy::Proxy& proxy;
  core::proxy::Deliverer& deliverer;
};

/// Serves until SIGINT or SIGTERM (which must be blocked in every thread, with SIGHUP), reloading
/// the configuration file on SIGHUP; then takes the instance out of rotation (/ready 503; on
/// SIGTERM for server.drain_grace_ms while still serving), stops accepting, lets in-flight
/// requests finish for up to the drain time and stops the webhook deliverer.
void serve_until_stopped(ServeRuntime& rt, const sigset_t& signals);

/// SIGHUP: re-reads and validates the file; applies clients and logging at once or, on any
/// problem, logs every one and keeps the running configuration. True when applied.
bool reload_configuration(ServeRuntime& rt);

}  // namespace travelctl::cli
