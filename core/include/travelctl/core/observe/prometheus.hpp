// Prometheus text exposition (format 0.0.4): a writer for families and samples, and a fixed-bucket
// latency histogram cheap enough for the request path (one writer thread, relaxed atomics).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace travelctl::core::observe {

using Label = std::pair<std::string_view, std::string_view>;

/// Appends families and samples in the text format; label values are escaped (`\`, `"`, newline).
class PromWriter {
 public:
  explicit PromWriter(std::string& out) : out_(out) {}
  /// `# HELP` and `# TYPE` lines; `type` is counter, gauge or histogram.
  void family(std::string_view name, std::string_view help, std::string_view type);
  void sample(std::string_view name, std::initializer_list<Label> labels, double value);
  void sample(std::string_view name, std::initializer_list<Label> labels, uint64_t value);

 private:
  void head(std::string_view name, std::initializer_list<Label> labels,
            std::string_view extra_name = {}, std::string_view extra_value = {});
  std::string& out_;
  friend class LatencyHistogram;
};

/// Request latencies in fixed buckets from 0.5 ms to 10 s (Prometheus conventions: cumulative
/// on output, seconds). Written by one thread, read by any: relaxed atomics, no lock.
class LatencyHistogram {
 public:
  static constexpr std::array<double, 14> kBounds = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  void record(std::chrono::nanoseconds d);
  /// Adds this histogram's counts into `into` (to sum the shards of several threads).
  void add_to(LatencyHistogram& into) const;
  /// `<name>_bucket{labels,le}`, `<name>_sum`, `<name>_count` samples (the family is the
  /// caller's).
  void write(PromWriter& w, std::string_view name, std::initializer_list<Label> labels) const;
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }

 private:
  std::array<std::atomic<uint64_t>, kBounds.size() + 1> buckets_{};  // last: over the top bound
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_ns_{0};
};

/// What the process uses, read from /proc (0 where it cannot be read).
struct ProcessStats {
  uint64_t resident_bytes = 0;
  uint64_t virtual_bytes = 0;
  uint64_t open_fds = 0;
  uint64_t max_fds = 0;
  double cpu_seconds = 0;
};
ProcessStats read_process_stats();

/// `process_*` families (resident and virtual memory, open and max fds, CPU, start time).
void write_process_metrics(PromWriter& w, const ProcessStats& stats, double start_time_seconds);

}  // namespace travelctl::core::observe
