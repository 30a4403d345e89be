// A direct JSON writer: appends JSON text to a caller-owned string, escaping strings correctly.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace travelctl::core::json {

/// Appends `s` as a JSON string literal (with quotes). Escapes `"`, `\` and control characters;
/// valid UTF-8 passes through unchanged; each byte of an invalid UTF-8 sequence becomes U+FFFD.
void append_string(std::string& out, std::string_view s);

/// Appends a signed decimal integer.
void append_int(std::string& out, int64_t v);

/// Writes one JSON value into `out` without building a tree. The caller keeps the nesting valid;
/// the writer only tracks where commas go.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  Writer& begin_object() { return open('{'); }
  Writer& end_object() { return close('}'); }
  Writer& begin_array() { return open('['); }
  Writer& end_array() { return close(']'); }

  /// Writes `"name":`; the next call writes its value.
  Writer& key(std::string_view name);
  Writer& string(std::string_view s);
  Writer& integer(int64_t v);
  Writer& boolean(bool b);
  Writer& null();
  /// Writes already-serialised JSON text as one value (the caller vouches for it).
  Writer& raw(std::string_view json_text);

  std::string& out() { return out_; }

 private:
  Writer& open(char c);
  Writer& close(char c);
  void separate();

  std::string& out_;
  bool need_comma_ = false;
};

}  // namespace travelctl::core::json
