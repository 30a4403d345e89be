// The search cache: parsed supplier search answers keyed by the supplier request (never the
// client), shared by every worker thread, TTL and LRU bounded, with request coalescing (N
// concurrent identical misses make one supplier call) and a stale window served when a refresh
// fails (stale-if-error).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "travelctl/core/http/responses.hpp"

namespace travelctl::core::transform {
class SupplierSearch;
}

namespace travelctl::core::resilience {

/// Thread-safe. Lookups lock one of 16 shards for a hash-map probe (never across I/O), so worker
/// threads practically never meet; a hit then costs only the client's rendering.
class SearchCache {
 public:
  using Value = std::shared_ptr<const transform::SupplierSearch>;
  using Clock = std::chrono::steady_clock;

  struct Options {
    std::chrono::milliseconds ttl{300'000};  ///< fresh for this long
    std::chrono::milliseconds stale{0};      ///< then served only when a refresh fails
    std::size_t max_entries = 10'000;        ///< least recently used entries go first
  };

  enum class State { fresh, stale, miss };
  struct Lookup {
    State state = State::miss;
    Value value;  ///< set for fresh and stale
  };

  /// One supplier call in flight for a key: its leader fetches, the others wait for its outcome.
  class Flight;
  struct Join {
    bool leader = false;
    std::shared_ptr<Flight> flight;
  };
  /// What a follower got: the leader's value, or its failure.
  struct Outcome {
    Value value;
    std::optional<http::ErrorReply> failure;  ///< set when the leader failed or the wait timed out
  };

  explicit SearchCache(Options options);
  ~SearchCache();
  SearchCache(const SearchCache&) = delete;
  SearchCache& operator=(const SearchCache&) = delete;

  /// `from|to|date|seats`: the supplier request, the only thing an answer depends on.
  static std::string key(uint64_t from, uint64_t to, std::string_view date, int seats);

  Lookup get(const std::string& key, Clock::time_point now);
  void put(const std::string& key, Value value, Clock::time_point now);
  /// Forgets `key` (an answer known to be out of date); a miss then asks the supplier again.
  void evict(const std::string& key);

  /// The first caller for `key` leads (fetch, then finish()); the others follow (wait()).
  Join join(const std::string& key);
  /// The leader's outcome, handed to every follower, and the flight ends.
  void finish(const std::string& key, const std::shared_ptr<Flight>& flight, Value value,
              std::optional<http::ErrorReply> failure);
  /// Waits on the caller's executor (single-threaded) for the leader's outcome, up to `max_wait`.
  boost::asio::awaitable<Outcome> wait(std::shared_ptr<Flight> flight,
                                       std::chrono::milliseconds max_wait);

  std::size_t size() const;

 private:
  struct Shard;
  Shard& shard_of(const std::string& key);
  Options options_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace travelctl::core::resilience
