// One exchange read from a capture or HAR file, as replay needs it, and what reading found.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "travelctl/reports/replay/report.hpp"

namespace travelctl::bench::replay {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct CapturedExchange {
  std::size_t source = 0;  ///< 1-based line number (capture) or 0-based entry index (HAR)
  int64_t started_us = 0;  ///< when the request started, microseconds since the Unix epoch
  std::string client;      ///< the capture's client id; empty in a HAR file
  std::string host;        ///< HAR: host[:port] of the URL; capture: empty
  std::string method;
  std::string target;  ///< origin-form: path and query
  HeaderList headers;  ///< as recorded, minus hop-by-hop and framing headers
  std::optional<std::string> body;
  int status = 0;
  std::optional<std::string> response_body;  ///< absent when the file did not keep it
  std::optional<double> latency_ms;
};

/// A line or entry that could not be used, and why (the reader goes on after it).
using InputProblem = reports::replay::InputProblem;

/// Whether a recorded request header is sent again: not hop-by-hop or framing ones (Host,
/// Content-Length, Connection...), not HTTP/2 pseudo-headers, not Accept-Encoding (replay
/// compares bodies as sent, uncompressed). `name` in any case.
bool replayable_header(std::string_view name);

struct ReplayInput {
  std::string format;                       ///< "capture" or "har"
  std::string where_label;                  ///< "line" or "entry"
  std::vector<CapturedExchange> exchanges;  ///< sorted by started_us (stable)
  std::vector<InputProblem> problems;
};

}  // namespace travelctl::bench::replay
