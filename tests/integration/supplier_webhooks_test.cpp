// `travelctl supplier --webhook-url` as a process, with a scripted receiver: signed events after
// confirm, cancel and expiry, retries, chaos duplicates and reordering, seeded ids, bad options,
// stop. Signatures are checked here with OpenSSL directly, not with the code under test.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <signal.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/scripted_server.hpp"

namespace {

using namespace travelctl::test;
using namespace std::chrono_literals;
using nlohmann::json;

constexpr const char* kSecret = "integration-webhook-secret";
constexpr const char* kDevSecret = "travelctl-dev-webhook-secret";  // documented in --help
constexpr const char* kDate = "2027-01-15";

// `travelctl supplier` on a free port, sending webhooks to `receiver` (path /hooks).
class Supplier {
 public:
  Supplier(const ScriptedServer& receiver, std::vector<std::string> extra,
           std::map<std::string, std::string> env = {}) {
    std::vector<std::string> args = {
        TRAVELCTL_BINARY, "supplier",
        "--listen",       "127.0.0.1:0",
        "--threads",      "1",
        "--partner-key",  "partner",
        "--webhook-url",  "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hooks"};
    args.insert(args.end(), extra.begin(), extra.end());
    child_ = std::make_unique<ChildProcess>(std::move(args), std::move(env));
    constexpr std::string_view kMarker = "listening on http://127.0.0.1:";
    if (child_->wait_for_output(kMarker, 10s)) {
      const std::string err = child_->stderr_text();
      port_ = static_cast<uint16_t>(std::atoi(err.c_str() + err.find(kMarker) + kMarker.size()));
    }
  }
  uint16_t port() const { return port_; }
  ChildProcess& child() { return *child_; }
  json stats() const { return json::parse(http_get("127.0.0.1", port_, "/_sim/stats").body); }

  // A supplier API call; the parsed answer, after checking its status.
  json call(const std::string& method, const std::string& target, const std::string& body,
            int expect) const {
    HttpRequest req;
    req.method = method;
    req.target = target;
    req.headers = {{"X-Partner-Key", "partner"}};
    if (!body.empty()) {
      req.headers.emplace_back("Content-Type", "application/json");
    }
    req.body = body;
    const HttpReply r = http_request("127.0.0.1", port_, req);
    INFO(method << " " << target << ": " << r.error << " " << r.status << " " << r.body);
    REQUIRE(r.status == expect);
    return json::parse(r.body);
  }

  // Search, cart and reserve for one passenger: the reservation answer.
  json reserve() const {
    const json search =
        call("GET", std::string("/v1/search?from=101&to=117&seats=1&date=") + kDate, "", 200);
    std::string trip;
    for (const auto& t : search["trips"]) {
      if (t["bookable"] == true && t["seats_left"].get<int>() >= 1) {
        trip = t["id"];
        break;
      }
    }
    REQUIRE_FALSE(trip.empty());
    const json cart = call(
        "POST", "/v1/carts",
        json{{"trip_id", trip}, {"date", kDate}, {"seats", 1}, {"currency", "USD"}}.dump(), 201);
    const json passengers = {
        {"passengers",
         {{{"first_name", "Ann"}, {"last_name", "Lee"}, {"date_of_birth", "1990-01-02"}}}},
        {"contact", {{"email", "ann@example.com"}}}};
    return call("POST", "/v1/carts/" + cart["cart_id"].get<std::string>() + "/reserve",
                passengers.dump(), 201);
  }
  int64_t reserve_bid() const { return reserve()["bid"].get<int64_t>(); }
  void confirm(int64_t bid) const {
    call("POST", "/v1/bookings/" + std::to_string(bid) + "/confirm", "", 200);
  }
  void cancel(int64_t bid) const {
    call("POST", "/v1/bookings/" + std::to_string(bid) + "/cancel", "", 200);
  }

