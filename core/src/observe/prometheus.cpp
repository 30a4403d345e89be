// Prometheus text format writing, the fixed-bucket latency histogram and /proc readings.
#include "travelctl/core/observe/prometheus.hpp"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>

namespace travelctl::core::observe {
namespace {

void append_escaped(std::string& out, std::string_view v) {
  for (const char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
}

void append_double(std::string& out, double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_uint(std::string& out, uint64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

}  // namespace

void PromWriter::family(std::string_view name, std::string_view help, std::string_view type) {
  out_.append("# HELP ").append(name).append(" ").append(help).append("\n# TYPE ");
  out_.append(name).append(" ").append(type).append("\n");
}

void PromWriter::head(std::string_view name, std::initializer_list<Label> labels,
                      std::string_view extra_name, std::string_view extra_value) {
  out_.append(name);
  if (labels.size() == 0 && extra_name.empty()) {
    out_.push_back(' ');
    return;
  }
  out_.push_back('{');
  bool first = true;
  for (const auto& [k, v] : labels) {
    out_.append(first ? "" : ",").append(k).append("=\"");
    append_escaped(out_, v);
    out_.push_back('"');
    first = false;
  }
  if (!extra_name.empty()) {
    out_.append(first ? "" : ",").append(extra_name).append("=\"").append(extra_value);
    out_.push_back('"');
  }
  out_.append("} ");
}

void PromWriter::sample(std::string_view name, std::initializer_list<Label> labels, double value) {
  head(name, labels);
  append_double(out_, value);
  out_.push_back('\n');
}

void PromWriter::sample(std::string_view name, std::initializer_list<Label> labels,
                        uint64_t value) {
  head(name, labels);
  append_uint(out_, value);
  out_.push_back('\n');
}

void LatencyHistogram::record(std::chrono::nanoseconds d) {
  const double s = std::chrono::duration<double>(d).count();
  size_t i = 0;
  while (i < kBounds.size() && s > kBounds[i]) {
    ++i;
  }
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_ns_.fetch_add(static_cast<uint64_t>(std::max<int64_t>(0, d.count())),
                    std::memory_order_relaxed);
}

void LatencyHistogram::add_to(LatencyHistogram& into) const {
  for (size_t i = 0; i < buckets_.size(); ++i) {
    into.buckets_[i].fetch_add(buckets_[i].load(std::memory_order_relaxed),
                               std::memory_order_relaxed);
  }
  into.count_.fetch_add(count(), std::memory_order_relaxed);
  into.sum_ns_.fetch_add(sum_ns_.load(std::memory_order_relaxed), std::memory_order_relaxed);
}

void LatencyHistogram::write(PromWriter& w, std::string_view name,
                             std::initializer_list<Label> labels) const {
  const std::string bucket = std::string(name) + "_bucket";
  uint64_t cumulative = 0;
  std::string le;
  for (size_t i = 0; i <= kBounds.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    le.clear();
    if (i < kBounds.size()) {
      char buf[32];  // fixed notation: "0.0005", as scrapers and dashboards expect `le` spelt
      le.append(buf,
                std::to_chars(buf, buf + sizeof buf, kBounds[i], std::chars_format::fixed).ptr);
    } else {
      le = "+Inf";
    }
    w.head(bucket, labels, "le", le);
    append_uint(w.out_, cumulative);
    w.out_.push_back('\n');
  }
  w.sample(std::string(name) + "_sum", labels,
           static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9);
  w.sample(std::string(name) + "_count", labels, count());
}

ProcessStats read_process_stats() {
  ProcessStats s;
  const long page = ::sysconf(_SC_PAGESIZE);
  if (std::ifstream statm("/proc/self/statm"); statm) {
    uint64_t size = 0, resident = 0;
    statm >> size >> resident;
    s.virtual_bytes = size * static_cast<uint64_t>(page);
    s.resident_bytes = resident * static_cast<uint64_t>(page);
  }
  if (DIR* d = ::opendir("/proc/self/fd")) {
    while (const dirent* e = ::readdir(d)) {
      s.open_fds += e->d_name[0] != '.' ? 1 : 0;
    }
    ::closedir(d);
    s.open_fds -= s.open_fds > 0 ? 1 : 0;  // the directory stream's own descriptor
  }
  if (rlimit lim{}; ::getrlimit(RLIMIT_NOFILE, &lim) == 0) {
    s.max_fds = lim.rlim_cur;
  }
  if (rusage u{}; ::getrusage(RUSAGE_SELF, &u) == 0) {
    s.cpu_seconds = static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
                    static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
  }
  return s;
}

void write_process_metrics(PromWriter& w, const ProcessStats& s, double start_time_seconds) {
  w.family("process_resident_memory_bytes", "Resident memory size in bytes.", "gauge");
  w.sample("process_resident_memory_bytes", {}, s.resident_bytes);
  w.family("process_virtual_memory_bytes", "Virtual memory size in bytes.", "gauge");
  w.sample("process_virtual_memory_bytes", {}, s.virtual_bytes);
  w.family("process_open_fds", "Number of open file descriptors.", "gauge");
  w.sample("process_open_fds", {}, s.open_fds);
  w.family("process_max_fds", "Maximum number of open file descriptors.", "gauge");
  w.sample("process_max_fds", {}, s.max_fds);
  w.family("process_cpu_seconds_total", "Total user and system CPU time in seconds.", "counter");
  w.sample("process_cpu_seconds_total", {}, s.cpu_seconds);
  w.family("process_start_time_seconds", "Start time of the process since the Unix epoch.",
           "gauge");
  w.sample("process_start_time_seconds", {}, start_time_seconds);
}

}  // namespace travelctl::core::observe
