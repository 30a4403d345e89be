// Capture and HAR readers: fields, ordering, format detection, and malformed input reported with
// its line number (capture) or entry index (HAR) and skipped.
#include "travelctl/bench/replay/readers.hpp"

#include <catch2/catch.hpp>

namespace rp = travelctl::bench::replay;

namespace {

const char* kLine1 =
    R"({"schema": "travelctl.capture/v1", "ts": "2026-11-22T10:00:00.500000Z", "client": "acme", )"
    R"("method": "GET", "target": "/v1/itineraries?from=101&to=117&date=2026-12-01&pax=2", )"
    R"("request_headers": {"content-type": "application/json", "host": "x", "idempotency-key": "k1"}, )"
    R"("request_body": null, "status": 200, "response_body": {"itineraries": []}, "latency_ms": 3.2})";
const char* kLine2 =
    R"({"schema": "travelctl.capture/v1", "ts": "2026-11-22T10:00:00.123456Z", "client": "globex", )"
    R"("method": "post", "target": "/v1/bookings", "request_body": {"booking_token": "t"}, )"
    R"("status": 201})";

std::string har(const std::string& entries) {
  return "{\n  \"log\": {\n    \"version\": \"1.2\",\n    \"creator\": {\"name\": \"test\"},\n"
         "    \"entries\": [" +
         entries + "]\n  }\n}\n";
}

const char* kHarEntry = R"({
  "startedDateTime": "2026-11-30T07:00:01.250+01:00",
  "time": 12.5,
  "request": {"method": "GET", "url": "http://127.0.0.1:8080/v1/itineraries?from=1&to=2",
              "headers": [{"name": "X-Api-Key", "value": "k"}, {"name": ":authority", "value": "a"},
                          {"name": "Accept-Encoding", "value": "gzip"}, {"name": "Accept", "value": "*/*"}]},
  "response": {"status": 200, "content": {"mimeType": "application/json", "text": "eyJhIjoxfQ==", "encoding": "base64"}}
})";

}  // namespace

TEST_CASE("read_capture: fields of spec/files.md, sorted by ts, framing headers dropped",
          "[bench]") {
  const auto in = rp::read_capture(std::string(kLine1) + "\n\n" + kLine2 + "\n");
  CHECK(in.format == "capture");
  CHECK(in.problems.empty());
  REQUIRE(in.exchanges.size() == 2);
  const auto& post = in.exchanges[0];  // earlier ts, later line
  CHECK(post.source == 3);
  CHECK(post.method == "POST");
  CHECK(post.client == "globex");
  REQUIRE(post.body);
  CHECK(*post.body == R"({"booking_token":"t"})");
  CHECK_FALSE(post.response_body);
  CHECK_FALSE(post.latency_ms);
  const auto& get = in.exchanges[1];
  CHECK(get.source == 1);
  CHECK(get.started_us - post.started_us == 376544);
  CHECK(get.target == "/v1/itineraries?from=101&to=117&date=2026-12-01&pax=2");
  CHECK_FALSE(get.body);
  REQUIRE(get.response_body);
  CHECK(*get.response_body == R"({"itineraries":[]})");
  CHECK(get.latency_ms == Approx(3.2));
  CHECK(get.headers ==
        rp::HeaderList{{"content-type", "application/json"}, {"idempotency-key", "k1"}});
}

