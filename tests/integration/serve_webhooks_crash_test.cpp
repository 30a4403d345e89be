// Crash safety of webhooks: 1,000 supplier events, serve killed with SIGKILL in the middle,
// restarted on the same store: every event that got its 202 reaches the client at least once,
// and any duplicate carries the same webhook-id.
#include <signal.h>

#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "support/temp_dir.hpp"
#include "webhook_support.hpp"

namespace {

using namespace travelctl::test;

std::string occurred(int i) {
  // Distinct, increasing instants: one second apart from 2026-11-01.
  return utc_text(1793491200 + i, "%Y-%m-%dT%H:%M:%SZ");
}

}  // namespace

TEST_CASE("serve webhooks: 1,000 events, kill -9 mid-stream, none lost", "[integration]") {
  constexpr int kEvents = 1000;
  constexpr int kBookings = 10;
  SupplierProcess supplier;
  REQUIRE(supplier.port() != 0);
  std::mutex mu;
  std::map<std::string, int> received;  // webhook-id -> deliveries
  ScriptedServer receiver([&](const RecordedRequest& r) {
    std::lock_guard lock(mu);
    ++received[r.header("webhook-id")];
    return ScriptedReply::json(200, "{}");
  });
  ScriptedServer unused([](const RecordedRequest&) { return ScriptedReply::json(200, "{}"); });
  TempDir dir;
  const std::map<std::string, std::string> env = {{"TRAVELCTL_STORE_PATH", dir.file("state.db")}};
  const std::vector<std::string> args = {
      "--config",
      write_temp_file(webhook_config("http://127.0.0.1:" + std::to_string(supplier.port()),
                                     receiver.port(), unused.port(), 50)),
      "--listen",
      "127.0.0.1:0",
      "--threads",
      "2"};

  auto serve = std::make_unique<ServeProcess>(args, env);
  REQUIRE(serve->ready());
  std::vector<std::string> bids;
  for (int i = 0; i < kBookings; ++i) {
    bids.push_back(book_one(serve->port()));
  }

  std::vector<int> acked(kEvents, 0);  // 1 once a 202 came back
  std::atomic<int> acked_count{0};
  std::atomic<uint16_t> port{serve->port()};
  auto send_range = [&](int from, int step) {
    for (int i = from; i < kEvents; i += step) {
      if (acked[i]) {
        continue;
      }
      const std::string body = event_body("evt_" + std::to_string(10000 + i), bids[i % kBookings],
                                          i % 2 ? "cancelled" : "confirmed", occurred(i));
      if (post_event(port.load(), body).status == 202) {
        acked[i] = 1;
        ++acked_count;
      }
    }
  };
  // Four senders; serve dies under them once half the events are in.
  {
    std::vector<std::thread> senders;
    for (int s = 0; s < 4; ++s) {
      senders.emplace_back(send_range, s, 4);
    }
    REQUIRE(
        eventually([&] { return acked_count.load() >= kEvents / 2; }, std::chrono::seconds(60)));
    serve->child().send_signal(SIGKILL);
    serve->child().wait_exit(std::chrono::seconds(5));
    for (auto& t : senders) {
      t.join();
    }
  }
  const int acked_before_crash = acked_count.load();
  INFO("acked before the crash: " << acked_before_crash);
  CHECK(acked_before_crash < kEvents);

  // Restart on the same store; the supplier sends again whatever got no 202 (it retries).
  serve = std::make_unique<ServeProcess>(args, env);
  REQUIRE(serve->ready());
  port = serve->port();
  send_range(0, 1);
  REQUIRE(acked_count.load() == kEvents);

  const bool all = eventually(
      [&] {
        std::lock_guard lock(mu);
        return received.size() == static_cast<std::size_t>(kEvents);
      },
      std::chrono::seconds(60));
  std::lock_guard lock(mu);
  int duplicates = 0;
  for (const auto& [id, n] : received) {
    duplicates += n - 1;
  }
  INFO("received " << received.size() << " distinct, " << duplicates << " duplicate deliveries");
  CHECK(all);
  for (int i = 0; i < kEvents; ++i) {
    CHECK(received.count("evt_" + std::to_string(10000 + i)) == 1);
  }
  // Only deliveries in flight at the crash can be repeated (at most the concurrency limit).
  CHECK(duplicates <= 32);
}
