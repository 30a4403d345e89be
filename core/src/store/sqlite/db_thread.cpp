// The store's thread: job queue, group commit with per-job savepoints, periodic maintenance.
#include "db_thread.hpp"

#include <algorithm>

namespace travelctl::core::store::sqlite {

DbThread::DbThread(std::unique_ptr<Connection> db, std::size_t max_batch,
                   std::function<void(Connection&)> maintenance,
                   std::chrono::milliseconds maintenance_interval)
    : db_(std::move(db)),
      max_batch_(std::max<std::size_t>(1, max_batch)),
      maintenance_(std::move(maintenance)),
      maintenance_interval_(maintenance_interval) {
  thread_ = std::thread([this] { loop(); });
}

DbThread::~DbThread() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

std::unique_ptr<Job> DbThread::submit(std::unique_ptr<Job> job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      return job;
    }
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
  return nullptr;
}

DbThread::Counters DbThread::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

void DbThread::loop() {
  using Clock = std::chrono::steady_clock;
  const bool periodic = maintenance_ && maintenance_interval_.count() > 0;
  auto next_maintenance = Clock::now() + maintenance_interval_;
  for (;;) {
    std::vector<std::unique_ptr<Job>> batch;
    {
      std::unique_lock lock(mutex_);
      auto ready = [this] { return stopping_ || !queue_.empty(); };
      if (periodic) {
        wake_.wait_until(lock, next_maintenance, ready);
      } else {
        wake_.wait(lock, ready);
      }
      if (queue_.empty() && stopping_) {
        return;
      }
      // Take everything queued (up to max_batch): these share one transaction and one fsync.
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    if (!batch.empty()) {
      run_batch(batch);
    }
    if (periodic && Clock::now() >= next_maintenance) {
      maintenance_(*db_);  // catches its own failures: maintenance must not stop the thread
      next_maintenance = Clock::now() + maintenance_interval_;
    }
  }
}

void DbThread::run_batch(std::vector<std::unique_ptr<Job>>& batch) {
  std::size_t next = 0;
  while (next < batch.size()) {
    next = run_transaction(batch, next);
  }
}

// Runs jobs from `first` in one transaction until they are all done or SQLite abandons the
// transaction; delivers each job it ran; returns the index of the first job not run.
std::size_t DbThread::run_transaction(std::vector<std::unique_ptr<Job>>& batch, std::size_t first) {
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  Connection& db = *db_;
  const bool writes = std::any_of(batch.begin() + first, batch.end(),
                                  [](const auto& job) { return job->writes(); });
  auto fail_range = [&](std::size_t from, std::size_t to, const StoreError& error) {
    for (std::size_t i = from; i < to; ++i) {
      batch[i]->fail(error);
    }
  };
  std::size_t end = first;  // jobs [first, end) have run
  bool begun = false;
  std::size_t running = kNone;
  try {
    db.exec(writes ? "BEGIN IMMEDIATE" : "BEGIN");
    begun = true;
    while (end < batch.size()) {
      running = end;
      db.exec("SAVEPOINT job");
      const bool ok = batch[end]->run(db);
      ++end;
      if (!db.in_transaction()) {
        // SQLite rolled the whole transaction back (disk full, I/O error): the jobs before this
        // one lost their changes too. This job already carries its own error.
        fail_range(first, end - 1,
                   StoreError{StoreError::Code::io,
                              "rolled back by a failure of another operation in the same commit"});
        running = kNone;
        break;
      }
      db.exec(ok ? "RELEASE job" : "ROLLBACK TO job; RELEASE job");
      running = kNone;
    }
    if (db.in_transaction()) {
      db.exec("COMMIT");
    }
  } catch (const SqliteFailure& failure) {
    if (db.in_transaction()) {
      try {
        db.exec("ROLLBACK");
      } catch (const SqliteFailure&) {
        // The connection is unusable; the next BEGIN reports it to the next jobs.
      }
    }
    if (!begun) {
      end = batch.size();  // e.g. busy: every job of the group would wait the same way
    } else if (running != kNone) {
      end = std::max(end, running + 1);
    }
    fail_range(first, end, to_store_error(failure));
  }
  {
    std::lock_guard lock(mutex_);
    counters_.jobs += end - first;
    counters_.transactions += 1;
  }
  for (std::size_t i = first; i < end; ++i) {
    batch[i]->deliver();
  }
  return end;
}

}  // namespace travelctl::core::store::sqlite
