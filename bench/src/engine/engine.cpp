// The coordinator of a run: resolves the target, starts the workers, collects their windows once a
// second into the timeline and the progress view, then merges everything into RunStats.
#include "travelctl/bench/engine.hpp"

#include <sys/resource.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <condition_variable>
#include <map>
#include <mutex>

#include "run_context.hpp"
#include "target.hpp"
#include "travelctl/bench/driver.hpp"
#include "worker.hpp"

namespace travelctl::bench {

namespace asio = boost::asio;

namespace {

using engine::kSecond;
using engine::now_ns;

double to_ms(uint64_t us) { return static_cast<double>(us) / 1000.0; }

// Per-second aggregation across workers; a second is final once every worker reported it (or
// later seconds arrived), so only a couple of them are open at a time.
class Timeline {
 public:
  explicit Timeline(std::size_t workers) : workers_(workers) {}

  void add(const engine::Window& w) {
    auto& a = open_[w.tick];
    a.latency.merge(w.latency);
    a.requests += w.requests;
    a.errors += w.errors;
    a.bytes += w.bytes;
    ++a.parts;
    latest_ = std::max(latest_, w.tick);
  }
  void finalise(bool all) {
    while (!open_.empty()) {
      auto it = open_.begin();
      if (!all && it->second.parts < workers_ && it->first + 2 > latest_) {
        break;
      }
      if (it->first >= 1) {
        const auto& a = it->second;
        points_.push_back({static_cast<uint32_t>(it->first), a.requests, a.errors, a.bytes,
                           to_ms(a.latency.percentile(50)), to_ms(a.latency.percentile(99))});
      }
      open_.erase(it);
    }
  }
  std::vector<TimelinePoint> take() { return std::move(points_); }

