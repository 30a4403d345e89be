// Internal: one worker thread's request handler, with its own supplier client and buffers.
#pragma once

#include <memory>
#include <vector>

#include "proxy_metrics.hpp"
#include "shared.hpp"
#include "travelctl/core/http/responses.hpp"
#include "travelctl/core/http/types.hpp"
#include "travelctl/core/observe/trace_context.hpp"
#include "travelctl/core/proxy/rate_limit.hpp"
#include "travelctl/core/proxy/router.hpp"
#include "travelctl/core/resilience/rendered_search_memo.hpp"

namespace travelctl::core::transform {
struct BookingRequest;
}
namespace travelctl::core::capture {
class ExchangeQueue;
}

namespace travelctl::core::proxy {

class WorkerHandler {
 public:
  WorkerHandler(boost::asio::io_context& ioc, std::shared_ptr<const Proxy::Shared> shared);

  /// Routes, authenticates and answers one request; never throws (a bug becomes a 500).
  boost::asio::awaitable<http::Response> handle(http::Request& req);

 private:
  /// What a request's routes learnt on the way, for the access log.
  struct Facts {
    std::chrono::nanoseconds supplier{0};  ///< time spent waiting for supplier calls
    std::optional<CacheResult> cache;      ///< searches only
  };

  /// What every route of an authenticated request needs.
  struct Call {
    http::Request& req;
    std::string_view rid;          ///< this request's id, sent on to the supplier
    std::string_view traceparent;  ///< our span's traceparent, sent on to the supplier
    const ClientEntry& client;
    /// The client's quota identity: its metrics slot, stable across reloads (kNoClient: none).
    std::size_t client_index;
    std::chrono::steady_clock::time_point deadline;  ///< server.request_timeout_ms from arrival
    Facts& facts;
    /// What every supplier call of this request carries (they share the deadline).
    supplier::CallContext supplier_call() const {
      return {rid, traceparent, deadline, client_index};
    }
  };
  using Reply = boost::asio::awaitable<http::Response>;

  /// What dispatch learnt of a request, for metrics, the RateLimit-* fields and the access log.
  struct Seen {
    std::optional<Route> route;
    const ClientEntry* client = nullptr;
    std::optional<RateLimitStatus> rate_limit;  ///< set for a client with a rate limit
    Facts facts;
  };
  /// The worker's own reference to the current client table: refreshed when a reload moved the
  /// generation, so that requests copy a pointer only this thread touches.
  struct LocalTable {
    std::shared_ptr<const ClientTable> table;
  };
  std::shared_ptr<const LocalTable> current_clients();

  Reply dispatch(http::Request& req, std::string_view rid, const observe::SpanContext& span,
                 const ClientTable& clients, Seen& seen,
                 std::chrono::steady_clock::time_point deadline);
  void log_access(const http::Request& req, const http::Response& res, std::string_view rid,
                  const observe::SpanContext& span, const Seen& seen,
                  std::chrono::steady_clock::time_point start) const;

  // Supplier calls of the routes, timed for the access log; a failure is logged with its detail.
  boost::asio::awaitable<void> supplier_get(const Call& call, std::string_view target,
                                            supplier::SupplierReply& reply);
  boost::asio::awaitable<void> supplier_post(const Call& call, std::string_view target,
                                             std::string_view body, supplier::SupplierReply& reply);
  boost::asio::awaitable<void> supplier_search(const Call& call, const transform::SearchQuery& q,
                                               supplier::SupplierReply& reply);
  void note_supplier_call(const Call& call, http::Verb method, std::string_view target,
                          const supplier::SupplierReply& reply,
                          std::chrono::steady_clock::time_point start);
  Reply search(const Call& call, std::string_view query);  // search_route
  /// The supplier's search answer, parsed, or how the request fails.
  boost::asio::awaitable<
      Expected<std::shared_ptr<const transform::SupplierSearch>, http::ErrorReply>>
  fetch_search(const Call& call, const transform::SearchQuery& q);
  Reply itinerary(const Call& call, std::string_view id,
                  std::string_view query);  // itinerary_route
  Reply book(const Call& call);             // booking_routes
  Reply reserve(const Call& call, const transform::BookingRequest& booking,
                const std::optional<store::IdempotencyLease>& lease);
  Reply booking_action(const Call& call, Route route, std::string_view id);
  Reply supplier_webhook(http::Request& req, std::string_view rid);  // webhook_route
  /// Hands the exchange to the capture writer (capture_hook.cpp); takes the request's body.
  void capture(http::Request& req, const http::Response& res, std::string_view rid,
               const Seen& seen, std::chrono::system_clock::time_point started,
               std::chrono::nanoseconds elapsed);

  // Supplier replies are recycled on this thread so that their body buffers are reused.
  using Spares = std::vector<std::unique_ptr<supplier::SupplierReply>>;
  class ReplyLease {
   public:
    explicit ReplyLease(Spares& spares) : spares_(spares) {
      if (spares_.empty()) {
        reply_ = std::make_unique<supplier::SupplierReply>();
      } else {
        reply_ = std::move(spares_.back());
        spares_.pop_back();
      }
    }
    ~ReplyLease() {
      reply_->settle();  // the route is done with the answer: a success counts now
      if (spares_.size() < kMaxSpares && reply_->response.body().capacity() <= kMaxKeptBytes) {
        spares_.push_back(std::move(reply_));
      }
    }
    ReplyLease(const ReplyLease&) = delete;
    ReplyLease& operator=(const ReplyLease&) = delete;
    supplier::SupplierReply& operator*() { return *reply_; }
    supplier::SupplierReply* operator->() { return reply_.get(); }

   private:
    static constexpr std::size_t kMaxSpares = 256;
    static constexpr std::size_t kMaxKeptBytes = 1u << 20;  // do not hoard huge one-off bodies
    Spares& spares_;
    std::unique_ptr<supplier::SupplierReply> reply_;
  };

  std::shared_ptr<const Proxy::Shared> shared_;
  std::shared_ptr<const LocalTable> clients_;
  uint64_t clients_generation_ = 0;
  MetricsShard& metrics_;  ///< this worker's own (the registry outlives the handler)
  capture::ExchangeQueue* capture_ = nullptr;  ///< this worker's own; null without --capture
  supplier::SupplierClient supplier_;          ///< reports to metrics_ (built after it)
  Spares spare_replies_;
  resilience::RenderedSearchMemo rendered_;  ///< repeated cache hits cost one copy
};

}  // namespace travelctl::core::proxy
