// A load thread: spawns its connections and a housekeeping task (timeouts, window hand-over,
// CPU and loop-lag sampling), then runs its io_context until every connection is done.
#include "worker.hpp"

#include <sys/resource.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "connection.hpp"

namespace travelctl::bench::engine {

namespace {

constexpr int64_t kHousekeepingPeriodNs = 10'000'000;

double seconds(const timeval& tv) { return static_cast<double>(tv.tv_sec) + tv.tv_usec * 1e-6; }

Timer::time_point at(int64_t ns) { return Timer::time_point(std::chrono::nanoseconds(ns)); }

}  // namespace

void ConnectionBase::check(int64_t now, const RunContext& ctx) {
  if ((phase_ == Phase::kConnecting && now - phase_since_ > ctx.connect_timeout_ns) ||
      (phase_ == Phase::kBusy && now - phase_since_ > ctx.timeout_ns)) {
    timed_out_ = true;
    phase_ = Phase::kIdle;
    abort_io();
  }
}

Worker::Worker(const RunContext& ctx, unsigned index, unsigned first_connection,
               unsigned connections, uint64_t budget)
    : ctx_(ctx), index_(index), budget_(budget), window_(std::make_unique<Window>()) {
  for (unsigned i = 0; i < connections; ++i) {
    const uint32_t global = first_connection + i;
    if (ctx.options->url.tls) {
      connections_.push_back(
          std::make_unique<Connection<TlsStream>>(*this, global, index, ctx.options->seed));
    } else {
      connections_.push_back(
          std::make_unique<Connection<Socket>>(*this, global, index, ctx.options->seed));
    }
  }
  next_tick_ns_ = ctx.measure_start_ns + kSecond;
  if (ctx.plan->step_count() > 1) {
    for (std::size_t i = 0; i < ctx.plan->step_count(); ++i) {
      totals_.steps.emplace_back().name = ctx.plan->step_name(i);
    }
  }
}

Worker::~Worker() { join(); }

void Worker::start(std::function<void()> on_finished) {
  on_finished_ = std::move(on_finished);
  thread_ = std::thread([this] { run(); });
}

void Worker::join() {
  if (thread_.joinable()) {
    thread_.join();
  }
}

void Worker::run() {
  active_ = static_cast<unsigned>(connections_.size());
  for (auto& c : connections_) {
    if (ctx_.options->url.tls) {
      asio::co_spawn(ioc_, static_cast<Connection<TlsStream>&>(*c).run(), asio::detached);
    } else {
      asio::co_spawn(ioc_, static_cast<Connection<Socket>&>(*c).run(), asio::detached);
    }
  }
  asio::co_spawn(
      ioc_,
      [this]() -> Task<void> {
        int64_t scheduled = now_ns();
        while (active_ > 0) {
          scheduled += kHousekeepingPeriodNs;
          housekeeping_.expires_at(at(scheduled));
          co_await housekeeping_.async_wait(kNoThrow);
          if (active_ == 0) {
            break;
          }
          const int64_t now = now_ns();
          if (now >= ctx_.measure_start_ns) {
            totals_.loop_lag_max_ns = std::max(totals_.loop_lag_max_ns, now - scheduled);
          }
          housekeeping_tick(now);
          scheduled = std::max(scheduled, now - kHousekeepingPeriodNs);  // no catch-up burst
        }
      },
      asio::detached);
  if (connections_.empty()) {
    active_ = 0;
  }
  ioc_.run();
  if (cpu_started_) {
    sample_cpu(false);
  }
  const int64_t end = now_ns();
  int64_t tick = (end - ctx_.measure_start_ns + kSecond - 1) / kSecond;
  if (ctx_.end_ns != INT64_MAX) {
    tick = std::min(tick, (ctx_.end_ns - ctx_.measure_start_ns + kSecond - 1) / kSecond);
  }
  window_->tick = std::max<int64_t>(1, tick);
  if (on_finished_) {
    on_finished_();
  }
}

void Worker::housekeeping_tick(int64_t now) {
  if (!cpu_started_ && now >= ctx_.measure_start_ns) {
    sample_cpu(true);
  }
  for (auto& c : connections_) {
    c->check(now, ctx_);
  }
  // The drain after the deadline stays in the last second rather than making a partial one.
  while (now >= next_tick_ns_ && next_tick_ns_ < ctx_.end_ns) {
    hand_over_window((next_tick_ns_ - ctx_.measure_start_ns) / kSecond);
    next_tick_ns_ += kSecond;
  }
  if (now >= ctx_.hard_stop_ns && !stopping_) {
    stopping_ = true;
    for (auto& c : connections_) {
      c->abort_io();
    }
  }
}

void Worker::hand_over_window(int64_t tick) {
  window_->tick = tick;
  std::unique_ptr<Window> next;
  {
    std::lock_guard lock(handover_mutex_);
    full_.push_back(std::move(window_));
    if (!free_.empty()) {
      next = std::move(free_.back());
      free_.pop_back();
    }
  }
  window_ = next ? std::move(next) : std::make_unique<Window>();
  window_->reset();
}

std::vector<std::unique_ptr<Window>> Worker::take_windows() {
  std::lock_guard lock(handover_mutex_);
  return std::move(full_);
}

void Worker::recycle(std::unique_ptr<Window> w) {
  std::lock_guard lock(handover_mutex_);
  free_.push_back(std::move(w));
}

void Worker::sample_cpu(bool at_start) {
  rusage ru{};
  ::getrusage(RUSAGE_THREAD, &ru);
  const int64_t now = now_ns();
  if (at_start) {
    cpu_started_ = true;
    cpu_start_user_ = seconds(ru.ru_utime);
    cpu_start_system_ = seconds(ru.ru_stime);
    cpu_start_ns_ = now;
  } else {
    totals_.cpu_user_s = seconds(ru.ru_utime) - cpu_start_user_;
    totals_.cpu_system_s = seconds(ru.ru_stime) - cpu_start_system_;
    totals_.cpu_wall_s = static_cast<double>(now - cpu_start_ns_) / 1e9;
  }
}

bool Worker::claim(int64_t intended) {
  if (budget_ == UINT64_MAX || !measured(intended)) {
    return true;
  }
  if (budget_ == 0) {
    return false;
  }
  --budget_;
  return true;
}

void Worker::on_sent(int64_t intended, int64_t sent) {
  if (measured(intended)) {
    ++totals_.sends;
    if (sent - intended > kLateThresholdNs) {
      ++totals_.late_sends;
    }
  }
}

void Worker::on_response(int64_t intended, int64_t sent, int64_t now, int status, std::size_t step,
                         bool failed) {
  if (!measured(intended)) {
    return;
  }
  if (!totals_.steps.empty()) {
    StepStats& st = totals_.steps[step];
    ++st.requests;
    st.errors += failed ? 1 : 0;
    st.latency.record(static_cast<uint64_t>((now - intended + 500) / 1000));
  }
  window_->latency.record(static_cast<uint64_t>((now - intended + 500) / 1000));
  ++window_->requests;
  if (ctx_.open_model) {
    totals_.uncorrected.record(static_cast<uint64_t>((now - sent + 500) / 1000));
  }
  ++totals_.requests;
  ++totals_.status[static_cast<std::size_t>(status)];
  if (status < 200 || status >= 300) {
    ++window_->errors;
  }
  totals_.last_completion_ns = now;
}

void Worker::on_error(ErrorKind kind, int64_t now, uint64_t count) {
  if ((kind == ErrorKind::kConnect || kind == ErrorKind::kProtocol) &&
      now < ctx_.measure_start_ns) {
    return;
  }
  switch (kind) {
    case ErrorKind::kConnect:
      totals_.connect += count;
      break;
    case ErrorKind::kTimeout:
      totals_.timeout += count;
      break;
    case ErrorKind::kReset:
      totals_.reset += count;
      break;
    case ErrorKind::kProtocol:
      totals_.protocol += count;
      break;
    case ErrorKind::kUnexpected:
      totals_.unexpected += count;
      break;
  }
  window_->errors += count;
  totals_.last_completion_ns = std::max(totals_.last_completion_ns, now);
}

void Worker::on_step_failure(std::size_t step) {
  if (!totals_.steps.empty()) {
    ++totals_.steps[step].errors;
  }
}

void Worker::on_bytes(uint64_t n, int64_t now) {
  if (now >= ctx_.measure_start_ns) {
    totals_.bytes += n;
    window_->bytes += n;
  }
}

void Worker::connection_finished() {
  if (--active_ == 0) {
    housekeeping_.cancel();
  }
}

}  // namespace travelctl::bench::engine
