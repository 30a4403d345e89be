// The SQLite store under concurrency: several io_contexts on their own threads, callers resumed on
// their own thread, event loops never blocked, one owner per idempotency key, waiters woken.
#include <sqlite3.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <catch2/catch.hpp>
#include <map>
#include <mutex>
#include <thread>

#include "travelctl/core/store/store.hpp"
#include "unit/core/store/store_fixture.hpp"

using namespace std::chrono_literals;
using travelctl::test::at;
using travelctl::test::StoreFixture;
namespace asio = boost::asio;
namespace store = travelctl::core::store;
using store::BeginOutcome;

namespace {

// Every co_await below awaits a named task: GCC 12 miscompiles class-type temporaries created
// inside a co_await operand (double destruction), see store.hpp.

// N io_contexts, each run by one thread of its own (the server's model).
struct EventLoops {
  explicit EventLoops(int n) {
    for (int i = 0; i < n; ++i) {
      contexts.push_back(std::make_unique<asio::io_context>(1));
    }
  }
  // Runs every loop on its own thread until its coroutines are done.
  void run() {
    std::vector<std::thread> threads;
    for (auto& ctx : contexts) {
      threads.emplace_back([c = ctx.get()] { c->run(); });
    }
    for (auto& t : threads) {
      t.join();
    }
  }
  std::vector<std::unique_ptr<asio::io_context>> contexts;
};

// What the coroutines saw, checked on the main thread (Catch2 assertions are not thread-safe).
struct Tally {
  std::mutex mutex;
  std::map<BeginOutcome, int> outcomes;
  std::vector<store::StoredResponse> replays;
  int errors = 0;
  int wrong_thread = 0;

  void add(const store::Result<store::BeginResult>& r) {
    std::lock_guard lock(mutex);
    if (!r.has_value()) {
      ++errors;
      return;
    }
    ++outcomes[r->outcome];
    if (r->response) {
      replays.push_back(*r->response);
    }
  }
  void thread_check(std::thread::id before) {
    if (std::this_thread::get_id() != before) {
      std::lock_guard lock(mutex);
      ++wrong_thread;
    }
  }
};

store::StoredResponse booking_response(const std::string& id) {
  return {201, {{"Content-Type", "application/json"}}, R"({"booking_id":")" + id + R"("})"};
}

}  // namespace

TEST_CASE("Store concurrency: one key hammered from 3 io_contexts has exactly one owner",
          "[core]") {
  StoreFixture f;
  EventLoops loops(3);
  Tally tally;
  const auto hash = store::sha256_hex("same body");
  for (auto& ctx : loops.contexts) {
    for (int i = 0; i < 30; ++i) {
      asio::co_spawn(
          *ctx,
          [&]() -> asio::awaitable<void> {
            const auto me = std::this_thread::get_id();
            auto task = f.db->idempotency_begin("acme", "hammer", hash, at(0ms));
            auto r = co_await std::move(task);
            tally.thread_check(me);
            tally.add(r);
          },
          asio::detached);
    }
  }
  loops.run();
  CHECK(tally.errors == 0);
  CHECK(tally.wrong_thread == 0);
  CHECK(tally.outcomes[BeginOutcome::started] == 1);
  CHECK(tally.outcomes[BeginOutcome::in_progress] == 89);
}

TEST_CASE(
    "Store concurrency: 60 identical requests on 3 io_contexts - one works, all get its "
    "answer",
    "[core]") {
  auto options = StoreFixture::default_options();
  options.wait_poll = 1h;  // only the in-process wake-up can release the waiters in time
  StoreFixture f(options);
  EventLoops loops(3);
  Tally tally;
  std::atomic<int> bookings_made{0};
  const auto hash = store::sha256_hex("same body");
  for (auto& ctx : loops.contexts) {
    for (int i = 0; i < 20; ++i) {
      asio::co_spawn(
          *ctx,
          [&]() -> asio::awaitable<void> {
            const auto me = std::this_thread::get_id();
            auto task = f.db->idempotency_begin_or_wait("acme", "book-1", hash, 10min);
            auto r = co_await std::move(task);
            tally.thread_check(me);
            tally.add(r);
            if (r.has_value() && r->outcome == BeginOutcome::started) {
              // The owner does its (asynchronous) work; the others are waiting meanwhile.
              const std::string id = std::to_string(5550000 + ++bookings_made);
              auto lookup = f.db->booking_owner(id);
              co_await std::move(lookup);
              auto complete =
                  f.db->idempotency_complete(*r->lease, booking_response(id),
                                             store::BookingRecord{id, "acme", at(1ms)}, at(1ms));
              auto done = co_await std::move(complete);
              tally.thread_check(me);
              if (!done.has_value() || *done != store::CompleteOutcome::stored) {
                std::lock_guard lock(tally.mutex);
                ++tally.errors;
              }
            }
          },
          asio::detached);
    }
  }
  loops.run();
  CHECK(tally.errors == 0);
  CHECK(tally.wrong_thread == 0);
  CHECK(bookings_made == 1);
  CHECK(tally.outcomes[BeginOutcome::replay] == 59);
  REQUIRE(tally.replays.size() == 59);
  for (const auto& response : tally.replays) {
    CHECK(response == booking_response("5550001"));
  }
  CHECK(f.ok(f.db->booking_owner("5550001"))->client_id == "acme");
}

