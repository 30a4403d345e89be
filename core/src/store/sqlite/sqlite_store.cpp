// The SQLite Store: each operation becomes a job on the store's thread; its result is posted back
// to the awaiting coroutine's executor, so event-loop threads never wait on SQLite.
#include "sqlite_store.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>

#include "open_database.hpp"
#include "ops.hpp"

namespace travelctl::core::store::sqlite {
namespace asio = boost::asio;

namespace {

constexpr std::size_t kMaxGroupCommit = 64;

// One operation: runs `fn` on the store's thread, then resumes `handler` on its own executor.
// The work guard keeps the caller's io_context running while the operation is queued.
template <class T, class Fn, class Handler>
class OpJob final : public Job {
 public:
  OpJob(bool writes, Fn fn, Handler handler)
      : writes_(writes),
        fn_(std::move(fn)),
        handler_(std::move(handler)),
        work_(asio::make_work_guard(asio::get_associated_executor(handler_))) {}

  bool writes() const override { return writes_; }

  bool run(Connection& db) noexcept override {
    try {
      result_.emplace(fn_(db));
    } catch (const SqliteFailure& failure) {
      result_.emplace(unexpected(to_store_error(failure)));
    } catch (const std::exception& e) {
      result_.emplace(unexpected(StoreError{StoreError::Code::internal, e.what()}));
    }
    return result_->has_value();
  }

  void fail(StoreError error) override { result_.emplace(unexpected(std::move(error))); }

  void deliver() override {
    auto executor = work_.get_executor();
    asio::post(executor, [handler = std::move(handler_), result = std::move(*result_)]() mutable {
      std::move(handler)(std::move(result));
    });
    work_.reset();
  }

