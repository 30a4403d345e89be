// The capture writer thread: drains every worker's queue, formats lines, writes and rotates.
#include "travelctl/core/capture/recorder.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <vector>

#include "travelctl/core/capture/line.hpp"

namespace travelctl::core::capture {

Expected<std::unique_ptr<Recorder>, std::string> Recorder::open(RecorderOptions options) {
  std::unique_ptr<Recorder> r(new Recorder(std::move(options)));
  auto file = RotatingFile::open(r->options_.file);
  if (!file) {
    return unexpected(file.error());
  }
  r->file_ = std::move(*file);
  return r;
}

Recorder::~Recorder() { stop(); }

ExchangeQueue& Recorder::add_queue() {
  std::lock_guard lock(mu_);
  return queues_.emplace_back(options_.queue_entries, options_.queue_bytes);
}

void Recorder::start() {
  std::lock_guard lock(mu_);
  if (!writer_.joinable() && !stopped_) {
    writer_ = std::thread([this] { run(); });
  }
}

void Recorder::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopped_) {
      return;
    }
    stopping_ = true;
    stopped_ = true;
  }
  wake_.notify_all();
  if (writer_.joinable()) {
    writer_.join();
  } else if (file_) {
    drain();  // never started: what was queued is still written
  }
  if (file_) {
    file_->close();
  }
}

std::size_t Recorder::drain() {
  // Thread-local to the writer: the formatter keeps its parser, the exchange its buffers.
  static thread_local LineFormatter formatter;
  std::vector<ExchangeQueue*> queues;
  {
    std::lock_guard lock(mu_);
    for (auto& q : queues_) {
      queues.push_back(&q);
    }
  }
  std::size_t n = 0;
  Exchange e;
  std::string line;
  for (ExchangeQueue* q : queues) {
    while (q->try_pop(e)) {
      line.clear();
      formatter.append_line(line, e);
      file_->append_line(line);
      ++n;
    }
  }
  file_->flush();
  return n;
}

void Recorder::run() {
  // Below the workers: when CPU is short, the capture falls behind and drops (counted), instead
  // of taking CPU from the requests it records.
  ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), options_.writer_nice);
  for (;;) {
    const std::size_t n = drain();
    std::unique_lock lock(mu_);
    if (stopping_) {
      break;
    }
    if (n == 0) {
      // Producers never signal (that would cost them a syscall): the writer naps and looks again.
      wake_.wait_for(lock, options_.idle_wait, [this] { return stopping_; });
    }
  }
  drain();  // what was queued before stop()
}

RecorderStats Recorder::stats() const {
  RecorderStats s;
  {
    std::lock_guard lock(mu_);
    for (const auto& q : queues_) {
      s.dropped_queue_full += q.dropped();
    }
  }
  s.written = file_->lines_written();
  s.dropped_write_error = file_->lines_lost();
  s.rotations = file_->rotations();
  s.bytes = file_->bytes_written();
  return s;
}

}  // namespace travelctl::core::capture
