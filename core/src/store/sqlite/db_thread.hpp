// The store's own thread: runs queued jobs on the one SQLite connection, several per transaction
// (group commit: one fsync for a burst), each job in its own savepoint so a failing job undoes only
// itself; results are handed back only after the commit.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "connection.hpp"

namespace travelctl::core::store::sqlite {

/// One queued operation.
class Job {
 public:
  virtual ~Job() = default;
  /// Read-only batches run in a deferred transaction and do not take the write lock.
  virtual bool writes() const = 0;
  /// Runs inside the batch's transaction and its own savepoint; false if it failed (its changes
  /// are then rolled back). Must not throw.
  virtual bool run(Connection& db) noexcept = 0;
  /// Replaces the outcome by `error` (the batch did not commit).
  virtual void fail(StoreError error) = 0;
  /// Hands the outcome to the caller; called exactly once per job.
  virtual void deliver() = 0;
};

class DbThread {
 public:
  /// `maintenance` (may be empty) runs on this thread every `maintenance_interval` when positive.
  DbThread(std::unique_ptr<Connection> db, std::size_t max_batch,
           std::function<void(Connection&)> maintenance,
           std::chrono::milliseconds maintenance_interval);
  /// Runs every job already queued, then joins the thread and closes the connection.
  ~DbThread();
  DbThread(const DbThread&) = delete;
  DbThread& operator=(const DbThread&) = delete;

  /// Queues `job`; gives it back (not run) once the thread is stopping.
  std::unique_ptr<Job> submit(std::unique_ptr<Job> job);
  /// Jobs committed in a transaction shared with others, and transactions (for tests and metrics).
  struct Counters {
    uint64_t jobs = 0;
    uint64_t transactions = 0;
  };
  Counters counters() const;

 private:
  void loop();
  void run_batch(std::vector<std::unique_ptr<Job>>& batch);
  std::size_t run_transaction(std::vector<std::unique_ptr<Job>>& batch, std::size_t first);

  std::unique_ptr<Connection> db_;
  const std::size_t max_batch_;
  std::function<void(Connection&)> maintenance_;
  const std::chrono::milliseconds maintenance_interval_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::unique_ptr<Job>> queue_;
  bool stopping_ = false;
  Counters counters_;
  std::thread thread_;
};

}  // namespace travelctl::core::store::sqlite
