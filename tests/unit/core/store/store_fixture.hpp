// Shared set-up of the store's unit tests: a SQLite store in a temp dir, run synchronously.
#pragma once

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "support/run_awaitable.hpp"
#include "support/temp_dir.hpp"
#include "travelctl/core/store/store.hpp"

namespace travelctl::test {

namespace store = core::store;

/// A fixed instant (2026-01-01T00:00:00Z) plus offsets: tests pass time explicitly.
inline store::TimePoint t0() { return store::TimePoint(std::chrono::seconds(1'767'225'600)); }
inline store::TimePoint at(std::chrono::milliseconds offset) { return t0() + offset; }

struct StoreFixture {
  StoreFixture() : StoreFixture(default_options()) {}
  explicit StoreFixture(store::StoreOptions opts) : options(std::move(opts)) {
    options.path = dir.file("store.db");
    reopen();
  }

  static store::StoreOptions default_options() {
    store::StoreOptions o;
    o.purge_interval = std::chrono::milliseconds(0);  // tests purge explicitly
    return o;
  }

  void reopen() {
    db.reset();
    auto opened = store::open_store(options);
    if (!opened.has_value()) {
      FAIL("open_store: " << opened.error());
    }
    db = std::move(opened.value());
  }

  /// Runs one store operation to completion and returns its Result.
  template <class T>
  T run(boost::asio::awaitable<T> task) {
    return run_awaitable(ioc, std::move(task));
  }

  /// The value of a successful operation (fails the test otherwise).
  template <class T>
  T ok(boost::asio::awaitable<store::Result<T>> task) {
    auto result = run(std::move(task));
    if (!result.has_value()) {
      FAIL("store error (" << store::to_string(result.error().code)
                           << "): " << result.error().message);
    }
    return std::move(result.value());
  }

  TempDir dir;
  store::StoreOptions options;
  boost::asio::io_context ioc;
  std::unique_ptr<store::Store> db;
};

}  // namespace travelctl::test
