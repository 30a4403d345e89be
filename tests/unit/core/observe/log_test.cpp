// Unit tests of structured log lines: JSON that parses, logfmt quoting, level filtering.
#include "travelctl/core/observe/log.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace {

using namespace travelctl::core::observe;
using nlohmann::json;

// Sends the log to a file for the life of the object; lines() reads what was written.
class CapturedLog {
 public:
  CapturedLog() {
    std::string pattern = "/tmp/travelctl-log-XXXXXX";
    fd_ = ::mkstemp(pattern.data());
    path_ = pattern;
    set_log_fd(fd_);
  }
  ~CapturedLog() {
    set_log_fd(2);
    set_log_level(LogLevel::info);
    set_log_format(LogFormat::text);
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    FILE* f = std::fopen(path_.c_str(), "r");
    char buf[4096];
    while (f != nullptr && std::fgets(buf, sizeof buf, f) != nullptr) {
      std::string line(buf);
      if (!line.empty() && line.back() == '\n') {
        line.pop_back();
      }
      out.push_back(line);
    }
    if (f != nullptr) {
      std::fclose(f);
    }
    return out;
  }

 private:
  int fd_ = -1;
  std::string path_;
};

}  // namespace

TEST_CASE("Log: JSON lines parse, with every field typed and strings escaped", "[core]") {
  CapturedLog log;
  set_log_format(LogFormat::json);
  LogLine(LogLevel::info, "access")
      .str("request_id", "r-1")
      .str("odd", "quote \" backslash \\ newline \n tab \t")
      .integer("status", 200)
      .decimal("latency_ms", 1.23456)
      .boolean("ok", true);
  LogLine(LogLevel::error, "second");
  const auto lines = log.lines();
  REQUIRE(lines.size() == 2);
  const json a = json::parse(lines[0]);
  CHECK(a["level"] == "info");
  CHECK(a["msg"] == "access");
  CHECK(a["request_id"] == "r-1");
  CHECK(a["odd"] == "quote \" backslash \\ newline \n tab \t");
  CHECK(a["status"] == 200);
  CHECK(a["latency_ms"].get<double>() == Approx(1.235));
  CHECK(a["ok"] == true);
  const std::string ts = a["ts"];
  CHECK(ts.size() == 24);  // 2026-11-30T06:50:01.123Z
  CHECK(ts[10] == 'T');
  CHECK(ts.back() == 'Z');
  CHECK(json::parse(lines[1])["level"] == "error");
}

TEST_CASE("Log: text lines are logfmt, quoting only values that need it", "[core]") {
  CapturedLog log;
  set_log_format(LogFormat::text);
  LogLine(LogLevel::warn, "supplier call failed")
      .str("endpoint", "search")
      .str("detail", "connect: Connection refused")
      .str("empty", "")
      .str("eq", "a=b")
      .integer("status", 502);
  const auto lines = log.lines();
  REQUIRE(lines.size() == 1);
  const std::string& l = lines[0];
  CHECK(l.substr(24) ==
        " warn supplier call failed endpoint=search "
        "detail=\"connect: Connection refused\" empty=\"\" eq=\"a=b\" status=502");
}

TEST_CASE("Log: lines below the level are not written", "[core]") {
  CapturedLog log;
  set_log_format(LogFormat::json);
  set_log_level(LogLevel::warn);
  CHECK_FALSE(log_enabled(LogLevel::info));
  CHECK(log_enabled(LogLevel::error));
  LogLine(LogLevel::debug, "d");
  LogLine(LogLevel::info, "i").str("k", "v");
  LogLine(LogLevel::warn, "w");
  LogLine(LogLevel::error, "e");
  set_log_level(LogLevel::debug);
  LogLine(LogLevel::debug, "d2");
  const auto lines = log.lines();
  REQUIRE(lines.size() == 3);
  CHECK(json::parse(lines[0])["msg"] == "w");
  CHECK(json::parse(lines[1])["msg"] == "e");
  CHECK(json::parse(lines[2])["msg"] == "d2");
}

TEST_CASE("Log: level and format names", "[core]") {
  CHECK(parse_log_level("debug") == LogLevel::debug);
  CHECK(parse_log_level("warn") == LogLevel::warn);
  CHECK_FALSE(parse_log_level("warning").has_value());
  CHECK(parse_log_format("json") == LogFormat::json);
  CHECK_FALSE(parse_log_format("JSON").has_value());
  CHECK(to_string(LogLevel::error) == "error");
}
