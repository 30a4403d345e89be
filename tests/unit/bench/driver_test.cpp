// Driver and RequestPlan: request bytes on the wire, variables, weights, and values carried
// through a sequence (JSON pointer and header), with failures ending the sequence.
#include "travelctl/bench/driver.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <regex>
#include <set>

#include "travelctl/bench/response_parser.hpp"

using namespace travelctl::bench;

namespace {

Scenario scenario(const std::string& text) {
  auto s = parse_scenario(text, "t.json");
  if (!s) {
    FAIL(s.error().message());
  }
  return std::move(*s);
}

Url url(const char* text) { return *parse_url(text); }

// Feeds a complete response to the parser the driver armed.
void respond(Driver& d, const Driver::Sent& sent, ResponseParser& p, int status,
             const std::string& headers, const std::string& body) {
  p.start(sent.head);
  d.prepare(sent, p);
  const std::string text = "HTTP/1.1 " + std::to_string(status) + " X\r\n" + headers +
                           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  std::size_t used = 0;
  REQUIRE(p.feed(text.data(), text.size(), used) == ResponseParser::Result::kDone);
}

}  // namespace

TEST_CASE("RequestPlan: a single request is pre-rendered and batched for pipelining", "[bench]") {
  const Scenario s = make_single_request_scenario("x", "POST", "/v1/a?b=1", {"X-K: v"}, "{}");
  RequestPlan plan(s, url("http://example.com:8080/ignored"));
  plan.build_static_batch(3);
  const std::string one =
      "POST /v1/a?b=1 HTTP/1.1\r\nHost: example.com:8080\r\nX-K: v\r\nContent-Length: 2\r\n\r\n{}";
  CHECK(plan.static_batch() == one + one + one);
  Driver d(plan, 0, 0, 1, 1);
  std::string out;
  const auto sent = d.next(out);
  CHECK(out == one);
  CHECK_FALSE(sent.continues);
  CHECK_FALSE(sent.head);
}

TEST_CASE("Driver: built-in and user variables", "[bench]") {
  const Scenario s = scenario(R"({
    "headers": {"X-Conn": "${conn}", "X-Req": "${random_id}"},
    "variables": {"n": {"counter": {"start": 5, "step": 10}}, "c": {"pick": ["a", "b"], "scope": "connection"},
                  "r": {"random_int": [1, 3]}},
    "requests": [{"method": "HEAD", "path": "/x?n=${n}&c=${c}&r=${r}&i=${iteration}&u=${uuid}&run=${run}"}]})");
  RequestPlan plan(s, url("http://h"));
  plan.build_static_batch(2);
  CHECK(plan.static_batch().empty());  // it has variables
  Driver d(plan, 7, 0, 3, 42);
  std::set<std::string> ids;
  std::string first_c;
  const std::regex line(
      R"(HEAD /x\?n=(\d+)&c=([ab])&r=([123])&i=(\d+)&u=([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})&run=3 HTTP/1\.1\r\nHost: h\r\nX-Conn: 7\r\nX-Req: ([0-9a-f]{16})\r\n\r\n)");
  for (int i = 0; i < 20; ++i) {
    std::string out;
    const auto sent = d.next(out);
    CHECK(sent.head);
    std::smatch m;
    REQUIRE(std::regex_match(out, m, line));
    CHECK(m[1] == std::to_string(5 + 10 * i));
    CHECK(m[4] == std::to_string(i));
    if (i == 0) {
      first_c = m[2];
    }
    CHECK(m[2] == first_c);  // picked once for the connection
    ids.insert(m[6]);
  }
  CHECK(ids.size() == 20);  // a new random id per item
}

TEST_CASE("Driver: items are picked by weight", "[bench]") {
  const Scenario s = scenario(R"({"requests": [{"path": "/a", "weight": 3}, {"path": "/b"}]})");
  RequestPlan plan(s, url("http://h"));
  Driver d(plan, 0, 0, 1, 9);
  std::map<char, int> seen;
  for (int i = 0; i < 20000; ++i) {
    std::string out;
    d.next(out);
    ++seen[out[5]];
  }
  CHECK(seen['a'] / 20000.0 == Approx(0.75).margin(0.02));
  CHECK(seen['b'] / 20000.0 == Approx(0.25).margin(0.02));
}