TEST_CASE("read_capture: malformed lines are reported with their number and skipped", "[bench]") {
  const std::string text =
      std::string(kLine1) + "\n" +  // 1 ok
      "{not json\n" +               // 2
      "[1, 2]\n" +                  // 3
      R"({"schema": "other/v9"})"
      "\n" +  // 4
      R"({"schema": "travelctl.capture/v1", "ts": "yesterday", "method": "GET", "target": "/", "status": 200})"
      "\n" +  // 5
      R"({"schema": "travelctl.capture/v1", "ts": "2026-11-22T10:00:00Z", "method": "GET", "target": "no-slash", "status": 200})"
      "\n" +  // 6
      R"({"schema": "travelctl.capture/v1", "ts": "2026-11-22T10:00:00Z", "method": "GET", "target": "/", "status": 42})"
      "\n" +  // 7
      R"({"schema": "travelctl.capture/v1", "ts": "2026-11-22T10:00:00Z", "method": "G ET", "target": "/", "status": 200})"
      "\n" +  // 8
      R"({"schema": "travelctl.capture/v1", "ts": "2026-11-22T10:00:00Z", "method": "GET", "target": "/", "status": 200, "request_headers": {"x": "a\r\nInjected: 1"}})"
      "\n" +     // 9
      "   \n" +  // 10 blank: not a problem
      kLine2;    // 11 ok, no final newline
  const auto in = rp::read_capture(text);
  REQUIRE(in.exchanges.size() == 2);
  REQUIRE(in.problems.size() == 8);
  std::vector<std::size_t> lines;
  for (const auto& p : in.problems) {
    lines.push_back(p.where);
    CHECK_FALSE(p.reason.empty());
  }
  CHECK(lines == std::vector<std::size_t>{2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(in.problems[0].reason.rfind("not JSON", 0) == 0);
  CHECK(in.problems[2].reason.find("other/v9") != std::string::npos);
  CHECK(in.problems[3].reason.rfind("ts:", 0) == 0);
  CHECK(in.problems[4].reason.rfind("target:", 0) == 0);
  CHECK(in.problems[5].reason.rfind("status:", 0) == 0);
  CHECK(in.problems[6].reason.rfind("method:", 0) == 0);
  CHECK(in.problems[7].reason.find("request_headers/x") != std::string::npos);
  CHECK(in.exchanges[0].source == 11);
}

TEST_CASE("read_har: entries, URL split, base64 bodies, offsets, pseudo-headers dropped",
          "[bench]") {
  const auto in = rp::read_har(har(kHarEntry));
  REQUIRE(in);
  CHECK(in->format == "har");
  CHECK(in->where_label == "entry");
  REQUIRE(in->exchanges.size() == 1);
  const auto& x = in->exchanges[0];
  CHECK(x.source == 0);
  CHECK(x.host == "127.0.0.1:8080");
  CHECK(x.target == "/v1/itineraries?from=1&to=2");
  CHECK(x.status == 200);
  REQUIRE(x.response_body);
  CHECK(*x.response_body == R"({"a":1})");
  CHECK(x.latency_ms == Approx(12.5));
  CHECK(x.headers == rp::HeaderList{{"X-Api-Key", "k"}, {"Accept", "*/*"}});
  // 07:00:01.250+01:00 is 06:00:01.250Z
  CHECK(x.started_us % 86'400'000'000LL == (6 * 3600 + 1) * 1'000'000LL + 250'000);
}

TEST_CASE("read_har: bad entries are reported by index and skipped", "[bench]") {
  const std::string entries =
      std::string(kHarEntry) + ",\n" +
      R"({"startedDateTime": "x", "request": {}, "response": {}})"
      ",\n" +
      R"({"startedDateTime": "2026-11-30T07:00:00Z", "request": {"method": "GET", "url": "ws://x/"}, "response": {"status": 101}})"
      ",\n" +
      R"({"startedDateTime": "2026-11-30T07:00:00Z", "request": {"method": "GET", "url": "http://x/"}, "response": {"status": 0}})"
      ",\n" +
      "42," +
      R"({"startedDateTime": "2026-11-30T07:00:00Z", "request": {"method": "POST", "url": "http://x/a", "postData": {"text": "{}"}}, "response": {"status": 201}})";
  const auto in = rp::read_har(har(entries));
  REQUIRE(in);
  REQUIRE(in->exchanges.size() == 2);
  REQUIRE(in->problems.size() == 4);
  CHECK(in->problems[0].where == 1);
  CHECK(in->problems[0].reason.rfind("startedDateTime", 0) == 0);
  CHECK(in->problems[1].where == 2);
  CHECK(in->problems[1].reason.rfind("request.url", 0) == 0);
  CHECK(in->problems[2].where == 3);
  CHECK(in->problems[2].reason.find("status: 0") != std::string::npos);
  CHECK(in->problems[3].where == 4);
  CHECK(in->exchanges[0].method == "GET");  // 06:00:01Z, before the POST at 07:00:00Z
  REQUIRE(in->exchanges[1].method == "POST");
  REQUIRE(in->exchanges[1].body);
  CHECK(*in->exchanges[1].body == "{}");
}

TEST_CASE("read_har: a document that is not HAR is an error", "[bench]") {
  CHECK_FALSE(rp::read_har("{\"log\": {}}"));
  CHECK_FALSE(rp::read_har("[]"));
  const auto broken = rp::read_har("{\n \"log\": {\"entries\": [\n {,\n");
  REQUIRE_FALSE(broken);
  CHECK(broken.error().find("line 3") != std::string::npos);
}

TEST_CASE("read_replay_input: the format is told by content", "[bench]") {
  auto in = rp::read_replay_input(std::string(kLine1) + "\n");
  REQUIRE(in);
  CHECK(in->format == "capture");
  in = rp::read_replay_input(har(kHarEntry));
  REQUIRE(in);
  CHECK(in->format == "har");
  // A HAR written on one line.
  std::string one_line = har(kHarEntry);
  for (char& c : one_line) {
    if (c == '\n') {
      c = ' ';
    }
  }
  in = rp::read_replay_input(one_line);
  REQUIRE(in);
  CHECK(in->format == "har");
  // A capture whose first line is broken is still a capture: the line is reported.
  in = rp::read_replay_input(std::string("{oops\n") + kLine1 + "\n");
  REQUIRE(in);
  CHECK(in->format == "capture");
  REQUIRE(in->problems.size() == 1);
  CHECK(in->problems[0].where == 1);
  CHECK_FALSE(rp::read_replay_input("  \n"));
  in = rp::read_replay_input("hello\nworld\n");
  REQUIRE(in);
  CHECK(in->exchanges.empty());
  CHECK(in->problems.size() == 2);
}
