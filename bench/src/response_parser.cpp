// Incremental HTTP/1.1 response parsing: header block found with memmem, then a small state
// machine for Content-Length, chunked and close-delimited bodies.
#include "travelctl/bench/response_parser.hpp"

#include <algorithm>
#include <cstring>

namespace travelctl::bench {

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

// True when the comma-separated `list` holds `token` (case-insensitive).
bool has_token(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) {
      item.remove_prefix(1);
    }
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) {
      item.remove_suffix(1);
    }
    if (iequals(item, token)) {
      return true;
    }
    if (comma == std::string_view::npos) {
      break;
    }
    list.remove_prefix(comma + 1);
  }
  return false;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  c = lower(c);
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;
}

constexpr std::size_t kMaxChunkLine = 4096;

}  // namespace

void ResponseParser::start(bool head_request) {
  state_ = State::kHeaders;
  head_request_ = head_request;
  seen_bytes_ = false;
  status_ = 0;
  keep_alive_ = true;
  body_out_ = nullptr;
  body_truncated_ = false;
  header_captures_.clear();
  head_buffer_.clear();
  error_ = "";
}

void ResponseParser::capture_body(std::string* out, std::size_t limit) {
  body_out_ = out;
  body_limit_ = limit;
  out->clear();
}

void ResponseParser::capture_header(std::string_view name, std::string* out) {
  header_captures_.push_back({name, out});
}

ResponseParser::Result ResponseParser::fail(const char* why) {
  state_ = State::kError;
  error_ = why;
  keep_alive_ = false;
  return Result::kError;
}

ResponseParser::Result ResponseParser::feed(const char* data, std::size_t size,
                                            std::size_t& consumed) {
  consumed = 0;
  if (size != 0) {
    seen_bytes_ = true;
  }
  while (state_ == State::kHeaders) {
    std::size_t used = 0;
    const Result r = feed_headers(data + consumed, size - consumed, used);
    consumed += used;
    if (r != Result::kDone) {
      return r;
    }
    if (state_ == State::kDone) {
      return Result::kDone;
    }
  }
  std::size_t used = 0;
  const Result r = feed_body(data + consumed, size - consumed, used);
  consumed += used;
  return r;
}

// kDone here means "the header block is complete" (the state says what follows).
ResponseParser::Result ResponseParser::feed_headers(const char* data, std::size_t size,
                                                    std::size_t& consumed) {
  static constexpr char kEnd[] = "\r\n\r\n";
  if (head_buffer_.empty()) {
    const void* end = ::memmem(data, size, kEnd, 4);
    if (end == nullptr) {
      if (size > kMaxHeaderBytes) {
        return fail("response header block is too large");
      }
      head_buffer_.assign(data, size);
      consumed = size;
      return Result::kNeedMore;
    }
    const std::size_t len = static_cast<const char*>(end) - data + 4;
    consumed = len;
    if (!parse_head(data, len) || !begin_body()) {
      return Result::kError;
    }
    return Result::kDone;
  }
  const std::size_t old = head_buffer_.size();
  const std::size_t room = kMaxHeaderBytes + 4 - old;
  head_buffer_.append(data, std::min(size, room));
  const std::size_t from = old >= 3 ? old - 3 : 0;
  const auto pos = head_buffer_.find(std::string_view(kEnd, 4), from);
  if (pos == std::string::npos) {
    if (head_buffer_.size() > kMaxHeaderBytes) {
      return fail("response header block is too large");
    }
    consumed = size;
    return Result::kNeedMore;
  }
  consumed = pos + 4 - old;
  const bool ok = parse_head(head_buffer_.data(), pos + 4);
  head_buffer_.clear();
  if (!ok || !begin_body()) {
    return Result::kError;
  }
  return Result::kDone;
}

bool ResponseParser::parse_head(const char* p, std::size_t len) {
  // "HTTP/1.x SSS" at least; the reason phrase is optional.
  if (len < 14 || std::memcmp(p, "HTTP/1.", 7) != 0 || p[7] < '0' || p[7] > '9' || p[8] != ' ' ||
      p[9] < '1' || p[9] > '5' || p[10] < '0' || p[10] > '9' || p[11] < '0' || p[11] > '9' ||
      (p[12] != ' ' && p[12] != '\r')) {
    fail("malformed status line");
    return false;
  }
  minor_version_ = p[7] - '0';
  status_ = (p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0');
  has_length_ = chunked_ = connection_close_ = connection_keep_alive_ = false;
  remaining_ = 0;
  const char* end = p + len - 2;  // the final empty line's CRLF
  const char* line = static_cast<const char*>(std::memchr(p, '\n', len)) + 1;
  while (line < end) {
    const char* nl = static_cast<const char*>(std::memchr(line, '\n', end - line + 1));
    const char* line_end = nl;
    if (line_end > line && line_end[-1] == '\r') {
      --line_end;
    }
    const char* colon = static_cast<const char*>(std::memchr(line, ':', line_end - line));
    if (colon == nullptr || colon == line) {
      fail("malformed header line");
      return false;
    }
    std::string_view name(line, colon - line);
    const char* v = colon + 1;
    const char* ve = line_end;
    while (v < ve && (*v == ' ' || *v == '\t')) {
      ++v;
    }
    while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t')) {
      --ve;
    }
    on_header(name, std::string_view(v, ve - v));
    if (state_ == State::kError) {
      return false;
    }
    line = nl + 1;
  }
  return true;
}