TEST_CASE("Driver: a sequence carries extracted values into later requests", "[bench]") {
  const Scenario s = scenario(R"({"requests": [{"sequence": [
    {"path": "/search", "extract": {"id": {"json": "/items/1/id"}, "n": {"json": "/count"}}},
    {"path": "/item/${id}?n=${n}", "extract": {"token": {"header": "x-token"}}},
    {"method": "POST", "path": "/book", "body": {"token": "${token}"}, "expect": 201}
  ]}]})");
  RequestPlan plan(s, url("http://h"));
  Driver d(plan, 0, 0, 1, 1);
  ResponseParser p;
  for (int round = 0; round < 2; ++round) {
    std::string out;
    auto sent = d.next(out);
    CHECK(sent.continues);
    CHECK(out.rfind("GET /search ", 0) == 0);
    respond(d, sent, p, 200, "", R"({"items": [{"id": "a"}, {"id": "it-9"}], "count": 2})");
    CHECK(d.on_response(sent, 200, p) == Driver::Outcome::kOk);

    out.clear();
    sent = d.next(out);
    CHECK(out.rfind("GET /item/it-9?n=2 HTTP/1.1\r\n", 0) == 0);
    respond(d, sent, p, 200, "X-Token: tok-1\r\n", "{}");
    CHECK(d.on_response(sent, 200, p) == Driver::Outcome::kOk);

    out.clear();
    sent = d.next(out);
    CHECK_FALSE(sent.continues);
    CHECK(out.find("POST /book HTTP/1.1\r\n") == 0);
    CHECK(out.find("Content-Type: application/json\r\n") != std::string::npos);
    CHECK(out.find("Content-Length: 17\r\n\r\n{\"token\":\"tok-1\"}") != std::string::npos);
    respond(d, sent, p, 201, "", "{}");
    CHECK(d.on_response(sent, 201, p) == Driver::Outcome::kOk);
  }
}

TEST_CASE("Driver: failures end the sequence and the next request starts over", "[bench]") {
  const Scenario s = scenario(R"({"requests": [{"sequence": [
    {"path": "/first", "extract": {"id": {"json": "/id"}}},
    {"path": "/second/${id}", "extract": {"t": {"header": "X-T"}}},
    {"path": "/third/${t}"}]}]})");
  RequestPlan plan(s, url("http://h"));
  Driver d(plan, 0, 0, 1, 1);
  ResponseParser p;
  std::string out;

  auto sent = d.next(out);
  respond(d, sent, p, 503, "", R"({"id": "x"})");
  CHECK(d.on_response(sent, 503, p) == Driver::Outcome::kUnexpectedStatus);
  out.clear();
  CHECK(d.next(out).step == 0);  // started over

  respond(d, sent, p, 200, "", R"({"other": 1})");
  CHECK(d.on_response(sent, 200, p) == Driver::Outcome::kExtractFailed);
  out.clear();
  sent = d.next(out);
  CHECK(sent.step == 0);

  respond(d, sent, p, 200, "", "not json");
  CHECK(d.on_response(sent, 200, p) == Driver::Outcome::kExtractFailed);
  out.clear();
  sent = d.next(out);

  respond(d, sent, p, 200, "", R"({"id": 17})");
  CHECK(d.on_response(sent, 200, p) == Driver::Outcome::kOk);
  out.clear();
  sent = d.next(out);
  CHECK(out.rfind("GET /second/17 ", 0) == 0);
  respond(d, sent, p, 200, "", "");  // no X-T header
  CHECK(d.on_response(sent, 200, p) == Driver::Outcome::kExtractFailed);
  out.clear();
  sent = d.next(out);
  CHECK(sent.step == 0);

  CHECK(d.abort());  // a sequence was in progress
  CHECK_FALSE(d.abort());
}

TEST_CASE("Driver: a connection-scoped date is spread over connections, not drawn", "[bench]") {
  const Scenario s = scenario(R"({
    "variables": {"d": {"days_ahead": [7, 9], "scope": "connection"}},
    "requests": [{"path": "/x?d=${d}"}]})");
  RequestPlan plan(s, url("http://h"));
  std::vector<std::string> days;
  for (uint32_t conn = 0; conn < 4; ++conn) {
    Driver d(plan, conn, 0, 1, 1);
    std::string first, second;
    d.next(first);
    d.next(second);
    CHECK(first == second);  // fixed for the connection
    const auto at = first.find("d=") + 2;
    days.push_back(first.substr(at, 10));
  }
  // Three different consecutive days for connections 0-2, then connection 3 wraps to the first.
  CHECK(days[0] < days[1]);
  CHECK(days[1] < days[2]);
  CHECK(days[3] == days[0]);
}

TEST_CASE("Driver: ${uuid} never repeats across connections or runs", "[bench]") {
  const Scenario s = scenario(R"({"requests": [{"path": "/x?u=${uuid}"}]})");
  RequestPlan plan(s, url("http://h"));
  std::set<std::string> seen;
  for (uint32_t run = 1; run <= 3; ++run) {
    for (uint32_t conn = 0; conn < 3; ++conn) {
      Driver d(plan, conn, 0, run, 1);  // the same seed every time
      for (int i = 0; i < 5; ++i) {
        std::string out;
        d.next(out);
        CHECK(seen.insert(out).second);
      }
    }
  }
}
