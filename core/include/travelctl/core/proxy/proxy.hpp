// The proxy (`travelctl serve`): shared immutable state plus one handler per worker thread.
#pragma once

#include <memory>
#include <string>

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
  bool access_log = false;  ///< one text line per request on stderr (never the key)
  /// `serve --capture`: exchanges kept by `capture_filter` go to this recorder (which must
  /// outlive the server's workers); null: no capture.
  capture::Recorder* capture = nullptr;
  CaptureFilter capture_filter;
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

  struct Shared;

 private:
  explicit Proxy(std::shared_ptr<const Shared> shared);
  std::shared_ptr<const Shared> shared_;
};

}  // namespace travelctl::core::proxy
