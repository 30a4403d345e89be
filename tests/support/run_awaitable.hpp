// Runs an awaitable to completion on an io_context (for tests of coroutine APIs); rethrows.
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <optional>
#include <utility>

namespace travelctl::test {

/// Runs `task` on `ioc` (on this thread) until it and everything it started have finished.
template <class T>
T run_awaitable(boost::asio::io_context& ioc, boost::asio::awaitable<T> task) {
  std::optional<T> out;
  std::exception_ptr error;
  // Spawned as awaitable<void>: co_spawn's handler for awaitable<T> needs a default-constructible
  // T.
  boost::asio::co_spawn(
      ioc,
      [&out, task = std::move(task)]() mutable -> boost::asio::awaitable<void> {
        out.emplace(co_await std::move(task));
      },
      [&error](std::exception_ptr e) { error = e; });
  ioc.restart();
  ioc.run();
  if (error) {
    std::rethrow_exception(error);
  }
  return std::move(*out);
}

inline void run_awaitable(boost::asio::io_context& ioc, boost::asio::awaitable<void> task) {
  std::exception_ptr error;
  boost::asio::co_spawn(ioc, std::move(task), [&error](std::exception_ptr e) { error = e; });
  ioc.restart();
  ioc.run();
  if (error) {
    std::rethrow_exception(error);
  }
}

}  // namespace travelctl::test