 private:
  struct Agg {
    reports::Histogram latency;
    uint64_t requests = 0, errors = 0, bytes = 0;
    std::size_t parts = 0;
  };
  std::size_t workers_;
  int64_t latest_ = 0;
  std::map<int64_t, Agg> open_;
  std::vector<TimelinePoint> points_;
};

void add_warnings(const RunOptions& o, RunStats& s) {
  if (s.cpu_percent_max_thread > 90) {
    s.warnings.push_back("a worker thread was busy " +
                         std::to_string(static_cast<int>(s.cpu_percent_max_thread)) +
                         "% of the time: the generator may be the bottleneck and its figures "
                         "then measure itself (add --threads, or load from another machine)");
  }
  if (s.loop_lag_max_ms > 100) {
    s.warnings.push_back("a worker's event loop stalled for " +
                         std::to_string(static_cast<int>(s.loop_lag_max_ms)) +
                         " ms: the machine is overloaded, latencies include that stall");
  }
  if (o.rate && s.sends > 0) {
    const double late = static_cast<double>(s.late_sends) / static_cast<double>(s.sends);
    if (late > 0.01) {
      s.warnings.push_back(std::to_string(static_cast<int>(late * 100 + 0.5)) +
                           "% of sends were more than 1 ms behind schedule: the open model could "
                           "not keep " +
                           std::to_string(static_cast<long long>(*o.rate)) +
                           " req/s (the server is slower than that with these connections, or "
                           "the generator is saturated); corrected latency includes the delay");
    }
    const double achieved = s.duration_s > 0 ? static_cast<double>(s.sends) / s.duration_s : 0;
    if (!o.requests && achieved < 0.95 * *o.rate) {
      s.warnings.push_back("sent " + std::to_string(static_cast<long long>(achieved)) +
                           " req/s of the " + std::to_string(static_cast<long long>(*o.rate)) +
                           " req/s asked for");
    }
  }
}

}  // namespace

Expected<RunStats, std::string> run_load(const RunOptions& o, const Scenario& scenario,
                                         const ProgressFn& progress) {
  if (o.connections == 0 || o.threads == 0 || o.pipelining == 0) {
    return unexpected(std::string("connections, threads and pipelining must be at least 1"));
  }
  if (o.threads > o.connections) {
    return unexpected(std::string("each thread needs a connection: --threads > --connections"));
  }
  auto endpoints = engine::resolve(o.url);
  if (!endpoints) {
    return unexpected(endpoints.error());
  }
  std::unique_ptr<asio::ssl::context> ssl;
  if (o.url.tls) {
    ssl = engine::make_tls_client_context(o.tls_verify);
  }
  RequestPlan plan(scenario, o.url);
  if (!o.rate) {
    plan.build_static_batch(o.pipelining);
  }

  engine::RunContext ctx;
  ctx.options = &o;
  ctx.plan = &plan;
  ctx.endpoints = std::move(*endpoints);
  ctx.ssl = ssl ? &*ssl : nullptr;
  ctx.total_connections = o.connections;
  ctx.open_model = o.rate.has_value();
  if (ctx.open_model) {
    ctx.interval_ns = static_cast<int64_t>(1e9 * o.connections / *o.rate);
  }
  ctx.timeout_ns = o.timeout.count() * 1000;
  ctx.connect_timeout_ns = o.connect_timeout.count() * 1000;
  // Time for the threads to start and connect (about 20 µs a connection on loopback).
  ctx.start_ns =
      now_ns() + std::min<int64_t>(kSecond, 5'000'000 + 50'000LL * o.connections / o.threads);
  ctx.measure_start_ns = ctx.start_ns + o.warmup.count() * 1000;
  if (!o.requests) {
    ctx.end_ns = ctx.measure_start_ns + o.duration.count() * 1000;
    ctx.hard_stop_ns = ctx.end_ns + ctx.timeout_ns + kSecond;
  }

  std::mutex mutex;
  std::condition_variable cv;
  std::size_t finished = 0;
  std::vector<std::unique_ptr<engine::Worker>> workers;
  unsigned first = 0;
  for (unsigned t = 0; t < o.threads; ++t) {
    const unsigned n = o.connections / o.threads + (t < o.connections % o.threads ? 1 : 0);
    uint64_t budget = UINT64_MAX;
    if (o.requests) {
      budget = *o.requests / o.threads + (t < *o.requests % o.threads ? 1 : 0);
    }
    workers.push_back(std::make_unique<engine::Worker>(ctx, t, first, n, budget));
    first += n;
  }
  rusage ru_start{};
  ::getrusage(RUSAGE_SELF, &ru_start);
  for (auto& w : workers) {
    w->start([&] {
      std::lock_guard lock(mutex);
      ++finished;
      cv.notify_all();
    });
  }

  Timeline timeline(workers.size());
  reports::Histogram total;
  uint64_t requests = 0, errors = 0, last_requests = 0;
  auto absorb = [&](engine::Worker& w, std::unique_ptr<engine::Window> win) {
    total.merge(win->latency);
    requests += win->requests;
    errors += win->errors;
    timeline.add(*win);
    win->reset();
    w.recycle(std::move(win));
  };
  int64_t tick = 1;
  for (;;) {
    const int64_t wake = ctx.measure_start_ns + tick * kSecond + 20'000'000;
    {
      std::unique_lock lock(mutex);
      cv.wait_until(lock, std::chrono::steady_clock::time_point(std::chrono::nanoseconds(wake)),
                    [&] { return finished == workers.size(); });
      if (finished == workers.size()) {
        break;
      }
    }
    if (now_ns() < wake) {
      continue;
    }
    for (auto& w : workers) {
      for (auto& win : w->take_windows()) {
        absorb(*w, std::move(win));
      }
    }
    timeline.finalise(false);
    if (progress) {
      Progress p;
      p.elapsed_s = static_cast<double>(now_ns() - ctx.measure_start_ns) / 1e9;
      p.total_s = o.requests ? 0 : static_cast<double>(o.duration.count()) / 1e6;
      p.rps = static_cast<double>(requests - last_requests);
      p.requests = requests;
      p.errors = errors;
      p.p99_ms = to_ms(total.percentile(99));
      progress(p);
    }
    last_requests = requests;
    ++tick;
  }
  for (auto& w : workers) {
    w->join();
  }
  rusage ru_end{};
  ::getrusage(RUSAGE_SELF, &ru_end);

  RunStats s;
  int64_t last = 0;
  for (auto& w : workers) {
    for (auto& win : w->take_windows()) {
      absorb(*w, std::move(win));
    }
    absorb(*w, w->take_last_window());
    auto& t = w->totals();
    s.requests += t.requests;
    s.bytes += t.bytes;
    s.sends += t.sends;
    s.late_sends += t.late_sends;
    s.connections_opened += t.connections_opened;
    s.errors.connect += t.connect;
    s.errors.timeout += t.timeout;
    s.errors.reset += t.reset;
    s.errors.protocol += t.protocol;
    s.errors.unexpected += t.unexpected;
    s.sequences_completed += t.sequences_completed;
    s.sequences_aborted += t.sequences_aborted;
    if (s.steps.empty()) {
      s.steps = t.steps;
    } else {
      for (std::size_t i = 0; i < s.steps.size(); ++i) {
        s.steps[i].requests += t.steps[i].requests;
        s.steps[i].errors += t.steps[i].errors;
        s.steps[i].latency.merge(t.steps[i].latency);
      }
    }
    if (s.errors.first_connect_error.empty()) {
      s.errors.first_connect_error = t.first_connect_error;
    }
    for (std::size_t code = 0; code < t.status.size(); ++code) {
      if (t.status[code] != 0 && (code < 200 || code >= 300)) {
        s.errors.status[static_cast<int>(code)] += t.status[code];
      }
    }
    if (ctx.open_model) {
      if (!s.latency_uncorrected) {
        s.latency_uncorrected.emplace();
      }
      s.latency_uncorrected->merge(t.uncorrected);
    }
    if (t.cpu_wall_s > 0) {
      s.cpu_percent_max_thread = std::max(s.cpu_percent_max_thread,
                                          100.0 * (t.cpu_user_s + t.cpu_system_s) / t.cpu_wall_s);
    }
    s.loop_lag_max_ms = std::max(s.loop_lag_max_ms, static_cast<double>(t.loop_lag_max_ns) / 1e6);
    last = std::max(last, t.last_completion_ns);
  }
  timeline.finalise(true);
  s.timeline = timeline.take();
  s.latency = std::move(total);
  const int64_t end = o.requests ? last : std::max(last, ctx.end_ns);
  s.duration_s = std::max<double>(0, static_cast<double>(end - ctx.measure_start_ns) / 1e9);
  auto secs = [](const timeval& tv) { return tv.tv_sec + tv.tv_usec * 1e-6; };
  s.cpu_user_s = secs(ru_end.ru_utime) - secs(ru_start.ru_utime);
  s.cpu_system_s = secs(ru_end.ru_stime) - secs(ru_start.ru_stime);
  s.target_rate = o.rate;
  s.has_sequences = std::any_of(scenario.items.begin(), scenario.items.end(),
                                [](const Item& i) { return i.sequence; });
  add_warnings(o, s);
  return s;
}

}  // namespace travelctl::bench
