// Hedged search: a second identical try when the first is slow, the first good answer used.
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>

#include "call_policy.hpp"
#include "travelctl/core/supplier/client.hpp"

namespace travelctl::core::supplier {
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
}  // namespace

// The two tries of a hedged search share this; whichever outlives the caller keeps it alive.
struct SupplierClient::Race {
  explicit Race(asio::io_context& ioc) : wake(ioc) {}
  asio::steady_timer wake;  // cancelled by each finished try
  std::string target;       // owned copies: a losing try may outlive the caller's frame
  std::string request_id;
  std::string traceparent;
  std::array<std::pair<std::string_view, std::string_view>, 4> headers;
  http::ClientRequest req;
  std::array<SupplierReply, 2> replies;
  std::array<bool, 2> done{};
  int first_done = -1;
};

asio::awaitable<void> SupplierClient::hedged(const http::ClientRequest& req, Endpoint endpoint,
                                             const CallContext& ctx, SupplierReply& reply) {
  auto race = std::make_shared<Race>(ioc_);
  race->target = req.target;
  race->request_id = ctx.request_id;
  race->traceparent = ctx.traceparent;
  for (std::size_t i = 0; i < req.header_count && i < race->headers.size(); ++i) {
    race->headers[i] = req.headers[i];
  }
  race->headers[2].second = race->request_id;  // X-Request-Id
  if (req.header_count > 3) {
    race->headers[3].second = race->traceparent;
  }
  race->req = req;
  race->req.target = race->target;
  race->req.headers = race->headers.data();
  race->req.header_count = std::min(req.header_count, race->headers.size());

  auto run = [this, race, endpoint](int i) {
    auto task = [](SupplierClient* self, std::shared_ptr<Race> r, int index,
                   Endpoint e) -> asio::awaitable<void> {
      co_await self->attempt(r->req, e, r->replies[static_cast<std::size_t>(index)]);
      r->done[static_cast<std::size_t>(index)] = true;
      if (r->first_done < 0) {
        r->first_done = index;
      }
      r->wake.cancel();
    };
    asio::co_spawn(ioc_, task(this, race, i, endpoint), asio::detached);
  };

  run(0);
  const auto hedge_at = std::min(req.deadline, Clock::now() + options_.hedge_after);
  while (!race->done[0] && Clock::now() < hedge_at) {
    race->wake.expires_at(hedge_at);
    co_await race->wake.async_wait(kNoThrow);
  }
  bool hedged = false;
  if (!race->done[0] && Clock::now() < req.deadline) {
    // A hedge is a retry for the budget and a call for the quota.
    if (!budget_.try_spend(Clock::now())) {
      if (observer_ != nullptr) {
        observer_->on_retry_budget_exhausted(endpoint);
      }
    } else if (take_quota(ctx)) {
      hedged = true;
      run(1);
      if (observer_ != nullptr) {
        observer_->on_hedge(false);
      }
    }
  }
  // The first answer that is not a failure wins; failures only when both tries failed.
  int winner = -1;
  const auto give_up = req.deadline + milliseconds(500);  // tries end by the deadline
  for (;;) {
    for (int i = 0; i < (hedged ? 2 : 1); ++i) {
      const auto& r = race->replies[static_cast<std::size_t>(i)];
      if (race->done[static_cast<std::size_t>(i)] && winner < 0 &&
          verdict_of(r) != Verdict::failure) {
        winner = i;
      }
    }
    const bool all_done = race->done[0] && (!hedged || race->done[1]);
    if (winner < 0 && all_done) {
      winner = race->first_done;
    }
    if (winner >= 0 || Clock::now() >= give_up) {
      break;
    }
    race->wake.expires_at(give_up);
    co_await race->wake.async_wait(kNoThrow);
  }
  if (winner < 0) {
    copy_result({http::ClientError::timeout, "no answer to the search before the deadline"}, reply);
    reply.sent = true;
    co_return;
  }
  SupplierReply& won = race->replies[static_cast<std::size_t>(winner)];
  std::swap(reply.response, won.response);
  reply.error = won.error;
  reply.detail = won.detail;
  reply.sent = won.sent;
  reply.partial = won.partial;
  reply.status = won.status;
  reply.rejected = won.rejected;
  reply.retry_after = won.retry_after;
  reply.attempts += race->replies[0].attempts + race->replies[1].attempts;
  if (winner == 1 && observer_ != nullptr) {
    observer_->on_hedge(true);
  }
}

}  // namespace travelctl::core::supplier
