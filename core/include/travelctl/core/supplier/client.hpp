// The typed client of the supplier API (supplier-api.md) over a per-thread keep-alive pool, with
// the supplier's resilience policies: deadline, retries within a budget, hedged search, circuit
// breaker and the global quota.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "travelctl/core/http/client.hpp"
#include "travelctl/core/resilience/circuit_breaker.hpp"
#include "travelctl/core/resilience/retry_budget.hpp"

namespace travelctl::core::resilience {
class SupplierQuota;
}

namespace travelctl::core::supplier {

struct SupplierClientOptions {
  http::ClientOptions http;  ///< origin, pool limits, connect timeout, response size limit
  std::string path_prefix;   ///< the base URL's path, prepended to every route
  std::string api_key;       ///< sent as X-Partner-Key
  std::chrono::milliseconds timeout{10'000};  ///< per try, from send to the whole response

  // Resilience (config: supplier.retries, supplier.circuit_breaker, hedge_after_ms, max_rps).
  int max_retries = 2;              ///< of one idempotent call; never for POSTs
  uint32_t budget_percent = 10;     ///< retries and hedges within this share of recent calls...
  uint32_t budget_min_retries = 3;  ///< ...plus this many per 10 s window (per worker)
  std::chrono::milliseconds backoff{25};
  std::chrono::milliseconds max_backoff{1'000};
  resilience::BreakerOptions breaker;
  std::chrono::milliseconds hedge_after{0};    ///< search only; 0: no hedging
  resilience::SupplierQuota* quota = nullptr;  ///< shared by the workers, not owned; null: none
};

/// What a supplier call needs of the client request it serves.
struct CallContext {
  static constexpr std::size_t kNoClient = std::numeric_limits<std::size_t>::max();
  std::string_view request_id;   ///< sent as X-Request-Id
  std::string_view traceparent;  ///< sent on when not empty
  /// The client request's deadline, shared by all of its supplier calls, their retries and
  /// backoff waits (each try also ends within `timeout`). max(): only the per-try timeout.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  std::size_t client = kNoClient;  ///< configured client index, for the quota's fair share
};

/// Why a call was refused here without reaching the supplier (error == ClientError::rejected).
enum class Rejection : uint8_t { none, circuit_open, quota, pool_full };
inline constexpr std::size_t kRejections = 4;
std::string_view rejection_name(Rejection r);

/// Why a supplier call was tried again.
enum class RetryReason : uint8_t { status, connect, reset, stale_connection };
inline constexpr std::size_t kRetryReasons = 4;
std::string_view retry_reason_name(RetryReason r);

class SupplierClient;

/// What the supplier said, or why it said nothing usable.
struct SupplierReply {
  http::ClientError error = http::ClientError::none;  ///< none: `status` and the body are valid
  std::string detail;                                 ///< the failure, for logs
  bool sent = false;     ///< the request may have reached the supplier (see http::ClientResult)
  bool partial = false;  ///< a failure after some of the answer had arrived
  unsigned status = 0;
  Rejection rejected = Rejection::none;      ///< error == rejected: by what
  std::chrono::milliseconds retry_after{0};  ///< rejected: when it may be worth trying again
  int attempts = 0;                          ///< tries sent (1 + retries + hedges)
  std::string_view body() const { return response.body(); }
  std::string_view header(http::Field f) const;
  http::Response response;  ///< whole response; reusing a SupplierReply reuses its body's capacity

  /// The route has used the answer: a pending success now counts for the circuit breaker. Done
  /// by the next call on this reply and when the route lets it go; idempotent.
  void settle();
  /// The route found the body of a 2xx unusable (not JSON, not the schema): it counts as a
  /// failure for the circuit breaker instead of a success.
  void report_malformed();

 private:
  friend class SupplierClient;
  SupplierClient* verdict_owner_ = nullptr;  ///< set while a success waits for the route's word
  bool verdict_probe_ = false;
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
  virtual void on_retry(Endpoint /*endpoint*/, RetryReason /*reason*/) {}
  /// A retry or hedge that the budget refused.
  virtual void on_retry_budget_exhausted(Endpoint /*endpoint*/) {}
  /// A hedged search sent (`used` false), or its answer used (`used` true).
  virtual void on_hedge(bool /*used*/) {}
  virtual void on_rejected(Endpoint /*endpoint*/, Rejection /*why*/) {}
  /// The circuit breaker of this worker moved into `state`.
  virtual void on_breaker(resilience::BreakerState /*state*/) {}
};

/// Calls the supplier on behalf of requests served by one worker thread.
class SupplierClient {
 public:
  /// `observer` hears of every call (not owned; must outlive this client), or nullptr.
  SupplierClient(boost::asio::io_context& ioc, SupplierClientOptions options,
                 CallObserver* observer = nullptr);
  ~SupplierClient();

  /// `GET /v1/search?from&to&date&seats`, forwarding the request id and (if any) traceparent;
  /// hedged when `hedge_after` is set.
  boost::asio::awaitable<void> search(uint64_t from, uint64_t to, std::string_view date, int seats,
                                      const CallContext& ctx, SupplierReply& reply);

  /// Any GET under the base URL (`target` starts with `/`), with the same headers; retried.
  boost::asio::awaitable<void> get(std::string_view target, const CallContext& ctx,
                                   SupplierReply& reply);

  /// A POST of a JSON body under the base URL. Never re-sent or retried: the supplier's POSTs
  /// (carts, reserve, confirm, cancel) change state.
  boost::asio::awaitable<void> post(std::string_view target, std::string_view body,
                                    const CallContext& ctx, SupplierReply& reply);

  const SupplierClientOptions& options() const { return options_; }
  http::ClientPool& pool() { return *pool_; }
  resilience::BreakerState breaker_state() const { return breaker_.state(); }

  struct Race;  // a hedged search's two tries (client.cpp)

 private:
  friend struct SupplierReply;
  // Sends a request for a target that already includes the base URL's path: admission, tries,
  // retries.
  boost::asio::awaitable<void> send(http::Verb method, std::string_view full_target,
                                    std::string_view body, const CallContext& ctx,
                                    SupplierReply& reply);
  /// One try through the pool, observed.
  boost::asio::awaitable<void> attempt(const http::ClientRequest& req, Endpoint endpoint,
                                       SupplierReply& reply);
  /// One try, and a second identical one if the first is still out after `hedge_after`.
  boost::asio::awaitable<void> hedged(const http::ClientRequest& req, Endpoint endpoint,
                                      const CallContext& ctx, SupplierReply& reply);
  /// Breaker and quota: may a try go now? Fills `reply` with the refusal when not.
  bool admit(Endpoint endpoint, const CallContext& ctx, SupplierReply& reply, bool& probe);
  bool take_quota(const CallContext& ctx);
  /// The breaker's verdict on a try (a success stays pending until the route settles it).
  void judge(SupplierReply& reply, bool probe);
  /// The wait before the next try, or nullopt when no retry is due or allowed.
  std::optional<std::chrono::milliseconds> retry_delay(
      const SupplierReply& reply, Endpoint endpoint, int retry,
      std::chrono::steady_clock::time_point deadline);
  void settle(SupplierReply& reply, bool malformed);
  void note_breaker();

  boost::asio::io_context& ioc_;
  SupplierClientOptions options_;
  std::unique_ptr<http::ClientPool> pool_;
  CallObserver* observer_ = nullptr;
  resilience::CircuitBreaker breaker_;
  resilience::BreakerState noted_state_ = resilience::BreakerState::closed;
  resilience::RetryBudget budget_;
  std::minstd_rand rng_;
};

}  // namespace travelctl::core::supplier
