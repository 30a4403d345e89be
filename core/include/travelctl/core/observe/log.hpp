// Structured logs on stderr: one event per line, text (logfmt fields) or JSON, one write(2) each.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace travelctl::core::observe {

enum class LogLevel { debug = 0, info = 1, warn = 2, error = 3 };
enum class LogFormat { text, json };

std::optional<LogLevel> parse_log_level(std::string_view name);    ///< debug|info|warn|error
std::optional<LogFormat> parse_log_format(std::string_view name);  ///< text|json
std::string_view to_string(LogLevel level);

/// Process-wide settings, atomics: a reload may change them while workers log.
void set_log_level(LogLevel level);
void set_log_format(LogFormat format);
LogLevel log_level();
/// Where lines go: stderr unless a test says otherwise.
void set_log_fd(int fd);
/// True when an event of `level` would be written (test it before gathering costly fields).
bool log_enabled(LogLevel level);

/// One event under construction, written by emit() or the destructor:
/// `LogLine(LogLevel::info, "access").str("rid", rid).integer("status", 200);`
/// Text: `2026-11-30T06:50:01.123Z info access rid=abc status=200` (a value with a space, quote,
/// `=` or control character is quoted with JSON escapes). JSON: `{"ts":"...","level":"info",
/// "msg":"access","rid":"abc","status":200}`. Field names are the caller's constants; values are
/// escaped. Nothing is buffered across lines: a crash loses at most the line being built. One
/// line per thread at a time, and never alive across a co_await (the buffer is per thread).
class LogLine {
 public:
  LogLine(LogLevel level, std::string_view message);
  /// Written whatever the level when `whatever_the_level` (serve's one start-up line, from which
  /// people and scripts learn the port).
  LogLine(LogLevel level, std::string_view message, bool whatever_the_level);
  ~LogLine();
  LogLine(const LogLine&) = delete;
  LogLine& operator=(const LogLine&) = delete;

  LogLine& str(std::string_view key, std::string_view value);
  LogLine& integer(std::string_view key, int64_t value);
  /// A duration or other decimal with 3 fractional digits (`latency_ms=1.234`).
  LogLine& decimal(std::string_view key, double value);
  LogLine& boolean(std::string_view key, bool value);
  /// Writes the line now (the destructor then writes nothing).
  void emit();

 private:
  void begin_field(std::string_view key);

  std::string* buf_;  // this thread's line buffer; null when the level is filtered out
  bool json_ = false;
};

}  // namespace travelctl::core::observe