 private:
  std::unique_ptr<ChildProcess> child_;
  uint16_t port_ = 0;
};

// Lowercase hex HMAC-SHA256, computed here with OpenSSL (independently of the simulator's code).
std::string hmac_hex(const std::string& key, const std::string& text) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(text.data()), text.size(), mac, &len);
  std::string out;
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[mac[i] >> 4];
    out += kHex[mac[i] & 0xF];
  }
  return out;
}

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The checks every webhook request must pass; its body.
json check_webhook(const RecordedRequest& r, const std::string& secret) {
  INFO(r.body);
  CHECK(r.method == "POST");
  CHECK(r.target == "/hooks");
  CHECK(r.header("content-type") == "application/json");
  const std::string ts = r.header("x-supplier-timestamp");
  REQUIRE_FALSE(ts.empty());
  CHECK(std::llabs(std::atoll(ts.c_str()) - unix_now()) <= 300);
  CHECK(r.header("x-supplier-signature") == "sha256=" + hmac_hex(secret, ts + "." + r.body));
  const json j = json::parse(r.body);
  CHECK(j.size() == 5);
  CHECK(j["type"] == "booking.status_changed");
  const std::string id = j["event_id"];
  CHECK(id.size() == 30);
  CHECK(id.rfind("evt_", 0) == 0);
  return j;
}

std::vector<RecordedRequest> wait_requests(const ScriptedServer& server, size_t n,
                                           std::chrono::milliseconds bound = 5s) {
  const auto until = std::chrono::steady_clock::now() + bound;
  while (server.requests().size() < n && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(10ms);
  }
  return server.requests();
}

