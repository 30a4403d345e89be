// The typed client of the supplier API (supplier-api.md) over a per-thread keep-alive pool.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "travelctl/core/http/client.hpp"

namespace travelctl::core::supplier {

struct SupplierClientOptions {
  http::ClientOptions http;  ///< origin, pool limits, connect timeout, response size limit
  std::string path_prefix;   ///< the base URL's path, prepended to every route
  std::string api_key;       ///< sent as X-Partner-Key
  std::chrono::milliseconds timeout{10'000};  ///< per call, from send to the whole response
};

/// What the supplier said, or why it said nothing usable.
struct SupplierReply {
  http::ClientError error = http::ClientError::none;  ///< none: `status` and the body are valid
  std::string detail;                                 ///< the failure, for logs
  bool sent = false;  ///< the request may have reached the supplier (see http::ClientResult)
  unsigned status = 0;
  std::string_view body() const { return response.body(); }
  std::string_view header(http::Field f) const;
  http::Response response;  ///< whole response; reusing a SupplierReply reuses its body's capacity
};

/// The supplier endpoint a request goes to (supplier-api.md), for metrics: search, trip, cart,
/// schema, reserve, confirm, booking (GET one), cancel, or other.
enum class Endpoint { search, trip, cart, schema, reserve, confirm, booking, cancel, other };
inline constexpr std::size_t kEndpointCount = 9;
std::string_view endpoint_name(Endpoint e);
/// Classifies a target relative to the base URL (`/v1/carts/c_1/reserve`, query allowed).
Endpoint classify_target(http::Verb method, std::string_view target);

/// Told of every finished supplier call of one worker (metrics); called on that worker's thread.
class CallObserver {
 public:
  virtual ~CallObserver() = default;
  virtual void on_supplier_call(Endpoint endpoint, const SupplierReply& reply,
                                std::chrono::nanoseconds elapsed) = 0;
};

/// Calls the supplier on behalf of requests served by one worker thread.
class SupplierClient {
 public:
  SupplierClient(boost::asio::io_context& ioc, SupplierClientOptions options);
  ~SupplierClient();

  /// `GET /v1/search?from&to&date&seats`, forwarding the request id and (if any) traceparent.
  boost::asio::awaitable<void> search(uint64_t from, uint64_t to, std::string_view date, int seats,
                                      std::string_view request_id, std::string_view traceparent,
                                      SupplierReply& reply);

  /// Any GET under the base URL (`target` starts with `/`), with the same headers.
  boost::asio::awaitable<void> get(std::string_view target, std::string_view request_id,
                                   std::string_view traceparent, SupplierReply& reply);

  /// A POST of a JSON body under the base URL. Never re-sent by the pool: the supplier's POSTs
  /// (carts, reserve, confirm, cancel) change state.
  boost::asio::awaitable<void> post(std::string_view target, std::string_view body,
                                    std::string_view request_id, std::string_view traceparent,
                                    SupplierReply& reply);

  /// Who hears of every call (not owned; must outlive this client), or nullptr.
  void set_observer(CallObserver* observer) { observer_ = observer; }

  const SupplierClientOptions& options() const { return options_; }
  http::ClientPool& pool() { return *pool_; }

 private:
  // Sends a request for a target that already includes the base URL's path.
  boost::asio::awaitable<void> send(http::Verb method, std::string_view full_target,
                                    std::string_view body, std::string_view request_id,
                                    std::string_view traceparent, SupplierReply& reply);

  SupplierClientOptions options_;
  std::unique_ptr<http::ClientPool> pool_;
  CallObserver* observer_ = nullptr;
};

}  // namespace travelctl::core::supplier
