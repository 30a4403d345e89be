// Throughput of the SQLite store from event-loop coroutines: one write per caller, N callers in
// flight (group commit shares one fsync among them), on 1 or several io_contexts.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "travelctl/core/store/store.hpp"

namespace asio = boost::asio;
namespace store = travelctl::core::store;

namespace {

struct TempStore {
  TempStore() {
    std::string dir = (std::filesystem::temp_directory_path() / "travelctl-bench-XXXXXX").string();
    path = ::mkdtemp(dir.data());
    store::StoreOptions o;
    o.path = path + "/bench.db";
    o.purge_interval = std::chrono::milliseconds(0);
    db = std::move(store::open_store(o).value());
  }
  ~TempStore() {
    db.reset();
    std::filesystem::remove_all(path);
  }
  std::string path;
  std::unique_ptr<store::Store> db;
};

// Arg 0: callers in flight per io_context; arg 1: io_contexts (each on its own thread).
void BM_RecordBooking(benchmark::State& state) {
  TempStore s;
  const int callers = static_cast<int>(state.range(0));
  const int loops = static_cast<int>(state.range(1));
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> failures{0};
  for (auto _ : state) {
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    for (int l = 0; l < loops; ++l) {
      auto ctx = std::make_unique<asio::io_context>(1);
      for (int c = 0; c < callers; ++c) {
        asio::co_spawn(
            *ctx,
            [&]() -> asio::awaitable<void> {
              auto task = s.db->record_booking(
                  {std::to_string(next++), "acme", std::chrono::system_clock::now()});
              if (!(co_await std::move(task)).has_value()) {
                ++failures;
              }
            },
            asio::detached);
      }
      contexts.push_back(std::move(ctx));
    }
    std::vector<std::thread> threads;
    for (auto& ctx : contexts) {
      threads.emplace_back([c = ctx.get()] { c->run(); });
    }
    for (auto& t : threads) {
      t.join();
    }
  }
  state.SetItemsProcessed(state.iterations() * callers * loops);
  state.counters["failures"] = static_cast<double>(failures.load());
}
BENCHMARK(BM_RecordBooking)
    ->Args({1, 1})
    ->Args({16, 1})
    ->Args({64, 1})
    ->Args({16, 4})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
