// Direct JSON writer: string escaping with a fast path for bytes that need no attention.
#include "travelctl/core/json/writer.hpp"

#include <charconv>

namespace travelctl::core::json {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not valid (overlong forms,
// surrogates and code points past U+10FFFF are invalid).
size_t utf8_sequence_length(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const auto cont = [&](size_t k) { return k < s.size() && (b(k) & 0xC0) == 0x80; };
  const unsigned char c = b(i);
  if (c >= 0xC2 && c <= 0xDF) {
    return cont(i + 1) ? 2 : 0;
  }
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(i + 1) || !cont(i + 2)) {
      return 0;
    }
    const unsigned char c1 = b(i + 1);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) {
      return 0;
    }
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) {
      return 0;
    }
    const unsigned char c1 = b(i + 1);
    if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) {
      return 0;
    }
    return 4;
  }
  return 0;
}

}  // namespace

void append_string(std::string& out, std::string_view s) {
  out.push_back('"');
  size_t run_start = 0;
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const size_t n = utf8_sequence_length(s, i);
      if (n != 0) {
        i += n;
        continue;
      }
    }
    out.append(s.data() + run_start, i - run_start);
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      case '\b': out.append("\\b"); break;
      case '\f': out.append("\\f"); break;
      default:
        if (c < 0x20) {
          out.append("\\u00");
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.append("\\ufffd");  // a byte that does not start a valid UTF-8 sequence
        }
    }
    ++i;
    run_start = i;
  }
  out.append(s.data() + run_start, s.size() - run_start);
  out.push_back('"');
}

void append_int(std::string& out, int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void Writer::separate() {
  if (need_comma_) {
    out_.push_back(',');
  }
  need_comma_ = true;
}

Writer& Writer::open(char c) {
  separate();
  out_.push_back(c);
  need_comma_ = false;
  return *this;
}

Writer& Writer::close(char c) {
  out_.push_back(c);
  need_comma_ = true;
  return *this;
}

Writer& Writer::key(std::string_view name) {
  separate();
  append_string(out_, name);
  out_.push_back(':');
  need_comma_ = false;
  return *this;
}

Writer& Writer::string(std::string_view s) {
  separate();
  append_string(out_, s);
  return *this;
}

Writer& Writer::integer(int64_t v) {
  separate();
  append_int(out_, v);
  return *this;
}

Writer& Writer::boolean(bool b) {
  separate();
  out_.append(b ? "true" : "false");
  return *this;
}

Writer& Writer::null() {
  separate();
  out_.append("null");
  return *this;
}

Writer& Writer::raw(std::string_view json_text) {
  separate();
  out_.append(json_text);
  return *this;
}

}  // namespace travelctl::core::json
