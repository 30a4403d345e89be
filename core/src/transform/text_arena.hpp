// A growable byte buffer for pre-rendered JSON that, unlike std::string, does not zero-fill the
// room a write reserves: a segment claims its worst case and fills only what it needs.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

namespace travelctl::core::transform {

class TextArena {
 public:
  std::size_t size() const { return size_; }
  const char* data() const { return data_.get(); }
  std::string_view view(std::size_t offset, std::size_t n) const {
    return {data_.get() + offset, n};
  }

  void reserve(std::size_t n) {
    if (n > capacity_) {
      grow_to(n);
    }
  }
  /// Room for `max` more bytes at the end, left as it is: write there, then commit() the end.
  char* claim(std::size_t max) {
    if (max > capacity_ - size_) {
      grow_to(std::max(size_ + max, 2 * capacity_));
    }
    return data_.get() + size_;
  }
  /// Ends the buffer at `end`, a pointer into the room the last claim() gave.
  void commit(const char* end) { size_ = static_cast<std::size_t>(end - data_.get()); }

  void append(std::string_view s) {
    char* p = claim(s.size());
    std::memcpy(p, s.data(), s.size());
    size_ += s.size();
  }
  void push_back(char c) {
    *claim(1) = c;
    ++size_;
  }
  /// Drops everything past the first `n` bytes (`n` <= size()).
  void truncate(std::size_t n) { size_ = n; }

 private:
  void grow_to(std::size_t n) {
    std::unique_ptr<char[]> next(new char[n]);  // default-initialised: no zero fill
    if (size_ > 0) {
      std::memcpy(next.get(), data_.get(), size_);
    }
    data_ = std::move(next);
    capacity_ = n;
  }

  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace travelctl::core::transform
