// Internal: one worker thread's request handler, with its own supplier client and buffers.
#pragma once

#include <memory>
#include <vector>

#include "proxy_metrics.hpp"
#include "shared.hpp"
#include "travelctl/core/http/responses.hpp"
#include "travelctl/core/http/types.hpp"
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
  /// What every route of an authenticated request needs.
  struct Call {
    http::Request& req;
    std::string_view rid;          ///< this request's id, sent on to the supplier
    std::string_view traceparent;  ///< a valid W3C traceparent to pass on, or empty
    const ClientEntry& client;
    std::size_t client_index;
    std::chrono::steady_clock::time_point deadline;  ///< server.request_timeout_ms from arrival
    /// What every supplier call of this request carries (they share the deadline).
    supplier::CallContext supplier_call() const {
      return {rid, traceparent, deadline, client_index};
    }
  };
  using Reply = boost::asio::awaitable<http::Response>;

  /// What dispatch learnt of a request, for metrics and the RateLimit-* fields.
  struct Seen {
    std::optional<Route> route;
    std::optional<std::size_t> client;
    std::optional<RateLimitStatus> rate_limit;  ///< set for a client with a rate limit
  };
  Reply dispatch(http::Request& req, std::string_view rid, Seen& seen,
                 std::chrono::steady_clock::time_point deadline);
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
  MetricsShard& metrics_;  ///< this worker's own (the registry outlives the handler)
  capture::ExchangeQueue* capture_ = nullptr;  ///< this worker's own; null without --capture
  supplier::SupplierClient supplier_;          ///< reports to metrics_ (built after it)
  Spares spare_replies_;
  resilience::RenderedSearchMemo rendered_;  ///< repeated cache hits cost one copy
};

}  // namespace travelctl::core::proxy