// Waits (bounded) until GET /_sim/stats shows `key` in "webhooks" at `value`.
bool wait_stat(const Supplier& s, const std::string& key, int value) {
  const auto until = std::chrono::steady_clock::now() + 5s;
  while (s.stats()["webhooks"][key] != value) {
    if (std::chrono::steady_clock::now() >= until) {
      return false;
    }
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

ScriptedReply ok() { return ScriptedReply::json(200, "{}"); }

}  // namespace

TEST_CASE("supplier webhooks: confirm then cancel, signed, in order, never delaying the API",
          "[integration]") {
  // A slow receiver: the API answers must not wait for it.
  ScriptedServer receiver([](const RecordedRequest&) {
    ScriptedReply r = ok();
    r.delay = 400ms;
    return r;
  });
  Supplier supplier(receiver, {"--webhook-secret", kSecret});
  REQUIRE(supplier.port() != 0);
  const int64_t bid = supplier.reserve_bid();
  const auto start = std::chrono::steady_clock::now();
  supplier.confirm(bid);
  supplier.cancel(bid);
  CHECK(std::chrono::steady_clock::now() - start < 300ms);

  const auto got = wait_requests(receiver, 2);
  REQUIRE(got.size() == 2);
  const json confirmed = check_webhook(got[0], kSecret);
  const json cancelled = check_webhook(got[1], kSecret);
  CHECK(confirmed["bid"] == bid);
  CHECK(confirmed["status"] == "confirmed");
  CHECK(cancelled["bid"] == bid);
  CHECK(cancelled["status"] == "cancelled");
  CHECK(confirmed["event_id"] != cancelled["event_id"]);
  for (const json* e : {&confirmed, &cancelled}) {
    // RFC 3339 UTC to the second: "YYYY-MM-DDTHH:MM:SSZ".
    const std::string at = (*e)["occurred_at"];
    CHECK(at.size() == 20);
    CHECK(at[10] == 'T');
    CHECK(at.back() == 'Z');
  }
  REQUIRE(wait_stat(supplier, "delivered", 2));
  const json w = supplier.stats()["webhooks"];
  CHECK(w["sent"] == 2);
  CHECK(w["failed_attempts"] == 0);
  CHECK(w["duplicates"] == 0);
  CHECK(w["reordered"] == 0);
  // A reservation alone is no status change.
  supplier.reserve_bid();
  std::this_thread::sleep_for(100ms);
  CHECK(receiver.requests().size() == 2);
}

TEST_CASE("supplier webhooks: the secret from the environment, else the development one",
          "[integration]") {
  ScriptedServer receiver([](const RecordedRequest&) { return ok(); });
  {
    Supplier supplier(receiver, {}, {{"TRAVELCTL_SUPPLIER_WEBHOOK_SECRET", "from-env"}});
    REQUIRE(supplier.port() != 0);
    supplier.confirm(supplier.reserve_bid());
    const auto got = wait_requests(receiver, 1);
    REQUIRE(got.size() == 1);
    check_webhook(got[0], "from-env");
  }
  {
    Supplier supplier(receiver, {});
    REQUIRE(supplier.port() != 0);
    CHECK(supplier.child().wait_for_output("the development secret", 2s));
    supplier.confirm(supplier.reserve_bid());
    const auto got = wait_requests(receiver, 2);
    REQUIRE(got.size() == 2);
    check_webhook(got[1], kDevSecret);
  }
}

TEST_CASE("supplier webhooks: a receiver failing twice gets the same event three times",
          "[integration]") {
  std::atomic<int> calls{0};
  ScriptedServer receiver([&calls](const RecordedRequest&) {
    return ++calls <= 2 ? ScriptedReply::json(500, R"({"error":"down"})") : ok();
  });
  Supplier supplier(receiver, {"--webhook-secret", kSecret, "--webhook-retry", "50ms..100ms"});
  REQUIRE(supplier.port() != 0);
  const int64_t bid = supplier.reserve_bid();
  supplier.confirm(bid);
  const auto got = wait_requests(receiver, 3);
  REQUIRE(got.size() == 3);
  for (const auto& r : got) {
    const json j = check_webhook(r, kSecret);
    CHECK(j["bid"] == bid);
    CHECK(j["status"] == "confirmed");
    CHECK(r.body == got[0].body);  // same event_id, same body; only the signing time may differ
  }
  REQUIRE(wait_stat(supplier, "delivered", 1));
  const json w = supplier.stats()["webhooks"];
  CHECK(w["sent"] == 1);
  CHECK(w["failed_attempts"] == 2);
  CHECK(w["abandoned"] == 0);
  std::this_thread::sleep_for(200ms);  // longer than the backoff: nothing more comes
  CHECK(receiver.requests().size() == 3);
}

TEST_CASE("supplier webhooks: a reservation that lapses is announced with no API call",
          "[integration]") {
  ScriptedServer receiver([](const RecordedRequest&) { return ok(); });
  Supplier supplier(receiver, {"--webhook-secret", kSecret, "--hold", "500ms"});
  REQUIRE(supplier.port() != 0);
  const json reservation = supplier.reserve();
  const auto reserved_at = std::chrono::steady_clock::now();
  const auto got = wait_requests(receiver, 1, 3s);
  REQUIRE(got.size() == 1);
  // Announced at the lapse by the sweep timer, not when some later call noticed it.
  CHECK(std::chrono::steady_clock::now() - reserved_at >= 400ms);
  CHECK(std::chrono::steady_clock::now() - reserved_at < 2s);
  const json j = check_webhook(got[0], kSecret);
  CHECK(j["bid"] == reservation["bid"]);
  CHECK(j["status"] == "expired");
  CHECK(j["occurred_at"] == reservation["expires_at"]);
  CHECK(supplier.stats()["expirations"] == 1);
}

TEST_CASE("supplier webhooks: chaos sends duplicates with the same event id, and reorders",
          "[integration]") {
  ScriptedServer receiver([](const RecordedRequest&) { return ok(); });
  {
    Supplier supplier(receiver, {"--webhook-secret", kSecret, "--webhook-chaos", "dup=1"});
    REQUIRE(supplier.port() != 0);
    const int64_t bid = supplier.reserve_bid();
    supplier.confirm(bid);
    supplier.cancel(bid);
    const auto got = wait_requests(receiver, 4);
    REQUIRE(got.size() == 4);
    std::vector<json> events;
    for (const auto& r : got) {
      events.push_back(check_webhook(r, kSecret));
    }
    CHECK(events[0]["event_id"] == events[1]["event_id"]);
    CHECK(events[0]["status"] == "confirmed");
    CHECK(events[2]["event_id"] == events[3]["event_id"]);
    CHECK(events[2]["status"] == "cancelled");
    CHECK(events[0]["event_id"] != events[2]["event_id"]);
    REQUIRE(wait_stat(supplier, "delivered", 4));
    CHECK(supplier.stats()["webhooks"]["sent"] == 2);
    CHECK(supplier.stats()["webhooks"]["duplicates"] == 2);
  }
  receiver.set_script([](const RecordedRequest&) { return ok(); });
  const size_t before = receiver.requests().size();
  {
    Supplier supplier(receiver, {"--webhook-secret", kSecret, "--webhook-chaos", "reorder=1"});
    REQUIRE(supplier.port() != 0);
    const int64_t bid = supplier.reserve_bid();
    supplier.confirm(bid);  // held back until the booking's next event
    supplier.cancel(bid);
    const auto got = wait_requests(receiver, before + 2);
    REQUIRE(got.size() == before + 2);
    const json first = check_webhook(got[before], kSecret);
    const json second = check_webhook(got[before + 1], kSecret);
    CHECK(first["status"] == "cancelled");
    CHECK(second["status"] == "confirmed");
    CHECK(first["bid"] == bid);
    REQUIRE(wait_stat(supplier, "delivered", 2));
    CHECK(supplier.stats()["webhooks"]["reordered"] == 1);
  }
}

TEST_CASE("supplier webhooks: the same seed gives the same event ids and chaos", "[integration]") {
  // Event ids by booking, in arrival order, of one run of 4 confirm+cancel flows.
  auto run = [](const std::string& seed) {
    ScriptedServer receiver([](const RecordedRequest&) { return ok(); });
    Supplier supplier(receiver, {"--seed", seed, "--webhook-chaos", "dup=0.5"});
    REQUIRE(supplier.port() != 0);
    for (int i = 0; i < 4; ++i) {
      const int64_t bid = supplier.reserve_bid();
      supplier.confirm(bid);
      supplier.cancel(bid);
    }
    // Every event and copy delivered: 8 events plus the duplicates chosen.
    const auto until = std::chrono::steady_clock::now() + 5s;
    json w = supplier.stats()["webhooks"];
    while ((w["sent"] != 8 || w["delivered"] != 8 + w["duplicates"].get<int>()) &&
           std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(10ms);
      w = supplier.stats()["webhooks"];
    }
    const auto got = receiver.requests();
    REQUIRE(got.size() == 8 + w["duplicates"].get<size_t>());
    std::map<int64_t, std::vector<std::string>> ids;
    for (const auto& r : got) {
      const json j = json::parse(r.body);
      ids[j["bid"].get<int64_t>()].push_back(j["event_id"]);
    }
    return ids;
  };
  const auto a = run("42");
  const auto b = run("42");
  const auto c = run("43");
  CHECK(a == b);
  size_t copies = 0;
  for (const auto& [bid, list] : a) {
    copies += list.size();
  }
  CHECK(copies > 8);   // some duplicates...
  CHECK(copies < 16);  // ...not all
  REQUIRE(c.size() == a.size());
  CHECK(c.begin()->second.front() != a.begin()->second.front());
}

TEST_CASE("supplier webhooks: bad webhook options are refused before start", "[integration]") {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--webhook-url", "ftp://example.com/hooks"}, "supplier: webhook url: "},
      {{"--webhook-url", "http://127.0.0.1:9/h", "--webhook-chaos", "dup=2"},
       "supplier: webhook chaos: 'dup=2': the rate must be a decimal from 0 to 1"},
      {{"--webhook-url", "http://127.0.0.1:9/h", "--webhook-retry", "5s..1s"},
       "supplier: webhook retry: '5s..1s': the backoff must be positive, with FIRST <= MAX"},
      {{"--webhook-url", "http://127.0.0.1:9/h", "--webhook-timeout", "0ms"},
       "supplier: --webhook-timeout: not a duration of at least 1ms: 0ms"},
  };
  for (const auto& [extra, message] : cases) {
    std::vector<std::string> args = {TRAVELCTL_BINARY, "supplier", "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    ChildProcess child(args);
    INFO(extra.back());
    CHECK(child.wait_exit(10s) == 2);
    CHECK(child.stderr_text().find(message) != std::string::npos);
  }
}

TEST_CASE("supplier webhooks: SIGTERM stops promptly even with a receiver that never answers",
          "[integration]") {
  ScriptedServer receiver([](const RecordedRequest&) {
    ScriptedReply r;
    r.kind = ScriptedReply::Kind::hang;
    r.delay = 20s;
    return r;
  });
  Supplier supplier(receiver, {"--webhook-timeout", "30s"});
  REQUIRE(supplier.port() != 0);
  supplier.confirm(supplier.reserve_bid());
  REQUIRE(wait_requests(receiver, 1).size() == 1);
  const auto start = std::chrono::steady_clock::now();
  supplier.child().send_signal(SIGTERM);
  CHECK(supplier.child().wait_exit(5s) == 0);
  CHECK(std::chrono::steady_clock::now() - start < 3s);
  CHECK(supplier.child().stderr_text().find("1 sent, 0 delivered, 0 failed attempts, 0 "
                                            "abandoned, 1 undelivered at stop") !=
        std::string::npos);
}
