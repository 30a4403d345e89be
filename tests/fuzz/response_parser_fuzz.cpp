// Fuzz target: ResponseParser on arbitrary bytes, fed whole and in pieces, must never crash,
// over-consume or disagree with itself.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "travelctl/bench/response_parser.hpp"

using travelctl::bench::ResponseParser;

namespace {

// Parses every response in `data` with pieces of `piece` bytes; returns the statuses seen.
std::string parse_all(const uint8_t* data, size_t size, size_t piece) {
  ResponseParser p;
  std::string body, header, trace;
  p.start(false);
  p.capture_body(&body, 1024);
  p.capture_header("x-id", &header);
  size_t offset = 0;
  while (offset < size) {
    const size_t n = std::min(piece, size - offset);
    size_t used = 0;
    const auto r = p.feed(reinterpret_cast<const char*>(data) + offset, n, used);
    if (used > n) {
      std::abort();
    }
    offset += used;
    if (r == ResponseParser::Result::kError) {
      return trace + "E";
    }
    if (r == ResponseParser::Result::kDone) {
      trace += std::to_string(p.status()) + ";";
      p.start(false);
      p.capture_body(&body, 1024);
    } else if (used != n) {
      std::abort();  // kNeedMore must use every byte
    }
  }
  if (p.on_eof() == ResponseParser::Result::kDone) {
    trace += std::to_string(p.status()) + ";";
  }
  return trace;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string whole = parse_all(data, size, size == 0 ? 1 : size);
  const std::string bytewise = parse_all(data, size, 1);
  const std::string sevens = parse_all(data, size, 7);
  if (whole != bytewise || whole != sevens) {
    std::abort();  // framing must not depend on how the bytes arrive
  }
  return 0;
}
