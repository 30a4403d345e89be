// The proxy (`travelctl serve`): shared immutable state plus one handler per worker thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "travelctl/core/config/config.hpp"
#include "travelctl/core/expected.hpp"
#include "travelctl/core/http/server.hpp"
#include "travelctl/core/proxy/capture_filter.hpp"

namespace travelctl::core::store {
class Store;
}
namespace travelctl::core::capture {
class Recorder;
}

namespace travelctl::core::proxy {

struct DeliveryStats;  // deliverer.hpp

struct ProxyOptions {
  /// One `access` log line per request (observe/log.hpp): request and trace ids, client id,
  /// route, method, status, latency, supplier time, cache result, bytes; never a key or a body.
  bool access_log = false;
  /// `serve --capture`: exchanges kept by `capture_filter` go to this recorder (which must
  /// outlive the server's workers); null: no capture.
  capture::Recorder* capture = nullptr;
  CaptureFilter capture_filter;
};

/// What a reload changed in the client table (for its log line).
struct ClientsReloaded {
  std::size_t clients = 0;  ///< clients in the new table
  std::size_t keys = 0;     ///< API keys in the new table (keys are never logged, not even changes)
  /// Client ids; `changed`: keys, currencies, markup or rate limit differ (which, is not said:
  /// keys are never logged).
  std::vector<std::string> added, removed, changed;
};

/// Built once from a validated configuration; hands each worker thread its own handler (its own
/// supplier connection pool and buffers) so that no lock is shared on the request path.
class Proxy {
 public:
  /// The error names what in the configuration cannot be used (validate() should have caught it).
  /// `store` keeps booking ownership and idempotency records; it must outlive the server's
  /// workers and be destroyed before their io_contexts (Store's shutdown order).
  static Expected<std::shared_ptr<Proxy>, std::string> create(const config::Config& config,
                                                              store::Store& store,
                                                              ProxyOptions options = {});
  ~Proxy();

  /// The webhook deliverer's figures, for /metrics (call before the server starts).
  void set_delivery_stats(const DeliveryStats* stats);

  /// For http::Server: builds the handler of one worker thread.
  http::HandlerFactory handler_factory();

  /// Swaps in the clients of `config` (validated): keys, currencies, markups and rate limits, for
  /// every worker at once; a request in progress finishes with the table it started with. A
  /// client that keeps its id and rate limit keeps its bucket's state. Call from one thread.
  Expected<ClientsReloaded, std::string> reload_clients(const config::Config& config);

  /// Turns access log lines on or off (a reload may change it).
  void set_access_log(bool on);

  /// From now on /ready answers `503 not_ready` (reason `draining`): the load balancer stops
  /// sending new requests before the listener closes.
  void set_draining();

  /// Counts a configuration reload in /metrics (`travelctl_config_reloads_total{result}`).
  void count_reload(bool ok);

  struct Shared;

 private:
  explicit Proxy(std::shared_ptr<const Shared> shared);
  std::shared_ptr<const Shared> shared_;
};

}  // namespace travelctl::core::proxy
