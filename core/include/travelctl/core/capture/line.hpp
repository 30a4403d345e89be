// One exchange as one NDJSON line of spec/files.md ("travelctl.capture/v1").
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "travelctl/core/capture/body.hpp"
#include "travelctl/core/capture/exchange.hpp"

namespace travelctl::core::capture {

inline constexpr std::string_view kSchema = "travelctl.capture/v1";

/// `2026-11-22T10:00:00.123456Z`: UTC with microseconds.
std::string format_timestamp(std::chrono::system_clock::time_point t);

/// Replaces every occurrence of each secret in `text` from `from` on by "***", in the form a
/// JSON string would hold it (escaped). Secrets shorter than kMinScrubbed are left alone: a short
/// one would mangle ordinary text, and they are never written from headers anyway.
void scrub_secrets(std::string& text, std::size_t from, const std::vector<std::string>& secrets);
inline constexpr std::size_t kMinScrubbed = 6;

/// Formats exchanges; one per thread (it keeps a JSON parser).
class LineFormatter {
 public:
  /// Appends `e` as one line, `\n` included: schema, ts, client (null when none), method, target,
  /// request_id, request_headers, request_body, status, response_body, latency_ms; bodies as
  /// BodyFormatter writes them and the request's credentials scrubbed.
  void append_line(std::string& out, const Exchange& e);

 private:
  BodyFormatter bodies_;
};

}  // namespace travelctl::core::capture
