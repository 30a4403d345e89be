// One load thread: its io_context, its connections, its measurements. Only the coordinator's
// once-a-second window hand-over (under a per-worker mutex) crosses threads.
#pragma once

#include <array>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "run_context.hpp"
#include "travelctl/bench/run_stats.hpp"
#include "travelctl/reports/histogram.hpp"

namespace travelctl::bench::engine {

/// Measurements of one second (or part of one) of one worker.
struct Window {
  reports::Histogram latency;
  uint64_t requests = 0;
  uint64_t errors = 0;
  uint64_t bytes = 0;
  int64_t tick = 0;  // covers (measure_start + (tick - 1) s, measure_start + tick s]
  void reset() {
    latency.reset();
    requests = errors = bytes = 0;
    tick = 0;
  }
};

/// Cumulative counters of one worker, read by the coordinator after join.
struct WorkerTotals {
  uint64_t requests = 0, bytes = 0, sends = 0, late_sends = 0, connections_opened = 0;
  uint64_t connect = 0, timeout = 0, reset = 0, protocol = 0, unexpected = 0;
  uint64_t sequences_completed = 0, sequences_aborted = 0;
  std::vector<StepStats> steps;  // when the scenario has more than one request
  std::array<uint64_t, 600> status{};
  reports::Histogram uncorrected;  // open model only
  double cpu_user_s = 0, cpu_system_s = 0, cpu_wall_s = 0;
  int64_t loop_lag_max_ns = 0;
  int64_t last_completion_ns = 0;
  std::string first_connect_error;
};

enum class ErrorKind { kConnect, kTimeout, kReset, kProtocol, kUnexpected };

class ConnectionBase {
 public:
  virtual ~ConnectionBase() = default;
  /// Closes the socket and cancels waits: pending operations complete with an error.
  virtual void abort_io() = 0;
  /// The watchdog: times out a connect or a request that took too long.
  void check(int64_t now, const RunContext& ctx);

 protected:
  enum class Phase { kIdle, kConnecting, kBusy };
  Phase phase_ = Phase::kIdle;
  int64_t phase_since_ = 0;
  bool timed_out_ = false;
};

class Worker {
 public:
  Worker(const RunContext& ctx, unsigned index, unsigned first_connection, unsigned connections,
         uint64_t budget);
  ~Worker();

  void start(std::function<void()> on_finished);
  void join();

  /// Coordinator side: windows completed so far, and giving emptied ones back.
  std::vector<std::unique_ptr<Window>> take_windows();
  void recycle(std::unique_ptr<Window> w);
  /// After join(): the cumulative counters and the last, partial window.
  WorkerTotals& totals() { return totals_; }
  std::unique_ptr<Window> take_last_window() { return std::move(window_); }

  // Connection side (worker thread only).
  boost::asio::io_context& ioc() { return ioc_; }
  const RunContext& ctx() const { return ctx_; }
  bool stopping() const { return stopping_; }
  bool measured(int64_t intended) const { return intended >= ctx_.measure_start_ns; }
  /// Counts one request against a --requests budget; false when the budget is spent.
  bool claim(int64_t intended);
  void on_sent(int64_t intended, int64_t sent);
  /// A complete response; `step` is the plan's flat step index; `failed`: an error of any kind.
  void on_response(int64_t intended, int64_t sent, int64_t now, int status, std::size_t step,
                   bool failed);
  /// A request of `step` that got no response (timeout, reset).
  void on_step_failure(std::size_t step);
  void on_sequence_end(bool completed) {
    ++(completed ? totals_.sequences_completed : totals_.sequences_aborted);
  }
  void on_error(ErrorKind kind, int64_t now, uint64_t count = 1);
  void on_bytes(uint64_t n, int64_t now);
  void on_connected() { ++totals_.connections_opened; }
  void note_connect_error(const std::string& why) {
    if (totals_.first_connect_error.empty()) {
      totals_.first_connect_error = why;
    }
  }
  void connection_finished();

 private:
  void run();
  void housekeeping_tick(int64_t now);
  void hand_over_window(int64_t tick);
  void sample_cpu(bool at_start);

  const RunContext& ctx_;
  unsigned index_;
  // Only this worker's thread ever touches its io_context: no locking needed.
  boost::asio::io_context ioc_{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE};
  boost::asio::basic_waitable_timer<std::chrono::steady_clock,
                                    boost::asio::wait_traits<std::chrono::steady_clock>,
                                    boost::asio::io_context::executor_type>
      housekeeping_{ioc_.get_executor()};
  std::vector<std::unique_ptr<ConnectionBase>> connections_;
  unsigned active_ = 0;
  uint64_t budget_;
  bool stopping_ = false;
  bool cpu_started_ = false;
  int64_t next_tick_ns_ = 0;
  double cpu_start_user_ = 0, cpu_start_system_ = 0;
  int64_t cpu_start_ns_ = 0;
  WorkerTotals totals_;
  std::unique_ptr<Window> window_;
  std::mutex handover_mutex_;
  std::vector<std::unique_ptr<Window>> full_;
  std::vector<std::unique_ptr<Window>> free_;
  std::thread thread_;
  std::function<void()> on_finished_;
};

}  // namespace travelctl::bench::engine
