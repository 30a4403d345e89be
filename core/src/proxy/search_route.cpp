// GET /v1/itineraries: the query, the supplier's answer (through the search cache, with identical
// misses coalesced into one call and a stale answer when a refresh fails), the client's body.
#include <algorithm>
#include <chrono>
#include <string>

#include "route_helpers.hpp"
#include "travelctl/core/http/client.hpp"
#include "travelctl/core/http/responses.hpp"
#include "travelctl/core/proxy/supplier_errors.hpp"
#include "travelctl/core/resilience/search_cache.hpp"
#include "worker_handler.hpp"

namespace travelctl::core::proxy {
namespace asio = boost::asio;
using http::Response;
using http::Status;
using resilience::SearchCache;

asio::awaitable<Expected<SearchCache::Value, http::ErrorReply>> WorkerHandler::fetch_search(
    const Call& call, const transform::SearchQuery& q) {
  ReplyLease reply(spare_replies_);
  co_await supplier_search(call, q, *reply);
  if (auto failure = classify_supplier_failure(*reply)) {
    co_return unexpected(std::move(*failure));
  }
  // The pool's body buffers keep spare capacity: the parser reads them in place, without a copy.
  static_assert(http::kResponseBodySlack >= transform::kParsePadding);
  const std::string& body = reply->response.body();
  auto parsed = transform::parse_supplier_search(body, body.capacity() - body.size());
  if (!parsed) {
    reply->report_malformed();
    co_return unexpected(http::ErrorReply{Status::bad_gateway, "supplier_error",
                                          "the supplier's answer is not usable: " + parsed.error(),
                                          ""});
  }
  co_return SearchCache::Value(std::move(*parsed));
}

asio::awaitable<Response> WorkerHandler::search(const Call& call, std::string_view query) {
  const std::string_view rid = call.rid;
  auto q = transform::parse_search_query(query, call.client.pricing);
  if (!q) {
    co_return invalid_request("invalid query parameter(s)", q.error(), rid);
  }
  SearchCache* cache = shared_->search_cache.get();
  SearchCache::Value answer;
  std::string_view x_cache = "MISS";
  if (cache == nullptr) {
    auto fetched = co_await fetch_search(call, *q);
    if (!fetched) {
      co_return http::error_response(fetched.error(), rid);
    }
    answer = std::move(*fetched);
  } else {
    const std::string key = SearchCache::key(q->from, q->to, q->date, q->pax);
    const auto found = cache->get(key, SearchCache::Clock::now());
    std::optional<http::ErrorReply> failure;
    CacheResult result = CacheResult::miss;
    if (found.state == SearchCache::State::fresh) {
      answer = found.value;
      x_cache = "HIT";
      result = CacheResult::hit;
    } else if (auto join = cache->join(key); join.leader) {
      auto fetched = co_await fetch_search(call, *q);
      if (fetched) {
        answer = *fetched;
        cache->put(key, answer, SearchCache::Clock::now());
        cache->finish(key, join.flight, answer, std::nullopt);
      } else {
        failure = fetched.error();
        cache->finish(key, join.flight, nullptr, failure);
      }
    } else {
      // Another request is fetching this very answer: wait for it instead of asking again.
      result = CacheResult::coalesced;
      // Only for what is left of this request's own deadline: it may have been spent in part.
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          call.deadline - std::chrono::steady_clock::now());
      auto task = cache->wait(join.flight, std::max(left, std::chrono::milliseconds(0)));
      auto outcome = co_await std::move(task);
      answer = std::move(outcome.value);
      failure = std::move(outcome.failure);
    }
    if (failure && found.state == SearchCache::State::stale) {
      answer = found.value;  // stale-if-error: an older answer beats none
      x_cache = "STALE";
      result = CacheResult::stale;
    }
    metrics_.on_cache(result);
    call.facts.cache = result;
    if (!answer) {
      co_return http::error_response(*failure, rid);
    }
  }
  std::string body;
  auto rendered = rendered_.render(answer, *q, call.client.pricing, body);
  if (!rendered) {
    co_return supplier_unusable(rendered.error(), rid);
  }
  metrics_.on_unusable_trips(rendered->dropped_unusable);
  Response res = http::json_response(Status::ok, std::move(body));
  res.set("X-Cache", x_cache);
  co_return res;
}

}  // namespace travelctl::core::proxy
