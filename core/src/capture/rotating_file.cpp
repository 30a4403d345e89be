// The capture file with size-based rotation; POSIX calls, every failure counted, never thrown.
#include "travelctl/core/capture/rotating_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace travelctl::core::capture {
namespace {

constexpr std::size_t kFlushAt = 256 * 1024;  // a few syscalls per MB, a bounded buffer

// Writes all of `data`; false (errno set) on failure.
bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

Expected<std::unique_ptr<RotatingFile>, std::string> RotatingFile::open(
    RotatingFileOptions options) {
  std::unique_ptr<RotatingFile> file(new RotatingFile(std::move(options)));
  if (!file->reopen()) {
    return unexpected(file->options_.path + ": " + std::strerror(errno));
  }
  return file;
}

RotatingFile::~RotatingFile() { close(); }

bool RotatingFile::reopen() {
  fd_ = ::open(options_.path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    return false;
  }
  struct stat st {};
  size_ = ::fstat(fd_, &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
  return true;
}

void RotatingFile::report(const char* what) {
  if (!reported_) {
    std::fprintf(stderr, "capture: %s %s: %s (lines are counted as lost until it works again)\n",
                 what, options_.path.c_str(), std::strerror(errno));
    reported_ = true;
  }
}

void RotatingFile::append_line(std::string_view line) {
  const uint64_t would_be = size_ + pending_.size() + line.size();
  if (options_.max_bytes != 0 && would_be > options_.max_bytes && size_ + pending_.size() > 0) {
    flush();
    rotate();
  }
  pending_.append(line);
  ++pending_lines_;
  if (pending_.size() >= kFlushAt) {
    flush();
  }
}

void RotatingFile::flush() {
  if (pending_.empty()) {
    return;
  }
  if (fd_ < 0 && !reopen()) {
    report("cannot open");
  } else if (!write_all(fd_, pending_)) {
    report("cannot write");
  } else {
    size_ += pending_.size();
    bytes_written_.fetch_add(pending_.size(), std::memory_order_relaxed);
    lines_written_.fetch_add(pending_lines_, std::memory_order_relaxed);
    reported_ = false;
    pending_.clear();
    pending_lines_ = 0;
    return;
  }
  lines_lost_.fetch_add(pending_lines_, std::memory_order_relaxed);
  pending_.clear();
  pending_lines_ = 0;
}

// FILE.<keep-1> -> FILE.<keep>, ..., FILE -> FILE.1, then a fresh FILE.
void RotatingFile::rotate() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  const std::string& path = options_.path;
  if (options_.keep <= 0) {
    ::unlink(path.c_str());
  } else {
    for (int i = options_.keep - 1; i >= 1; --i) {
      const std::string from = path + "." + std::to_string(i);
      const std::string to = path + "." + std::to_string(i + 1);
      ::rename(from.c_str(), to.c_str());  // ENOENT: fewer files so far
    }
    if (::rename(path.c_str(), (path + ".1").c_str()) != 0) {
      report("cannot rotate");
    }
  }
  rotations_.fetch_add(1, std::memory_order_relaxed);
  if (!reopen()) {
    report("cannot open");
  }
}

void RotatingFile::close() {
  flush();
  if (fd_ >= 0) {
    ::fdatasync(fd_);
    ::close(fd_);
    fd_ = -1;
  }
}

}  // namespace travelctl::core::capture
