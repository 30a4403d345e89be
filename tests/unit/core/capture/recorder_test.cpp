#include "travelctl/core/capture/recorder.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "support/temp_dir.hpp"

namespace capture = travelctl::core::capture;
using travelctl::test::TempDir;

namespace {

std::vector<nlohmann::json> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<nlohmann::json> out;
  for (std::string line; std::getline(in, line);) {
    out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

capture::Exchange search(int i) {
  capture::Exchange e;
  e.ts = std::chrono::system_clock::now();
  e.client = "acme";
  e.method = "GET";
  e.target = "/v1/itineraries?from=101&to=117&date=2026-12-01&pax=" + std::to_string(i % 9 + 1);
  e.request_id = "rid-" + std::to_string(i);
  e.status = 200;
  e.response_body = R"({"itineraries":[],"count":0})";
  return e;
}

}  // namespace

TEST_CASE("Capture recorder: every exchange of every worker queue is written by stop", "[core]") {
  TempDir dir;
  capture::RecorderOptions o;
  o.file.path = dir.file("c.ndjson");
  auto r = capture::Recorder::open(o);
  REQUIRE(r);
  capture::ExchangeQueue& q1 = (*r)->add_queue();
  capture::ExchangeQueue& q2 = (*r)->add_queue();
  (*r)->start();
  // Two worker threads at once, as serve has; the queues are big enough for all of it. Catch's
  // assertions are not thread-safe: the threads count refusals, checked after the join.
  std::atomic<int> refused{0};
  std::thread a([&] {
    for (int i = 0; i < 1000; i += 2) {
      refused += q1.try_push(search(i)) ? 0 : 1;
    }
  });
  std::thread b([&] {
    for (int i = 1; i < 1000; i += 2) {
      refused += q2.try_push(search(i)) ? 0 : 1;
    }
  });
  a.join();
  b.join();
  CHECK(refused == 0);
  (*r)->stop();
  const auto lines = read_lines(o.file.path);
  REQUIRE(lines.size() == 1000);
  std::set<std::string> ids;
  for (const auto& v : lines) {
    CHECK(v["schema"] == "travelctl.capture/v1");
    ids.insert(v["request_id"].get<std::string>());
  }
  CHECK(ids.size() == 1000);
  const auto s = (*r)->stats();
  CHECK(s.written == 1000);
  CHECK(s.dropped_queue_full == 0);
  CHECK(s.dropped_write_error == 0);
  CHECK(s.bytes > 0);
}

TEST_CASE("Capture recorder: a full queue drops and counts, the rest is still written", "[core]") {
  TempDir dir;
  capture::RecorderOptions o;
  o.file.path = dir.file("c.ndjson");
  o.queue_entries = 8;
  auto r = capture::Recorder::open(o);
  REQUIRE(r);
  capture::ExchangeQueue& q = (*r)->add_queue();
  // The writer is not running: nothing drains, so the ninth push on finds the queue full and
  // returns at once (a worker never waits for the disk).
  int accepted = 0;
  for (int i = 0; i < 100; ++i) {
    accepted += q.try_push(search(i)) ? 1 : 0;
  }
  CHECK(accepted == 8);
  CHECK((*r)->stats().dropped_queue_full == 92);
  (*r)->stop();
  CHECK(read_lines(o.file.path).size() == 8);
  CHECK((*r)->stats().written == 8);
}

TEST_CASE("Capture recorder: rotation is counted and lines land in FILE and FILE.1", "[core]") {
  TempDir dir;
  capture::RecorderOptions o;
  o.file.path = dir.file("c.ndjson");
  o.file.max_bytes = 4096;
  o.file.keep = 100;
  auto r = capture::Recorder::open(o);
  REQUIRE(r);
  capture::ExchangeQueue& q = (*r)->add_queue();
  (*r)->start();
  for (int i = 0; i < 200; ++i) {
    while (!q.try_push(search(i))) {
      std::this_thread::yield();  // the test wants them all; serve would drop instead
    }
  }
  (*r)->stop();
  const auto s = (*r)->stats();
  CHECK(s.written == 200);
  CHECK(s.rotations > 0);
  std::size_t total = read_lines(o.file.path).size();
  for (uint64_t i = 1; i <= s.rotations; ++i) {
    const auto part = read_lines(o.file.path + "." + std::to_string(i));
    CHECK(!part.empty());
    total += part.size();
  }
  CHECK(total == 200);
}