 private:
  bool writes_;
  Fn fn_;
  Handler handler_;
  asio::executor_work_guard<asio::associated_executor_t<Handler>> work_;
  std::optional<Result<T>> result_;
};

constexpr bool kWrites = true;
constexpr bool kReads = false;

// Awaits `task`, then runs `then` on its result (in the caller's thread). Kept apart from the
// methods on purpose: GCC 12 mis-handles a lambda temporary with captures inside a co_await
// operand (its captures were destroyed twice), so methods build the task in plain functions and
// only this coroutine awaits, with by-value parameters.
template <class T, class Then>
Store::Task<T> and_then(Store::Task<T> task, Then then) {
  Result<T> result = co_await std::move(task);
  then(result);
  co_return result;
}

}  // namespace

template <class T, class Fn>
Store::Task<T> SqliteStore::run(bool writes, Fn fn) {
  return asio::async_initiate<const asio::use_awaitable_t<>, void(Result<T>)>(
      [this, writes](auto handler, Fn fn) {
        using Handler = decltype(handler);
        auto job =
            std::make_unique<OpJob<T, Fn, Handler>>(writes, std::move(fn), std::move(handler));
        if (auto rejected = thread_->submit(std::move(job))) {
          rejected->fail(StoreError{StoreError::Code::closed, "the store is closed"});
          rejected->deliver();
        }
      },
      asio::use_awaitable, std::move(fn));
}

SqliteStore::SqliteStore(const StoreOptions& options, std::unique_ptr<Connection> db)
    : Store(options), retention_(options.retention), path_(absolute_path(options.path)) {
  std::function<void(Connection&)> maintenance;
  if (options.purge_interval.count() > 0) {
    auto clock = options.clock ? options.clock : [] { return std::chrono::system_clock::now(); };
    maintenance = [clock, retention = retention_](Connection& db) {
      // Best effort: a failed purge (e.g. busy) is retried at the next interval.
      try {
        db.exec("BEGIN IMMEDIATE");
        ops::purge(db, clock(), retention);
        db.exec("COMMIT");
      } catch (const SqliteFailure&) {
        try {
          if (db.in_transaction()) {
            db.exec("ROLLBACK");
          }
        } catch (const SqliteFailure&) {
          // The connection is unusable; the next job reports it to its caller.
        }
      }
    };
  }
  thread_ = std::make_unique<DbThread>(std::move(db), kMaxGroupCommit, std::move(maintenance),
                                       options.purge_interval);
}

SqliteStore::~SqliteStore() = default;

std::string SqliteStore::describe() const { return "sqlite:" + path_; }

Store::Task<Done> SqliteStore::ping() {
  return run<Done>(kReads, [](Connection& db) -> Result<Done> {
    db.scalar_int("SELECT 1");
    return Done{};
  });
}

Store::Task<Done> SqliteStore::record_booking(BookingRecord booking) {
  return and_then(
      run<Done>(kWrites, [booking = std::move(booking)](
                             Connection& db) { return ops::record_booking(db, booking); }),
      [this](const Result<Done>& r) {
        if (r.has_value()) {
          notify_outbox();  // events that raced this booking can now be routed
        }
      });
}

Store::Task<std::optional<BookingRecord>> SqliteStore::booking_owner(std::string booking_id) {
  return run<std::optional<BookingRecord>>(
      kReads, [id = std::move(booking_id)](Connection& db) { return ops::booking_owner(db, id); });
}

Store::Task<BeginResult> SqliteStore::idempotency_begin(std::string client_id, std::string key,
                                                        std::string body_hash, TimePoint now) {
  return run<BeginResult>(
      kWrites, [client_id = std::move(client_id), key = std::move(key),
                body_hash = std::move(body_hash), now, retention = retention_](Connection& db) {
        return ops::idempotency_begin(db, client_id, key, body_hash, now, retention);
      });
}

Store::Task<CompleteOutcome> SqliteStore::idempotency_complete(IdempotencyLease lease,
                                                               StoredResponse response,
                                                               std::optional<BookingRecord> booking,
                                                               TimePoint /*now*/) {
  const bool has_booking = booking.has_value();
  auto task = run<CompleteOutcome>(kWrites, [lease, response = std::move(response),
                                             booking = std::move(booking)](Connection& db) {
    return ops::idempotency_complete(db, lease, response, booking);
  });
  return and_then(std::move(task), [this, lease, has_booking](const Result<CompleteOutcome>& r) {
    if (r.has_value()) {
      notify_idempotency(lease.client_id, lease.key);
      if (has_booking) {
        notify_outbox();
      }
    }
  });
}

Store::Task<bool> SqliteStore::idempotency_release(IdempotencyLease lease) {
  auto task =
      run<bool>(kWrites, [lease](Connection& db) { return ops::idempotency_release(db, lease); });
  return and_then(std::move(task), [this, lease](const Result<bool>& r) {
    if (r.has_value()) {
      notify_idempotency(lease.client_id, lease.key);
    }
  });
}

Store::Task<bool> SqliteStore::idempotency_mark_unknown(IdempotencyLease lease, TimePoint /*now*/) {
  auto task = run<bool>(
      kWrites, [lease](Connection& db) { return ops::idempotency_mark_unknown(db, lease); });
  return and_then(std::move(task), [this, lease](const Result<bool>& r) {
    if (r.has_value()) {
      notify_idempotency(lease.client_id, lease.key);
    }
  });
}

Store::Task<EventInsert> SqliteStore::record_event(InboundEvent event) {
  auto task = run<EventInsert>(
      kWrites, [event = std::move(event)](Connection& db) { return ops::record_event(db, event); });
  return and_then(std::move(task), [this](const Result<EventInsert>& r) {
    if (r.has_value() && *r == EventInsert::inserted) {
      notify_outbox();
    }
  });
}

Store::Task<std::vector<OutboxEntry>> SqliteStore::outbox_claim(OutboxClaim claim) {
  return run<std::vector<OutboxEntry>>(
      kWrites, [claim = std::move(claim)](Connection& db) { return ops::outbox_claim(db, claim); });
}

Store::Task<bool> SqliteStore::outbox_delivered(std::string id, TimePoint now) {
  auto task = run<bool>(kWrites, [id = std::move(id), now](Connection& db) {
    return ops::outbox_finish(db, id, OutboxState::delivered, std::nullopt, std::nullopt, now);
  });
  return and_then(std::move(task), [this](const Result<bool>& r) {
    if (r.has_value() && *r) {
      notify_outbox();  // the booking's next event may now be claimed
    }
  });
}

Store::Task<bool> SqliteStore::outbox_reschedule(std::string id, TimePoint next_attempt_at,
                                                 std::string error, TimePoint now) {
  return run<bool>(kWrites, [id = std::move(id), next_attempt_at, error = std::move(error),
                             now](Connection& db) {
    return ops::outbox_finish(db, id, OutboxState::pending, next_attempt_at, error, now);
  });
}

Store::Task<bool> SqliteStore::outbox_dead(std::string id, std::string error, TimePoint now) {
  auto task =
      run<bool>(kWrites, [id = std::move(id), error = std::move(error), now](Connection& db) {
        return ops::outbox_finish(db, id, OutboxState::dead, std::nullopt, error, now);
      });
  return and_then(std::move(task), [this](const Result<bool>& r) {
    if (r.has_value() && *r) {
      notify_outbox();  // the booking's next event may now be claimed
    }
  });
}

Store::Task<bool> SqliteStore::outbox_retry(std::string id, TimePoint now) {
  auto task = run<bool>(kWrites, [id = std::move(id), now](Connection& db) -> Result<bool> {
    auto changed = ops::outbox_retry(db, id, std::nullopt, now);
    if (!changed.has_value()) {
      return unexpected(changed.error());
    }
    return *changed > 0;
  });
  return and_then(std::move(task), [this](const Result<bool>& r) {
    if (r.has_value() && *r) {
      notify_outbox();
    }
  });
}

Store::Task<int64_t> SqliteStore::outbox_retry_dead(std::optional<std::string> client_id,
                                                    TimePoint now) {
  auto task = run<int64_t>(kWrites, [client_id = std::move(client_id), now](Connection& db) {
    return ops::outbox_retry(db, std::nullopt, client_id, now);
  });
  return and_then(std::move(task), [this](const Result<int64_t>& r) {
    if (r.has_value() && *r > 0) {
      notify_outbox();
    }
  });
}

Store::Task<std::vector<OutboxEntry>> SqliteStore::outbox_list(OutboxFilter filter) {
  return run<std::vector<OutboxEntry>>(kReads, [filter = std::move(filter)](Connection& db) {
    return ops::outbox_list(db, filter);
  });
}

Store::Task<std::optional<OutboxEntry>> SqliteStore::outbox_get(std::string id) {
  return run<std::optional<OutboxEntry>>(
      kReads, [id = std::move(id)](Connection& db) { return ops::outbox_get(db, id); });
}

Store::Task<OutboxStats> SqliteStore::outbox_stats(TimePoint now) {
  return run<OutboxStats>(kReads, [now](Connection& db) { return ops::outbox_stats(db, now); });
}

Store::Task<int64_t> SqliteStore::outbox_release_claims() {
  return run<int64_t>(kWrites, [](Connection& db) { return ops::outbox_release_claims(db); });
}

Store::Task<Done> SqliteStore::batch_create(QuoteBatch batch) {
  return run<Done>(
      kWrites, [batch = std::move(batch)](Connection& db) { return ops::batch_create(db, batch); });
}

Store::Task<bool> SqliteStore::batch_update(std::string id, BatchStatus status,
                                            std::string results_json, TimePoint now) {
  return run<bool>(
      kWrites, [id = std::move(id), status, results = std::move(results_json),
                now](Connection& db) { return ops::batch_update(db, id, status, results, now); });
}

Store::Task<std::optional<QuoteBatch>> SqliteStore::batch_get(std::string id) {
  return run<std::optional<QuoteBatch>>(
      kReads, [id = std::move(id)](Connection& db) { return ops::batch_get(db, id); });
}

Store::Task<std::vector<QuoteBatch>> SqliteStore::batch_list_unfinished() {
  return run<std::vector<QuoteBatch>>(
      kReads, [](Connection& db) { return ops::batch_list_unfinished(db); });
}

Store::Task<PurgeCounts> SqliteStore::purge(TimePoint now) {
  return run<PurgeCounts>(kWrites, [now, retention = retention_](Connection& db) {
    return ops::purge(db, now, retention);
  });
}

Expected<std::unique_ptr<Store>, std::string> open_sqlite_store(const StoreOptions& options) {
  auto db = open_database(options);
  if (!db.has_value()) {
    return unexpected(db.error());
  }
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(options, std::move(db.value())));
}

}  // namespace travelctl::core::store::sqlite
