// Capture lines: the fixed fields of spec/files.md written with the direct JSON writer.
#include "travelctl/core/capture/line.hpp"

#include <cstdio>
#include <cstring>
#include <ctime>

#include "travelctl/core/json/writer.hpp"

namespace travelctl::core::capture {

std::string format_timestamp(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto us = duration_cast<microseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(us / 1'000'000);
  long frac = static_cast<long>(us % 1'000'000);
  if (frac < 0) {  // before 1970: floor, not truncate
    frac += 1'000'000;
    --secs;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  const int n =
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", tm.tm_year + 1900,
                    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
  return std::string(buf, static_cast<std::size_t>(n));
}

void scrub_secrets(std::string& text, std::size_t from, const std::vector<std::string>& secrets) {
  std::string escaped;
  for (const auto& secret : secrets) {
    if (secret.size() < kMinScrubbed) {
      continue;
    }
    escaped.clear();
    json::append_string(escaped, secret);
    const std::string_view needle(escaped.data() + 1, escaped.size() - 2);  // without the quotes
    // memmem, not std::string::find: a secret's first letter is common in JSON text, and find
    // compares at every one of them.
    std::size_t at = from;
    while (at < text.size()) {
      const void* hit = ::memmem(text.data() + at, text.size() - at, needle.data(), needle.size());
      if (hit == nullptr) {
        break;
      }
      at = static_cast<std::size_t>(static_cast<const char*>(hit) - text.data());
      text.replace(at, needle.size(), kMask);
      at += kMask.size();
    }
  }
}

void LineFormatter::append_line(std::string& out, const Exchange& e) {
  const std::size_t start = out.size();
  json::Writer w(out);
  w.begin_object();
  w.key("schema").string(kSchema);
  w.key("ts").string(format_timestamp(e.ts));
  w.key("client");
  if (e.client.empty()) {
    w.null();
  } else {
    w.string(e.client);
  }
  w.key("method").string(e.method);
  w.key("target").string(e.target);
  w.key("request_id").string(e.request_id);
  w.key("request_headers").begin_object();
  for (const auto& [name, value] : e.request_headers) {
    w.key(name).string(value);
  }
  w.end_object();
  w.key("request_body");
  bodies_.append(w, e.request_body, BodySide::request);
  w.key("status").integer(e.status);
  w.key("response_body");
  bodies_.append(w, e.response_body,
                 e.response_trusted ? BodySide::trusted_response : BodySide::response);
  char ms[32];
  const int n = std::snprintf(ms, sizeof ms, "%.3f", e.latency_ms);
  w.key("latency_ms").raw({ms, static_cast<std::size_t>(n)});
  w.end_object();
  scrub_secrets(out, start, e.secrets);
  out.push_back('\n');
}

}  // namespace travelctl::core::capture
