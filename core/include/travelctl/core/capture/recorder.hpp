// `serve --capture`: per-worker queues drained by one writer thread into the rotating file, so
// formatting, masking and disk I/O stay off the request path.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "travelctl/core/capture/queue.hpp"
#include "travelctl/core/capture/rotating_file.hpp"
#include "travelctl/core/expected.hpp"

namespace travelctl::core::capture {

struct RecorderOptions {
  RotatingFileOptions file;
  std::size_t queue_entries = 4096;        ///< per worker thread
  std::size_t queue_bytes = 32u << 20;     ///< per worker thread, about
  std::chrono::milliseconds idle_wait{5};  ///< the writer's nap when every queue was empty
  int writer_nice = 10;                    ///< the writer thread's nice value (Linux: per thread)
};

/// What became of captured exchanges (for /metrics).
struct RecorderStats {
  uint64_t written = 0;              ///< lines in the file(s)
  uint64_t dropped_queue_full = 0;   ///< refused by a full queue: the client was not slowed
  uint64_t dropped_write_error = 0;  ///< formatted but not written (disk full, file gone, ...)
  uint64_t rotations = 0;
  uint64_t bytes = 0;  ///< written to the file(s)
};

class Recorder {
 public:
  /// Opens the file (the error names it and why it cannot be opened).
  static Expected<std::unique_ptr<Recorder>, std::string> open(RecorderOptions options);
  ~Recorder();  ///< stop()
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  /// A queue for one worker thread to push to (only that thread); call at start-up. The queue
  /// lives as long as the recorder.
  ExchangeQueue& add_queue();
  /// Starts the writer thread.
  void start();
  /// Writes out everything already queued, then closes the file and joins the writer. Call after
  /// the producers stopped (exchanges pushed later are not written). Safe to call more than once.
  void stop();

  RecorderStats stats() const;

 private:
  explicit Recorder(RecorderOptions options) : options_(std::move(options)) {}
  void run();
  /// Formats and buffers every exchange queued now; how many there were.
  std::size_t drain();

  RecorderOptions options_;
  std::unique_ptr<RotatingFile> file_;
  mutable std::mutex mu_;  // the queue list (added at start-up) and the stop flag; not per request
  std::deque<ExchangeQueue> queues_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool stopped_ = false;
  std::thread writer_;
};

}  // namespace travelctl::core::capture
