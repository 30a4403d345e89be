// The search cache: TTL, stale window, LRU bound, and flights that hand one outcome to waiters on
// other threads (or give up at their deadline).
#include "travelctl/core/resilience/search_cache.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <memory>
#include <thread>

#include "travelctl/core/transform/search.hpp"

using namespace travelctl::core;
using resilience::SearchCache;
using namespace std::chrono_literals;

namespace {

SearchCache::Value parsed(const char* search_id) {
  const std::string body = std::string(R"({"search_id":")") + search_id +
                           R"(","trips":[],"fx":{"base":"THB","rates":{"THB":"1"}}})";
  auto p = transform::parse_supplier_search(body);
  REQUIRE(p);
  return *p;
}

}  // namespace

TEST_CASE("Search cache: fresh for the TTL, stale for the window, then gone", "[core]") {
  SearchCache cache({1000ms, 500ms, 100});
  const auto t0 = SearchCache::Clock::now();
  const auto key = SearchCache::key(101, 117, "2026-12-01", 2);
  CHECK(key == "101|117|2026-12-01|2");
  CHECK(cache.get(key, t0).state == SearchCache::State::miss);
  const auto v = parsed("s_1");
  cache.put(key, v, t0);
  CHECK(cache.get(key, t0 + 999ms).state == SearchCache::State::fresh);
  CHECK(cache.get(key, t0 + 999ms).value == v);
  CHECK(cache.get(key, t0 + 1000ms).state == SearchCache::State::stale);
  CHECK(cache.get(key, t0 + 1499ms).value == v);
  CHECK(cache.get(key, t0 + 1500ms).state == SearchCache::State::miss);
  CHECK(cache.size() == 0);  // expired entries are dropped when met
  // Other seats, other key: a client never shares an answer for another request.
  cache.put(key, v, t0);
  CHECK(cache.get(SearchCache::key(101, 117, "2026-12-01", 3), t0).state ==
        SearchCache::State::miss);
}

TEST_CASE("Search cache: bounded, least recently used entries go first", "[core]") {
  SearchCache cache({60s, 0ms, 16});  // one entry per shard
  const auto t0 = SearchCache::Clock::now();
  for (int i = 0; i < 200; ++i) {
    cache.put(SearchCache::key(1, 2, "2026-12-01", i % 9 + 1) + std::to_string(i), parsed("s"), t0);
  }
  CHECK(cache.size() <= 16);
}

TEST_CASE("Search cache: one leader per key, followers on other threads get its outcome",
          "[core]") {
  SearchCache cache({60s, 0ms, 100});
  const std::string key = "k";
  auto lead = cache.join(key);
  REQUIRE(lead.leader);
  constexpr int kFollowers = 8;
  std::atomic<int> got_value{0};
  std::vector<std::thread> threads;
  std::atomic<int> joined{0};
  // Each follower's io_context outlives its thread: finish() posts to it from this thread and may
  // still be inside that post when the follower, already woken, returns from run() (as in serve,
  // where the workers' io_contexts outlive every worker thread).
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts;
  for (int i = 0; i < kFollowers; ++i) {
    contexts.push_back(std::make_unique<boost::asio::io_context>());
  }
  for (int i = 0; i < kFollowers; ++i) {
    threads.emplace_back([&, i] {
      boost::asio::io_context& ioc = *contexts[static_cast<size_t>(i)];
      auto j = cache.join(key);
      CHECK_FALSE(j.leader);
      boost::asio::co_spawn(
          ioc,
          [&, flight = j.flight]() -> boost::asio::awaitable<void> {
            ++joined;
            auto out = co_await cache.wait(flight, 5s);
            if (out.value && !out.failure) {
              ++got_value;
            }
          },
          boost::asio::detached);
      ioc.run();
    });
  }
  while (joined.load() < kFollowers) {
    std::this_thread::sleep_for(1ms);
  }
  std::this_thread::sleep_for(20ms);
  cache.finish(key, lead.flight, parsed("s_1"), std::nullopt);
  for (auto& t : threads) {
    t.join();
  }
  CHECK(got_value == kFollowers);
  CHECK(cache.join(key).leader);  // the flight ended: the next miss leads a new one
}

TEST_CASE("Search cache: a failure is shared, and a follower gives up at its deadline", "[core]") {
  SearchCache cache({60s, 0ms, 100});
  auto lead = cache.join("k");
  auto follow = cache.join("k");
  cache.finish("k", lead.flight, nullptr,
               http::ErrorReply{http::Status::bad_gateway, "supplier_error", "down", ""});
  boost::asio::io_context ioc;
  std::optional<SearchCache::Outcome> out;
  boost::asio::co_spawn(
      ioc, [&]() -> boost::asio::awaitable<void> { out = co_await cache.wait(follow.flight, 1s); },
      boost::asio::detached);
  ioc.run();
  REQUIRE(out);
  REQUIRE(out->failure);
  CHECK(out->failure->code == "supplier_error");

  auto stuck = cache.join("other");
  auto waiting = cache.join("other");
  out.reset();
  const auto start = std::chrono::steady_clock::now();
  boost::asio::co_spawn(
      ioc,
      [&]() -> boost::asio::awaitable<void> { out = co_await cache.wait(waiting.flight, 50ms); },
      boost::asio::detached);
  ioc.restart();
  ioc.run();
  REQUIRE(out);
  REQUIRE(out->failure);
  CHECK(out->failure->status == http::Status::gateway_timeout);
  CHECK(std::chrono::steady_clock::now() - start >= 50ms);
  cache.finish("other", stuck.flight, nullptr, std::nullopt);
}
