// Structured log lines: formatted into a per-thread buffer, written with one write(2) per line.
#include "travelctl/core/observe/log.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "travelctl/core/json/writer.hpp"

namespace travelctl::core::observe {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::info)};
std::atomic<int> g_format{static_cast<int>(LogFormat::text)};
std::atomic<int> g_fd{2};

// `2026-11-30T06:50:01.123Z`; the date and time up to the second are formatted once a second
// per thread.
void append_timestamp(std::string& out) {
  const auto now = std::chrono::system_clock::now();
  const auto ms_total =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms_total / 1000);
  thread_local std::time_t cached_secs = -1;
  thread_local char cached[24];
  if (secs != cached_secs) {
    std::tm tm{};
    gmtime_r(&secs, &tm);
    std::strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &tm);
    cached_secs = secs;
  }
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>(ms_total % 1000));
  out.append(cached).append(frac);
}

// logfmt: bare when safe, else a JSON-escaped quoted string (which logfmt readers accept).
bool needs_quotes(std::string_view v) {
  if (v.empty()) {
    return true;
  }
  for (char c : v) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '"' || c == '=' || c == '\\' || u >= 0x80) {
      return true;
    }
  }
  return false;
}

void write_all(int fd, const std::string& line) {
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(fd, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return;  // stderr is gone or full: a log line is not worth blocking or failing for
    }
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

std::optional<LogLevel> parse_log_level(std::string_view name) {
  if (name == "debug") {
    return LogLevel::debug;
  }
  if (name == "info") {
    return LogLevel::info;
  }
  if (name == "warn") {
    return LogLevel::warn;
  }
  if (name == "error") {
    return LogLevel::error;
  }
  return std::nullopt;
}

std::optional<LogFormat> parse_log_format(std::string_view name) {
  if (name == "text") {
    return LogFormat::text;
  }
  if (name == "json") {
    return LogFormat::json;
  }
  return std::nullopt;
}

std::string_view to_string(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warn:
      return "warn";
    case LogLevel::error:
      return "error";
  }
  return "info";
}

void set_log_level(LogLevel level) { g_level.store(static_cast<int>(level)); }
void set_log_format(LogFormat format) { g_format.store(static_cast<int>(format)); }
LogLevel log_level() { return static_cast<LogLevel>(g_level.load(std::memory_order_relaxed)); }
void set_log_fd(int fd) { g_fd.store(fd); }

bool log_enabled(LogLevel level) {
  return static_cast<int>(level) >= g_level.load(std::memory_order_relaxed);
}

LogLine::LogLine(LogLevel level, std::string_view message) : LogLine(level, message, false) {}

LogLine::LogLine(LogLevel level, std::string_view message, bool whatever_the_level)
    : buf_(nullptr) {
  if (!whatever_the_level && !log_enabled(level)) {
    return;
  }
  thread_local std::string buffer;
  buf_ = &buffer;
  buf_->clear();
  json_ = g_format.load(std::memory_order_relaxed) == static_cast<int>(LogFormat::json);
  if (json_) {
    buf_->append(R"({"ts":")");
    append_timestamp(*buf_);
    buf_->append(R"(","level":")").append(to_string(level)).append(R"(","msg":)");
    json::append_string(*buf_, message);
  } else {
    append_timestamp(*buf_);
    buf_->push_back(' ');
    buf_->append(to_string(level));
    buf_->push_back(' ');
    buf_->append(message);
  }
}

LogLine::~LogLine() { emit(); }

void LogLine::begin_field(std::string_view key) {
  if (json_) {
    buf_->push_back(',');
    json::append_string(*buf_, key);
    buf_->push_back(':');
  } else {
    buf_->push_back(' ');
    buf_->append(key);
    buf_->push_back('=');
  }
}

LogLine& LogLine::str(std::string_view key, std::string_view value) {
  if (buf_ != nullptr) {
    begin_field(key);
    if (json_ || needs_quotes(value)) {
      json::append_string(*buf_, value);
    } else {
      buf_->append(value);
    }
  }
  return *this;
}

LogLine& LogLine::integer(std::string_view key, int64_t value) {
  if (buf_ != nullptr) {
    begin_field(key);
    json::append_int(*buf_, value);
  }
  return *this;
}

LogLine& LogLine::decimal(std::string_view key, double value) {
  if (buf_ != nullptr) {
    begin_field(key);
    char text[32];
    const int n = std::snprintf(text, sizeof text, "%.3f", value);
    buf_->append(text, n > 0 ? static_cast<std::size_t>(n) : 0);
  }
  return *this;
}

LogLine& LogLine::boolean(std::string_view key, bool value) {
  if (buf_ != nullptr) {
    begin_field(key);
    buf_->append(value ? "true" : "false");
  }
  return *this;
}

void LogLine::emit() {
  if (buf_ == nullptr) {
    return;
  }
  buf_->append(json_ ? "}\n" : "\n");
  write_all(g_fd.load(std::memory_order_relaxed), *buf_);
  buf_ = nullptr;
}

}  // namespace travelctl::core::observe
