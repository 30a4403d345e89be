// The capture file: buffered appends of whole lines, rotated by size (FILE -> FILE.1 -> FILE.2
// ...).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "travelctl/core/expected.hpp"

namespace travelctl::core::capture {

struct RotatingFileOptions {
  std::string path;
  /// Rotate before a line would take the file past this size; 0: never rotate.
  uint64_t max_bytes = 0;
  /// Rotated files kept: FILE.1 (the newest) to FILE.<keep>; older ones are removed. 0 keeps none.
  int keep = 5;
};

/// Written by one thread (the capture writer); the counters may be read from any thread.
class RotatingFile {
 public:
  /// Opens (creates, mode 0600, or appends to) the file; the error names the file and the reason.
  static Expected<std::unique_ptr<RotatingFile>, std::string> open(RotatingFileOptions options);
  ~RotatingFile();
  RotatingFile(const RotatingFile&) = delete;
  RotatingFile& operator=(const RotatingFile&) = delete;

  /// Buffers one whole line (its `\n` included). Rotates first when the line would take a file
  /// that already holds something past max_bytes: a line is never split between files, and a
  /// line longer than max_bytes gets a file of its own.
  void append_line(std::string_view line);
  /// Writes the buffered lines out (lines it cannot write are counted as lost).
  void flush();
  /// Flushes, syncs and closes; the file is not used afterwards.
  void close();

  uint64_t lines_written() const { return lines_written_.load(std::memory_order_relaxed); }
  uint64_t lines_lost() const { return lines_lost_.load(std::memory_order_relaxed); }
  uint64_t rotations() const { return rotations_.load(std::memory_order_relaxed); }
  uint64_t bytes_written() const { return bytes_written_.load(std::memory_order_relaxed); }

 private:
  explicit RotatingFile(RotatingFileOptions options) : options_(std::move(options)) {}
  bool reopen();
  void rotate();
  void report(const char* what);

  RotatingFileOptions options_;
  int fd_ = -1;
  uint64_t size_ = 0;  ///< bytes in the current file
  std::string pending_;
  uint64_t pending_lines_ = 0;
  bool reported_ = false;  ///< an error was printed; the next one is not, until a write succeeds
  std::atomic<uint64_t> lines_written_{0};
  std::atomic<uint64_t> lines_lost_{0};
  std::atomic<uint64_t> rotations_{0};
  std::atomic<uint64_t> bytes_written_{0};
};

}  // namespace travelctl::core::capture
