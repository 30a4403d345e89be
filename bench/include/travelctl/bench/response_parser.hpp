// A minimal, allocation-free (after warm-up) incremental HTTP/1.1 response parser for the load
// generator: status line, Content-Length, chunked bodies, Connection, optional captures.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace travelctl::bench {

/// Parses one response at a time from bytes fed in arbitrary pieces (pipelined responses may
/// share a piece: feed() says how much it used). Bodies are skipped unless captured, so a large
/// body costs no copy. Only what a load generator needs is kept: status, keep-alive, and the
/// body or header values a scenario asked for.
class ResponseParser {
 public:
  enum class Result { kNeedMore, kDone, kError };
  static constexpr std::size_t kMaxHeaderBytes = 64 * 1024;

  /// Prepares for the next response; `head_request`: the request was HEAD (no body follows).
  /// Clears the captures.
  void start(bool head_request = false);
  /// Copies the body into `*out` (cleared first), up to `limit` bytes (see body_truncated()).
  void capture_body(std::string* out, std::size_t limit);
  /// Copies the value of header `name` (compared case-insensitively) into `*out` when present.
  void capture_header(std::string_view name, std::string* out);

  /// Consumes bytes of the current response; `consumed` is how many were used (fewer than `size`
  /// only on kDone or kError).
  Result feed(const char* data, std::size_t size, std::size_t& consumed);
  /// The peer closed the connection: completes a body delimited by the close, else kError.
  Result on_eof();

  /// True when no byte of the current response has been seen yet.
  bool idle() const { return state_ == State::kHeaders && !seen_bytes_; }
  int status() const { return status_; }
  /// False when the server asked to close (Connection: close, HTTP/1.0, or a body up to close).
  bool keep_alive() const { return keep_alive_; }
  bool body_truncated() const { return body_truncated_; }
  /// Why parsing failed (valid after kError).
  std::string_view error() const { return error_; }

 private:
  enum class State {
    kHeaders,
    kBodyLength,
    kBodyUntilEof,
    kChunkSize,
    kChunkExtension,
    kChunkData,
    kChunkDataEnd,
    kTrailers,
    kDone,
    kError
  };
  struct HeaderCapture {
    std::string_view name;
    std::string* out;
  };

  Result fail(const char* why);
  Result feed_headers(const char* data, std::size_t size, std::size_t& consumed);
  bool parse_head(const char* p, std::size_t len);
  void on_header(std::string_view name, std::string_view value);
  bool begin_body();
  Result feed_body(const char* data, std::size_t size, std::size_t& used);
  Result feed_chunked(const char* data, std::size_t size, std::size_t& used);
  void take_body(const char* data, std::size_t n);

  State state_ = State::kHeaders;
  bool head_request_ = false;
  bool seen_bytes_ = false;
  int status_ = 0;
  int minor_version_ = 1;
  bool keep_alive_ = true;
  bool has_length_ = false;
  bool chunked_ = false;
  bool connection_close_ = false;
  bool connection_keep_alive_ = false;
  uint64_t remaining_ = 0;
  std::size_t line_length_ = 0;
  std::size_t chunk_digits_ = 0;
  std::string head_buffer_;  // only when a header block spans several pieces
  std::string* body_out_ = nullptr;
  std::size_t body_limit_ = 0;
  bool body_truncated_ = false;
  std::vector<HeaderCapture> header_captures_;
  const char* error_ = "";
};

}  // namespace travelctl::bench
