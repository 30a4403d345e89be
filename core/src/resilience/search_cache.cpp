// The sharded LRU of parsed search answers and the flights that coalesce identical misses.
#include "travelctl/core/resilience/search_cache.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <functional>
#include <list>
#include <mutex>
#include <unordered_map>

namespace travelctl::core::resilience {
namespace asio = boost::asio;

namespace {
constexpr std::size_t kShards = 16;
}

class SearchCache::Flight {
 public:
  struct Waiter {
    explicit Waiter(const asio::any_io_executor& ex) : timer(ex) {}
    asio::steady_timer timer;
    bool notified = false;  // set on the waiter's executor before the timer is cancelled
  };

  std::mutex mu;
  bool done = false;
  Value value;
  std::optional<http::ErrorReply> failure;
  std::vector<std::shared_ptr<Waiter>> waiters;
};

struct SearchCache::Shard {
  struct Entry {
    std::string key;
    Value value;
    Clock::time_point stored;
  };
  std::mutex mu;
  std::list<Entry> lru;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index;
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights;
  std::size_t capacity = 1;
};

SearchCache::SearchCache(Options options) : options_(options) {
  const std::size_t per_shard =
      std::max<std::size_t>(1, (options.max_entries + kShards - 1) / kShards);
  for (std::size_t i = 0; i < kShards; ++i) {
    shards_.push_back(std::make_unique<Shard>());
    shards_.back()->capacity = per_shard;
  }
}

SearchCache::~SearchCache() = default;

std::string SearchCache::key(uint64_t from, uint64_t to, std::string_view date, int seats) {
  std::string k = std::to_string(from);
  k.push_back('|');
  k += std::to_string(to);
  k.push_back('|');
  k.append(date);
  k.push_back('|');
  k += std::to_string(seats);
  return k;
}

SearchCache::Shard& SearchCache::shard_of(const std::string& key) {
  return *shards_[std::hash<std::string>{}(key) % kShards];
}

SearchCache::Lookup SearchCache::get(const std::string& key, Clock::time_point now) {
  Shard& s = shard_of(key);
  std::lock_guard lock(s.mu);
  const auto it = s.index.find(key);
  if (it == s.index.end()) {
    return {};
  }
  const auto age = now - it->second->stored;
  if (age >= options_.ttl + options_.stale) {
    s.lru.erase(it->second);
    s.index.erase(it);
    return {};
  }
  s.lru.splice(s.lru.begin(), s.lru, it->second);
  return {age < options_.ttl ? State::fresh : State::stale, it->second->value};
}

void SearchCache::put(const std::string& key, Value value, Clock::time_point now) {
  Shard& s = shard_of(key);
  std::lock_guard lock(s.mu);
  if (const auto it = s.index.find(key); it != s.index.end()) {
    it->second->value = std::move(value);
    it->second->stored = now;
    s.lru.splice(s.lru.begin(), s.lru, it->second);
    return;
  }
  s.lru.push_front({key, std::move(value), now});
  s.index.emplace(key, s.lru.begin());
  while (s.lru.size() > s.capacity) {
    s.index.erase(s.lru.back().key);
    s.lru.pop_back();
  }
}

void SearchCache::evict(const std::string& key) {
  Shard& s = shard_of(key);
  std::lock_guard lock(s.mu);
  if (const auto it = s.index.find(key); it != s.index.end()) {
    s.lru.erase(it->second);
    s.index.erase(it);
  }
}

SearchCache::Join SearchCache::join(const std::string& key) {
  Shard& s = shard_of(key);
  std::lock_guard lock(s.mu);
  auto& slot = s.flights[key];
  if (slot) {
    return {false, slot};
  }
  slot = std::make_shared<Flight>();
  return {true, slot};
}

void SearchCache::finish(const std::string& key, const std::shared_ptr<Flight>& flight, Value value,
                         std::optional<http::ErrorReply> failure) {
  {
    Shard& s = shard_of(key);
    std::lock_guard lock(s.mu);
    if (auto it = s.flights.find(key); it != s.flights.end() && it->second == flight) {
      s.flights.erase(it);  // from now on a miss starts a new flight
    }
  }
  std::vector<std::shared_ptr<Flight::Waiter>> woken;
  {
    std::lock_guard lock(flight->mu);
    flight->done = true;
    flight->value = std::move(value);
    flight->failure = std::move(failure);
    woken.swap(flight->waiters);
  }
  for (auto& w : woken) {
    asio::post(w->timer.get_executor(), [w] {
      w->notified = true;
      w->timer.cancel();
    });
  }
}

asio::awaitable<SearchCache::Outcome> SearchCache::wait(std::shared_ptr<Flight> flight,
                                                        std::chrono::milliseconds max_wait) {
  auto waiter = std::make_shared<Flight::Waiter>(co_await asio::this_coro::executor);
  {
    std::lock_guard lock(flight->mu);
    if (!flight->done) {
      flight->waiters.push_back(waiter);
    }
  }
  if (waiter.use_count() > 1) {  // registered: sleep until the leader finishes or time runs out
    waiter->timer.expires_after(max_wait);
    co_await waiter->timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  std::lock_guard lock(flight->mu);
  if (!flight->done) {
    std::erase(flight->waiters, waiter);
    co_return Outcome{nullptr, http::ErrorReply{http::Status::gateway_timeout, "supplier_timeout",
                                                "the supplier did not answer in time", ""}};
  }
  co_return Outcome{flight->value, flight->failure};
}

std::size_t SearchCache::size() const {
  std::size_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard lock(s->mu);
    n += s->lru.size();
  }
  return n;
}

}  // namespace travelctl::core::resilience