void ResponseParser::on_header(std::string_view name, std::string_view value) {
  switch (name.size()) {
    case 14:
      if (iequals(name, "content-length")) {
        uint64_t n = 0;
        if (value.empty()) {
          fail("empty Content-Length");
          return;
        }
        for (char c : value) {
          if (c < '0' || c > '9' || n > (UINT64_MAX - 9) / 10) {
            fail("invalid Content-Length");
            return;
          }
          n = n * 10 + static_cast<uint64_t>(c - '0');
        }
        if (has_length_ && n != remaining_) {
          fail("conflicting Content-Length headers");
          return;
        }
        has_length_ = true;
        remaining_ = n;
      }
      break;
    case 17:
      if (iequals(name, "transfer-encoding") && has_token(value, "chunked")) {
        chunked_ = true;
      }
      break;
    case 10:
      if (iequals(name, "connection")) {
        connection_close_ = connection_close_ || has_token(value, "close");
        connection_keep_alive_ = connection_keep_alive_ || has_token(value, "keep-alive");
      }
      break;
    default:
      break;
  }
  for (const auto& c : header_captures_) {
    if (iequals(name, c.name)) {
      c.out->assign(value);
    }
  }
}

bool ResponseParser::begin_body() {
  keep_alive_ = minor_version_ >= 1 ? !connection_close_ : connection_keep_alive_;
  if (status_ >= 100 && status_ < 200 && status_ != 101) {
    state_ = State::kHeaders;  // an interim response: the real one follows
    return true;
  }
  if (head_request_ || status_ == 204 || status_ == 304 || status_ == 101) {
    state_ = State::kDone;
  } else if (chunked_) {
    state_ = State::kChunkSize;
    remaining_ = 0;
    chunk_digits_ = 0;
  } else if (has_length_) {
    state_ = remaining_ == 0 ? State::kDone : State::kBodyLength;
  } else {
    state_ = State::kBodyUntilEof;
    keep_alive_ = false;
  }
  return true;
}

void ResponseParser::take_body(const char* data, std::size_t n) {
  if (body_out_ == nullptr || n == 0) {
    return;
  }
  const std::size_t room = body_limit_ - std::min(body_limit_, body_out_->size());
  if (n > room) {
    body_truncated_ = true;
    n = room;
  }
  body_out_->append(data, n);
}

ResponseParser::Result ResponseParser::feed_body(const char* data, std::size_t size,
                                                 std::size_t& used) {
  used = 0;
  switch (state_) {
    case State::kDone:
      return Result::kDone;
    case State::kError:
      return Result::kError;
    case State::kBodyLength: {
      const std::size_t n = static_cast<std::size_t>(std::min<uint64_t>(remaining_, size));
      take_body(data, n);
      remaining_ -= n;
      used = n;
      if (remaining_ == 0) {
        state_ = State::kDone;
        return Result::kDone;
      }
      return Result::kNeedMore;
    }
    case State::kBodyUntilEof:
      take_body(data, size);
      used = size;
      return Result::kNeedMore;
    default:
      return feed_chunked(data, size, used);
  }
}

ResponseParser::Result ResponseParser::feed_chunked(const char* data, std::size_t size,
                                                    std::size_t& used) {
  std::size_t i = 0;
  while (i < size) {
    const char c = data[i];
    switch (state_) {
      case State::kChunkSize: {
        const int h = hex_value(c);
        if (h >= 0) {
          if (++chunk_digits_ > 15) {
            used = i;
            return fail("chunk size too large");
          }
          remaining_ = remaining_ * 16 + static_cast<uint64_t>(h);
          ++i;
          break;
        }
        if (chunk_digits_ == 0) {
          used = i;
          return fail("malformed chunk size");
        }
        state_ = State::kChunkExtension;
        line_length_ = 0;
        break;
      }
      case State::kChunkExtension:
        ++i;
        if (c == '\n') {
          chunk_digits_ = 0;
          if (remaining_ == 0) {
            state_ = State::kTrailers;
            line_length_ = 0;
          } else {
            state_ = State::kChunkData;
          }
        } else if (++line_length_ > kMaxChunkLine) {
          used = i;
          return fail("chunk extension too long");
        }
        break;
      case State::kChunkData: {
        const std::size_t n = static_cast<std::size_t>(std::min<uint64_t>(remaining_, size - i));
        take_body(data + i, n);
        remaining_ -= n;
        i += n;
        if (remaining_ == 0) {
          state_ = State::kChunkDataEnd;
          line_length_ = 0;
        }
        break;
      }
      case State::kChunkDataEnd:
        ++i;
        if (c == '\n') {
          state_ = State::kChunkSize;
        } else if (c != '\r' || ++line_length_ > 1) {
          used = i;
          return fail("missing CRLF after chunk data");
        }
        break;
      case State::kTrailers:
        ++i;
        if (c == '\n') {
          if (line_length_ == 0) {
            state_ = State::kDone;
            used = i;
            return Result::kDone;
          }
          line_length_ = 0;
        } else if (c != '\r') {
          if (++line_length_ > kMaxChunkLine) {
            used = i;
            return fail("trailer line too long");
          }
        }
        break;
      default:
        used = i;
        return fail("parser in an unexpected state");
    }
  }
  used = i;
  return Result::kNeedMore;
}

ResponseParser::Result ResponseParser::on_eof() {
  if (state_ == State::kBodyUntilEof) {
    state_ = State::kDone;
    return Result::kDone;
  }
  if (state_ == State::kDone) {
    return Result::kDone;
  }
  return fail(idle() ? "connection closed before the response" : "response truncated by close");
}

}  // namespace travelctl::bench