TEST_CASE("Store concurrency: a release wakes waiters on other io_contexts, one of them starts",
          "[core]") {
  auto options = StoreFixture::default_options();
  options.wait_poll = 1h;
  StoreFixture f(options);
  const auto hash = store::sha256_hex("b");
  auto owner = f.ok(f.db->idempotency_begin("acme", "k", hash, std::chrono::system_clock::now()));
  REQUIRE(owner.outcome == BeginOutcome::started);

  EventLoops loops(2);
  Tally tally;
  std::atomic<int> waiting{0};
  for (auto& ctx : loops.contexts) {
    for (int i = 0; i < 5; ++i) {
      asio::co_spawn(
          *ctx,
          [&]() -> asio::awaitable<void> {
            ++waiting;
            auto task = f.db->idempotency_begin_or_wait("acme", "k", hash, 10min);
            auto r = co_await std::move(task);
            tally.add(r);
            if (r.has_value() && r->outcome == BeginOutcome::started) {
              auto complete = f.db->idempotency_complete(*r->lease, booking_response("1"),
                                                         std::nullopt, at(0ms));
              co_await std::move(complete);
            }
          },
          asio::detached);
    }
  }
  // The first owner gives up (a definite failure) from yet another thread.
  store::Result<bool> released = false;
  std::thread releaser([&] {
    while (waiting < 10) {
      std::this_thread::yield();
    }
    asio::io_context own;
    released = travelctl::test::run_awaitable(own, f.db->idempotency_release(*owner.lease));
  });
  loops.run();
  releaser.join();
  REQUIRE(released.has_value());
  CHECK(*released);
  CHECK(tally.errors == 0);
  CHECK(tally.outcomes[BeginOutcome::started] == 1);
  CHECK(tally.outcomes[BeginOutcome::replay] == 9);
}

TEST_CASE("Store concurrency: waiting gives up after max_wait with in_progress", "[core]") {
  auto options = StoreFixture::default_options();
  options.wait_poll = 5ms;
  StoreFixture f(options);
  f.ok(f.db->idempotency_begin("acme", "k", "h", std::chrono::system_clock::now()));
  auto r = f.ok(f.db->idempotency_begin_or_wait("acme", "k", "h", 30ms));
  CHECK(r.outcome == BeginOutcome::in_progress);
}

TEST_CASE("Store concurrency: the event loop keeps running while SQLite waits for a lock",
          "[core]") {
  auto options = StoreFixture::default_options();
  options.busy_timeout = 20s;
  StoreFixture f(options);
  // Another process-like connection holds the write lock.
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open(f.options.path.c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);

  std::vector<std::string> order;
  store::Result<store::Done> written = store::Done{};
  asio::co_spawn(
      f.ioc,
      [&]() -> asio::awaitable<void> {
        auto task = f.db->record_booking({"B1", "acme", at(0ms)});
        written = co_await std::move(task);
        order.push_back("write finished");
      },
      asio::detached);
  // Runs on the same single thread: only possible if the write above does not block it.
  asio::post(f.ioc, [&] {
    order.push_back("loop ran");
    sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
  });
  f.ioc.run();
  sqlite3_close(other);
  CHECK(written.has_value());
  CHECK(order == std::vector<std::string>{"loop ran", "write finished"});
}

TEST_CASE("Store concurrency: many concurrent writes from several loops all commit", "[core]") {
  StoreFixture f;
  EventLoops loops(4);
  std::atomic<int> failures{0};
  for (int c = 0; c < 4; ++c) {
    for (int i = 0; i < 100; ++i) {
      asio::co_spawn(
          *loops.contexts[c],
          [&, c, i]() -> asio::awaitable<void> {
            const std::string id = std::to_string(c) + "-" + std::to_string(i);
            auto task = f.db->record_booking({id, "client-" + std::to_string(c), at(0ms)});
            auto r = co_await std::move(task);
            if (!r.has_value()) {
              ++failures;
            }
          },
          asio::detached);
    }
  }
  loops.run();
  CHECK(failures == 0);
  f.reopen();
  for (int c = 0; c < 4; ++c) {
    for (int i = 0; i < 100; i += 33) {
      auto owner = f.ok(f.db->booking_owner(std::to_string(c) + "-" + std::to_string(i)));
      REQUIRE(owner.has_value());
      CHECK(owner->client_id == "client-" + std::to_string(c));
    }
  }
}

TEST_CASE("Store concurrency: the outbox wait returns at once after a new event", "[core]") {
  auto options = StoreFixture::default_options();
  StoreFixture f(options);
  // Nothing happened yet: the wait times out.
  travelctl::test::run_awaitable(f.ioc, f.db->outbox_wait(10ms));
  f.ok(f.db->record_event({"evt_1", "B1", "{}", at(0ms), at(0ms)}));
  // The notification is kept for the next wait (would otherwise hang until the CTest timeout).
  travelctl::test::run_awaitable(f.ioc, f.db->outbox_wait(1h));
  // And one arriving while waiting on another thread's loop wakes it.
  EventLoops loops(1);
  std::atomic<bool> waiting{false};
  asio::co_spawn(
      *loops.contexts[0],
      [&]() -> asio::awaitable<void> {
        waiting = true;
        auto task = f.db->outbox_wait(1h);
        co_await std::move(task);
      },
      asio::detached);
  std::thread writer([&] {
    while (!waiting) {
      std::this_thread::yield();
    }
    asio::io_context own;
    travelctl::test::run_awaitable(own, f.db->record_booking({"B1", "acme", at(0ms)}));
  });
  loops.run();
  writer.join();
}
