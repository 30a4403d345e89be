// End to end: a real `travelctl supplier` injecting every fault mode (`--faults`, flipped at run
// time with POST /_sim/faults) behind a real `travelctl serve`. Each mode on the search, itinerary
// (trip, cart, schema) and reserve routes gives the client status and code of client-api.md, serve
// keeps answering /health, and 10,000 faulty requests leave no fd or memory growth behind.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "booking_support.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"

namespace {

using namespace travelctl::test;
using nlohmann::json;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

constexpr int kSupplierTimeoutMs = 500;  // per-mode tests: a timeout costs half a second

std::string date_in_days(int days) {
  const std::time_t t = std::time(nullptr) + days * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// two_client_config with a short supplier timeout and the search cache off, so that every search
// reaches the (faulty) supplier; no retries and a circuit breaker that never opens, so that each
// client request is exactly one supplier call and shows that fault's own mapping
// (serve_resilience_test covers retries and the breaker).
std::string faults_config(uint16_t supplier_port, int timeout_ms,
                          std::size_t max_response_bytes = 0) {
  json config = json::parse(two_client_config("http://127.0.0.1:" + std::to_string(supplier_port)));
  config["supplier"]["timeout_ms"] = timeout_ms;
  config["supplier"]["retries"] = {{"max", 0}};
  config["supplier"]["circuit_breaker"] = {{"failure_threshold", 1000000},
                                           {"failure_rate_percent", 0}};
  config["supplier"]["connect_timeout_ms"] = 500;
  if (max_response_bytes != 0) {
    config["supplier"]["max_response_bytes"] = max_response_bytes;
  }
  config["cache"] = {{"search_ttl_ms", 0}};
  return config.dump();
}

void set_faults(uint16_t supplier_port, const std::string& spec) {
  INFO("faults " << spec);
  REQUIRE(set_sim_faults(supplier_port, spec));
}

std::string search_target(int days = 20, int pax = 1) {
  return "/v1/itineraries?from=101&to=117&pax=" + std::to_string(pax) +
         "&date=" + date_in_days(days);
}

HttpReply search(uint16_t port, const std::string& rid = {}, int days = 20) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!rid.empty()) {
    headers.emplace_back("X-Request-Id", rid);
  }
  return call(port, "GET", search_target(days), kAcmeKey, {}, headers);
}

// The error shape of client-api.md: status, JSON type, code, message, request id = X-Request-Id
// (the client's own when it sent one).
void check_error(const HttpReply& r, int status, const std::string& code,
                 const std::string& rid_sent = {}) {
  INFO("status " << r.status << " body " << r.body << " error " << r.error);
  REQUIRE(r.status == status);
  CHECK(r.header("content-type").rfind("application/json", 0) == 0);
  const json body = json::parse(r.body, nullptr, false);
  REQUIRE(body.is_object());
  CHECK(body["error"]["code"] == code);
  CHECK(body["error"]["message"].is_string());
  CHECK_FALSE(r.header("x-request-id").empty());
  CHECK(body["error"]["request_id"] == r.header("x-request-id"));
  if (!rid_sent.empty()) {
    CHECK(r.header("x-request-id") == rid_sent);
  }
}

// Faults off, then serve is whole: /health is 200 {"status":"ok"} and a normal search is 200.
void check_recovered(uint16_t port, uint16_t supplier_port) {
  set_faults(supplier_port, "none");
  const HttpReply health = http_get("127.0.0.1", port, "/health");
  CHECK(health.status == 200);
  CHECK(json::parse(health.body, nullptr, false) == json{{"status", "ok"}});
  const HttpReply r = search(port);
  INFO(r.body << r.error);
  REQUIRE(r.status == 200);
  CHECK_FALSE(json::parse(r.body)["itineraries"].empty());
}

// One fault mode: the fault spec item (with rate 1 appended), and what the client must get.
struct Mode {
  const char* name;
  const char* fault;  // KIND[(PARAM)]
  int status;         // 200 (or 201 for a reserve) when the proxy must see through the fault
  const char* code;
  bool sent;  // the supplier served the request before damaging the answer
};

// The slow drips: one longer than the supplier timeout (504), one shorter (the answer, whole).
const std::vector<Mode> kModes = {
    {"5xx", "5xx", 502, "supplier_error", false},
    {"429", "429(3s)", 503, "supplier_unavailable", false},
    {"timeout", "timeout(3s)", 504, "supplier_timeout", true},
    {"reset", "reset", 502, "supplier_error", true},
    {"malformed", "malformed", 502, "supplier_error", true},
    {"truncated", "truncated", 502, "supplier_error", true},
    {"oversized", "oversized", 502, "supplier_error", true},  // 16 MB > the default 8 MB limit
    {"slow_long", "slow(1500ms)", 504, "supplier_timeout", true},
    {"slow_short", "slow(200ms)", 200, "", true},
    {"content_type", "content_type", 200, "", true},
};

bool times_out(const Mode& m) { return m.status == 504; }

// The time the proxy took: a timeout about the supplier timeout, anything else well within it.
void check_elapsed(const Mode& m, milliseconds elapsed) {
  INFO("mode " << m.name << " took " << elapsed.count() << " ms");
  if (times_out(m)) {
    CHECK(elapsed >= milliseconds(kSupplierTimeoutMs - 50));
  }
  CHECK(elapsed < milliseconds(kSupplierTimeoutMs + 1500));
}

// `send()` and its time (no Catch assertion here: it may run on another thread).
template <class F>
std::pair<HttpReply, milliseconds> timed(F&& send) {
  const auto start = Clock::now();
  HttpReply r = send();
  return {std::move(r), std::chrono::duration_cast<milliseconds>(Clock::now() - start)};
}

// One faulty request; while a timeout fault holds it, /health answers at once (serve has one
// worker thread).
template <class F>
HttpReply send_checking_health(uint16_t port, const Mode& m, F&& send) {
  if (!times_out(m)) {
    auto [reply, elapsed] = timed(send);
    check_elapsed(m, elapsed);
    return reply;
  }
  auto pending = std::async(std::launch::async, [&] { return timed(send); });
  std::this_thread::sleep_for(milliseconds(100));
  const auto [health, took] = timed([&] { return http_get("127.0.0.1", port, "/health"); });
  CHECK(health.status == 200);
  CHECK(took < milliseconds(400));  // the held request takes 500
  REQUIRE(pending.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  auto [reply, elapsed] = pending.get();
  check_elapsed(m, elapsed);
  return reply;
}

// --- metrics -----------------------------------------------------------------------------------

double metric(const std::string& text, const std::string& family,
              const std::vector<std::string>& match = {}) {
  return metric_sum(text, family, match);
}

std::string scrape(uint16_t port) {
  const HttpReply r = http_get("127.0.0.1", port, "/metrics");
  REQUIRE(r.status == 200);
  return r.body;
}

// --- /proc sampling ----------------------------------------------------------------------------

// The process's open fds, and how many of them are TCP connections to `supplier_port` (its
// keep-alive pool: as many as calls were in flight at once, whatever the count of requests).
struct Fds {
  int total = 0;
  int supplier = 0;
  int other() const { return total - supplier; }
};

Fds open_fds(pid_t pid, uint16_t supplier_port) {
  Fds fds;
  std::set<std::string> sockets;
  std::error_code ec;
  const std::string dir = "/proc/" + std::to_string(pid);
  for (auto it = std::filesystem::directory_iterator(dir + "/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++fds.total;
    std::error_code lec;
    const std::string target = std::filesystem::read_symlink(it->path(), lec).string();
    if (!lec && target.rfind("socket:[", 0) == 0) {
      sockets.insert(target.substr(8, target.size() - 9));
    }
  }
  // /proc/PID/net/tcp: "sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...".
  std::ifstream tcp(dir + "/net/tcp");
  std::string line;
  std::getline(tcp, line);  // the header
  while (std::getline(tcp, line)) {
    std::istringstream in(line);
    std::string sl, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
    in >> sl >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >>
        inode;
    const auto colon = remote.find(':');
    if (colon != std::string::npos &&
        std::stoul(remote.substr(colon + 1), nullptr, 16) == supplier_port &&
        sockets.count(inode) != 0) {
      ++fds.supplier;
    }
  }
  return fds;
}

long rss_bytes(pid_t pid) {
  std::ifstream statm("/proc/" + std::to_string(pid) + "/statm");
  long size = 0, resident = 0;
  statm >> size >> resident;
  return resident * ::sysconf(_SC_PAGESIZE);
}

// The fds once the connections of finished clients are closed: two equal totals 100 ms apart (at
// most 3 s).
Fds settled_fds(pid_t pid, uint16_t supplier_port) {
  Fds last = open_fds(pid, supplier_port);
  for (int i = 0; i < 30; ++i) {
    std::this_thread::sleep_for(milliseconds(100));
    const Fds now = open_fds(pid, supplier_port);
    if (now.total == last.total) {
      return now;
    }
    last = now;
  }
  return last;
}

// A simulator and a serve in front of it (faults_config): where every per-route test starts.
struct FaultsRig {
  FaultsRig() {
    REQUIRE(supplier.port() != 0);
    serve = ServeProcess::with_config(faults_config(supplier.port(), kSupplierTimeoutMs));
    REQUIRE(serve->ready());
    port = serve->port();
  }
  // The itineraries of a search made while the supplier is healthy.
  json itineraries() const {
    const HttpReply found = search(port);
    REQUIRE(found.status == 200);
    return json::parse(found.body)["itineraries"];
  }
  SupplierProcess supplier;
  std::unique_ptr<ServeProcess> serve;
  uint16_t port = 0;
};

}  // namespace

TEST_CASE("serve faults: every supplier fault mode on the search route", "[integration]") {
  FaultsRig rig;
  SupplierProcess& supplier = rig.supplier;
  const std::unique_ptr<ServeProcess>& serve = rig.serve;
  const uint16_t port = rig.port;
  const std::string before = scrape(port);

  for (const Mode& m : kModes) {
    INFO("search, fault " << m.fault);
    set_faults(supplier.port(), std::string("search=") + m.fault + ":1");
    // 5xx draws 500, 502 or 503, malformed an HTML page or JSON cut short: a few of each.
    const int tries = std::string(m.name) == "5xx" || std::string(m.name) == "malformed" ? 6 : 1;
    for (int i = 0; i < tries; ++i) {
      const std::string rid = std::string("faults.search-") + m.name + "-" + std::to_string(i);
      const HttpReply r = send_checking_health(port, m, [&] { return search(port, rid); });
      if (m.status == 200) {
        INFO(r.body << r.error);
        REQUIRE(r.status == 200);
        CHECK(r.header("x-request-id") == rid);
        CHECK(r.header("content-type").rfind("application/json", 0) == 0);
        CHECK_FALSE(json::parse(r.body)["itineraries"].empty());
      } else {
        check_error(r, m.status, m.code, rid);
      }
      if (m.status == 503) {
        CHECK(r.header("retry-after") == "3");  // the supplier's
      }
    }
    check_recovered(port, supplier.port());
  }

  // The supplier injected each fault; serve counted each call under its outcome.
  const json stats = supplier.stats();
  CHECK(stats["faults"]["5xx"] == 6);
  CHECK(stats["faults"]["429"] == 1);
  CHECK(stats["faults"]["timeout"] == 1);
  CHECK(stats["faults"]["malformed"] == 6);
  CHECK(stats["faults"]["truncated"] == 1);
  CHECK(stats["faults"]["oversized"] == 1);
  CHECK(stats["faults"]["slow"] == 2);
  CHECK(stats["faults"]["content_type"] == 1);
  const std::string after = scrape(port);
  auto delta = [&](const std::string& outcome) {
    const std::vector<std::string> match = {"endpoint=\"search\"", "outcome=\"" + outcome + "\""};
    return metric(after, "travelctl_supplier_requests_total", match) -
           metric(before, "travelctl_supplier_requests_total", match);
  };
  CHECK(delta("5xx") == 6);
  CHECK(delta("4xx") == 1);
  CHECK(delta("timeout") == 2);    // timeout, slow(1500ms)
  CHECK(delta("too_large") == 1);  // oversized
  CHECK(delta("reset") == 2);      // reset, truncated (a close before the promised length)
  CHECK(delta("refused") == 0);
  // Malformed bodies come under a 200: 6 of them, slow(200ms), content_type and the 10 searches
  // of check_recovered.
  CHECK(delta("2xx") == 6 + 2 + 10);
  CHECK(http_get("127.0.0.1", port, "/health").status == 200);
  CHECK_FALSE(serve->child().wait_exit(milliseconds(0)).has_value());
}

TEST_CASE("serve faults: every fault mode on the itinerary route at trip, cart and schema",
          "[integration]") {
  FaultsRig rig;
  SupplierProcess& supplier = rig.supplier;
  const std::unique_ptr<ServeProcess>& serve = rig.serve;
  const uint16_t port = rig.port;

  const json list = rig.itineraries();
  REQUIRE(list.size() >= 3);

  int n = 0;
  for (const std::string endpoint : {"trip", "cart", "schema"}) {
    // A trip of its own per endpoint (carts made by the damaged answers hold nothing).
    const std::string target = "/v1/itineraries/" + list[n++]["id"].get<std::string>();
    const HttpReply healthy = call(port, "GET", target, kAcmeKey);
    INFO(healthy.body);
    REQUIRE(healthy.status == 200);
    for (const Mode& m : kModes) {
      INFO("itinerary, " << endpoint << "=" << m.fault);
      set_faults(supplier.port(), endpoint + "=" + m.fault + ":1");
      const std::string rid = "faults.itinerary-" + endpoint + "-" + m.name;
      const HttpReply r = send_checking_health(port, m, [&] {
        return call(port, "GET", target, kAcmeKey, {}, {{"X-Request-Id", rid}});
      });
      if (m.status == 200) {
        INFO(r.body << r.error);
        REQUIRE(r.status == 200);
        CHECK(r.header("x-request-id") == rid);
        const json body = json::parse(r.body);
        CHECK(body["booking_token"].is_string());
        CHECK(body["passenger_fields"].is_array());
      } else {
        check_error(r, m.status, m.code, rid);
      }
      if (m.status == 503) {
        CHECK(r.header("retry-after") == "3");
      }
      check_recovered(port, supplier.port());
    }
    // And the itinerary itself opens again.
    CHECK(call(port, "GET", target, kAcmeKey).status == 200);
  }
  const json stats = supplier.stats();
  CHECK(stats["faults"]["timeout"] == 3);
  CHECK(stats["faults"]["oversized"] == 3);
  CHECK(stats["faults"]["content_type"] == 3);
  CHECK_FALSE(serve->child().wait_exit(milliseconds(0)).has_value());
}

TEST_CASE("serve faults: every fault mode on the reserve route, and the unknown-outcome rule",
          "[integration]") {
  FaultsRig rig;
  SupplierProcess& supplier = rig.supplier;
  const std::unique_ptr<ServeProcess>& serve = rig.serve;
  const uint16_t port = rig.port;

  const json list = rig.itineraries();
  REQUIRE(list.size() >= kModes.size());

  for (std::size_t i = 0; i < kModes.size(); ++i) {
    const Mode& m = kModes[i];
    INFO("reserve=" << m.fault);
    // A fresh cart on a trip of its own (a reservation left in doubt holds its seat).
    const HttpReply opened =
        call(port, "GET", "/v1/itineraries/" + list[i]["id"].get<std::string>(), kAcmeKey);
    INFO(opened.body);
    REQUIRE(opened.status == 200);
    const std::string body = booking_body(json::parse(opened.body)["booking_token"], 1);
    const std::string key = std::string("faults-reserve-") + m.name;
    const std::string rid = std::string("faults.reserve-") + m.name;
    const int reservations = supplier.stats()["reservations"];

    set_faults(supplier.port(), std::string("reserve=") + m.fault + ":1");
    const HttpReply first = send_checking_health(port, m, [&] {
      return call(port, "POST", "/v1/bookings", kAcmeKey, body,
                  {{"Idempotency-Key", key}, {"X-Request-Id", rid}});
    });
    const bool in_doubt = m.sent && m.status != 200;
    if (m.status == 200) {
      INFO(first.body << first.error);
      REQUIRE(first.status == 201);
      CHECK(first.header("x-request-id") == rid);
      CHECK(json::parse(first.body)["status"] == "reserved");
    } else {
      check_error(first, m.status, m.code, rid);
    }
    if (m.status == 503) {
      CHECK(first.header("retry-after") == "3");
    }
    if (in_doubt && std::string(m.name) != "malformed") {
      CHECK_THAT(json::parse(first.body)["error"]["message"].get<std::string>(),
                 Catch::Contains("the outcome is unknown"));
    }
    // 5xx and 429 refuse before serving; every other kind reserved at the supplier.
    const int reserved = supplier.stats()["reservations"];
    CHECK(reserved == reservations + (m.sent ? 1 : 0));

    // The same key again, faults off: a definite refusal released the key (a clean retry books);
    // a reserve sent but unanswered keeps it in doubt (409, never a second reservation); a
    // success replays.
    set_faults(supplier.port(), "none");
    const HttpReply again =
        call(port, "POST", "/v1/bookings", kAcmeKey, body, {{"Idempotency-Key", key}});
    INFO("retry: " << again.status << " " << again.body);
    if (in_doubt) {
      check_error(again, 409, "idempotency_outcome_unknown");
      CHECK(supplier.stats()["reservations"] == reserved);
    } else if (m.status == 200) {
      CHECK(again.status == 201);
      CHECK(again.body == first.body);
      CHECK(again.header("idempotent-replayed") == "true");
      CHECK(supplier.stats()["reservations"] == reserved);
    } else {
      CHECK(again.status == 201);
      CHECK(json::parse(again.body)["status"] == "reserved");
      CHECK(supplier.stats()["reservations"] == reserved + 1);
    }
    check_recovered(port, supplier.port());
  }
  CHECK_FALSE(serve->child().wait_exit(milliseconds(0)).has_value());
}

TEST_CASE("serve faults: confirm, read and cancel of a booking under faults", "[integration]") {
  FaultsRig rig;
  SupplierProcess& supplier = rig.supplier;
  const uint16_t port = rig.port;

  const std::string id = rig.itineraries()[0]["id"];
  const HttpReply opened = call(port, "GET", "/v1/itineraries/" + id, kAcmeKey);
  REQUIRE(opened.status == 200);
  const HttpReply booked =
      call(port, "POST", "/v1/bookings", kAcmeKey,
           booking_body(json::parse(opened.body)["booking_token"], 1), {{"Idempotency-Key", "c1"}});
  REQUIRE(booked.status == 201);
  const std::string bid = json::parse(booked.body)["booking_id"];
  const std::string path = "/v1/bookings/" + bid;

  // A read may fail in every way; the booking is untouched.
  for (const Mode& m : kModes) {
    INFO("booking=" << m.fault);
    set_faults(supplier.port(), std::string("booking=") + m.fault + ":1");
    const HttpReply r =
        send_checking_health(port, m, [&] { return call(port, "GET", path, kAcmeKey); });
    if (m.status == 200) {
      REQUIRE(r.status == 200);
      CHECK(json::parse(r.body)["status"] == "reserved");
    } else {
      check_error(r, m.status, m.code);
    }
  }
  // Confirm refused (5xx): nothing happened, a second confirm goes through.
  set_faults(supplier.port(), "confirm=5xx:1");
  check_error(call(port, "POST", path + "/confirm", kAcmeKey), 502, "supplier_error");
  CHECK(supplier.stats()["confirmations"] == 0);
  // Confirm sent, no answer in time: 504 saying the outcome is unknown; the supplier confirmed.
  set_faults(supplier.port(), "confirm=timeout(3s):1");
  const HttpReply lost = call(port, "POST", path + "/confirm", kAcmeKey);
  check_error(lost, 504, "supplier_timeout");
  CHECK_THAT(json::parse(lost.body)["error"]["message"].get<std::string>(),
             Catch::Contains("GET /v1/bookings/" + bid));
  CHECK(supplier.stats()["confirmations"] == 1);
  set_faults(supplier.port(), "none");
  HttpReply r = call(port, "GET", path, kAcmeKey);
  REQUIRE(r.status == 200);
  CHECK(json::parse(r.body)["status"] == "confirmed");
  // Cancel reset after sending: 502, never retried by the proxy; the supplier cancelled once.
  set_faults(supplier.port(), "cancel=reset:1");
  check_error(call(port, "POST", path + "/cancel", kAcmeKey), 502, "supplier_error");
  CHECK(supplier.stats()["cancellations"] == 1);
  CHECK(supplier.stats()["requests"]["cancel"] == 1);
  check_recovered(port, supplier.port());
  r = call(port, "GET", path, kAcmeKey);
  REQUIRE(r.status == 200);
  CHECK(json::parse(r.body)["status"] == "cancelled");
}

TEST_CASE("serve faults: 10,000 faulty requests leave no fd or memory growth", "[integration]") {
  // Every search answer damaged, by every kind (timeouts and drips a small share, the supplier
  // timeout 100 ms; a wrong Content-Type is the one the proxy sees through); milder rates on trip,
  // cart and schema so that bookings reach the reserve, where nearly every answer is damaged.
  // Reservations are held 5 s, so seats come back.
  const std::string spec =
      "search=5xx:0.15,429(1s):0.15,timeout(2s):0.02,reset:0.15,malformed:0.15,truncated:0.15,"
      "oversized(512KB):0.05,slow(300ms):0.02,content_type:0.16;"
      "trip=5xx:0.03,reset:0.03,malformed:0.03,oversized(512KB):0.01,content_type:0.03;"
      "cart=429(1s):0.03,truncated:0.03,slow(300ms):0.01,content_type:0.03;"
      "schema=5xx:0.03,timeout(2s):0.01,malformed:0.03,content_type:0.03;"
      "reserve=5xx:0.1,429(1s):0.1,timeout(2s):0.02,reset:0.15,malformed:0.15,truncated:0.15,"
      "oversized(512KB):0.05,slow(300ms):0.02,content_type:0.1";
  SupplierProcess supplier({"--hold", "5s"});
  REQUIRE(supplier.port() != 0);
  auto serve = ServeProcess::with_config(faults_config(supplier.port(), 100, 256 * 1024));
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();
  const pid_t pid = serve->child().pid();
  const long rss_start = rss_bytes(pid);
  const Fds fds_start = open_fds(pid, supplier.port());

  // Itineraries to open and book during the run, found while the supplier is healthy.
  std::vector<std::string> ids;
  for (int days = 10; days < 14; ++days) {
    const HttpReply r = search(port, {}, days);
    REQUIRE(r.status == 200);
    const json body = json::parse(r.body);
    for (const auto& it : body["itineraries"]) {
      ids.push_back(it["id"]);
    }
  }
  REQUIRE(ids.size() > 40);
  set_faults(supplier.port(), spec);
  const json stats_before = supplier.stats();
  const std::string metrics_before = scrape(port);

  // /health from a thread, every 20 ms, from start to end.
  std::atomic<bool> stop_health{false};
  std::vector<int> health_statuses;
  long health_max_ms = 0;
  std::thread health([&] {
    while (!stop_health) {
      HttpRequest req;
      req.target = "/health";
      req.timeout = milliseconds(3000);
      const auto start = Clock::now();
      const HttpReply r = http_request("127.0.0.1", port, req);
      health_max_ms = std::max<long>(
          health_max_ms, std::chrono::duration_cast<milliseconds>(Clock::now() - start).count());
      health_statuses.push_back(r.status);
      std::this_thread::sleep_for(milliseconds(20));
    }
  });

  // Bookers: open an itinerary (trip, cart, schema faults) and book it (reserve faults). Only the
  // statuses of the error table may come back, each with its code; assertions wait for the end.
  struct Seen {
    std::map<int, int> statuses;
    std::vector<std::string> wrong;  // an answer off the table, described
  };
  const std::map<int, std::string> expected_code = {{409, "conflict"},
                                                    {502, "supplier_error"},
                                                    {503, "supplier_unavailable"},
                                                    {504, "supplier_timeout"}};
  auto judge = [&](Seen& seen, const HttpReply& r, int ok, const char* what) {
    ++seen.statuses[r.status];
    if (r.status == ok) {
      return;
    }
    const json body = json::parse(r.body, nullptr, false);
    const auto code = expected_code.find(r.status);
    const bool good =
        code != expected_code.end() && body.is_object() && body["error"]["code"].is_string() &&
        (body["error"]["code"] == code->second ||
         (r.status == 409 && body["error"]["code"] == "idempotency_outcome_unknown")) &&
        body["error"]["request_id"] == r.header("x-request-id");
    if (!good && seen.wrong.size() < 5) {
      seen.wrong.push_back(std::string(what) + ": " + std::to_string(r.status) + " " + r.body +
                           " " + r.error);
    }
  };
  auto run_bookers = [&](std::atomic<bool>& stop, std::vector<Seen>& seen, int phase) {
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < seen.size(); ++t) {
      threads.emplace_back([&, t] {
        for (std::size_t i = t; !stop; i += seen.size()) {
          const std::string& id = ids[i % ids.size()];
          const HttpReply it = call(port, "GET", "/v1/itineraries/" + id, kAcmeKey);
          judge(seen[t], it, 200, "itinerary");
          if (it.status != 200) {
            continue;
          }
          const std::string token = json::parse(it.body)["booking_token"];
          const std::string key =
              "soak-" + std::to_string(phase) + "-" + std::to_string(t) + "-" + std::to_string(i);
          judge(seen[t],
                call(port, "POST", "/v1/bookings", kAcmeKey, booking_body(token),
                     {{"Idempotency-Key", key}}),
                201, "book");
        }
      });
    }
    return threads;
  };

  const std::string url = "http://127.0.0.1:" + std::to_string(port) + search_target(20);
  const std::set<std::string> allowed_statuses = {"502", "503", "504"};
  int searches = 0;
  std::map<std::string, int> search_errors;
  std::vector<Seen> seen(2);
  // A phase: `n` searches by 16 connections while the bookers run, then a quiet moment.
  auto phase = [&](int n, int number) {
    std::atomic<bool> stop_bookers{false};
    auto bookers = run_bookers(stop_bookers, seen, number);
    ChildProcess bench({TRAVELCTL_BINARY, "bench", "run", url, "-c", "16", "-a", std::to_string(n),
                        "-H", std::string("X-Api-Key: ") + kAcmeKey, "--no-progress", "--format",
                        "json"});
    const auto rc = bench.wait_exit(std::chrono::seconds(40));
    stop_bookers = true;
    for (auto& t : bookers) {
      t.join();
    }
    INFO(bench.stderr_text());
    REQUIRE(rc == 0);
    const json run = json::parse(bench.stdout_text())["scenarios"][0]["runs"][0];
    INFO(run["errors"].dump());
    CHECK(run["errors"]["connect"] == 0);  // serve never refused, dropped or stalled a client
    CHECK(run["errors"]["reset"] == 0);
    CHECK(run["errors"]["timeout"] == 0);
    CHECK(run["histogram"]["count"] == n);
    for (const auto& [status, count] : run["errors"]["status"].items()) {
      CHECK(allowed_statuses.count(status) == 1);
      search_errors[status] += count.get<int>();
    }
    searches += n;
  };

  const auto soak_start = Clock::now();
  phase(2000, 1);  // warm-up: pools, buffers, allocator arenas
  const Fds fds_warm = settled_fds(pid, supplier.port());
  const long rss_warm = rss_bytes(pid);
  phase(8000, 2);
  const Fds fds_end = settled_fds(pid, supplier.port());
  const long rss_end = rss_bytes(pid);
  const auto soak_ms = std::chrono::duration_cast<milliseconds>(Clock::now() - soak_start).count();
  stop_health = true;
  health.join();
  // The supplier's trouble does not fail readiness (client-api.md: operational routes).
  CHECK(http_get("127.0.0.1", port, "/ready").status == 200);

  const std::string metrics = scrape(port);
  const json stats = supplier.stats();
  std::map<int, int> booker_statuses;
  for (const Seen& s : seen) {
    for (const auto& [status, count] : s.statuses) {
      booker_statuses[status] += count;
    }
  }
  std::ostringstream report;
  auto show = [](const Fds& f) {
    return std::to_string(f.total) + " (" + std::to_string(f.supplier) + " to the supplier)";
  };
  report << "soak " << soak_ms << " ms; fds start " << show(fds_start) << ", warm "
         << show(fds_warm) << ", end " << show(fds_end) << "; RSS start " << rss_start / 1024
         << " KiB, warm " << rss_warm / 1024 << " KiB, end " << rss_end / 1024 << " KiB; /health "
         << health_statuses.size() << " polls, max " << health_max_ms << " ms; search errors";
  for (const auto& [status, count] : search_errors) {
    report << " " << status << ":" << count;
  }
  report << "; bookers";
  for (const auto& [status, count] : booker_statuses) {
    report << " " << status << ":" << count;
  }
  WARN(report.str());

  // No growth once warm: besides the supplier pool (at most one connection per call in flight:
  // 16 search connections and 2 bookers) the fds are those of the warm process; memory within
  // 20 MB.
  CHECK(fds_end.other() <= fds_warm.other() + 2);
  CHECK(fds_end.supplier <= 16 + 2);
  CHECK(fds_end.total <= fds_warm.total + 16 + 2);
  CHECK(rss_end - rss_warm < 20L * 1024 * 1024);
  // /health answered throughout, promptly.
  CHECK(health_statuses.size() > 20);
  CHECK(std::count(health_statuses.begin(), health_statuses.end(), 200) ==
        static_cast<long>(health_statuses.size()));
  CHECK(health_max_ms < 1000);
  // Bookers got only the error table's answers, and the reserve was reached.
  for (const Seen& s : seen) {
    for (const std::string& w : s.wrong) {
      FAIL_CHECK(w);
    }
  }
  CHECK(booker_statuses[201] > 0);
  CHECK(booker_statuses[502] > 0);

  // Metrics add up. Every search is one supplier call (no cache) with one outcome.
  auto delta = [&](const std::string& family, const std::vector<std::string>& match) {
    return metric(metrics, family, match) - metric(metrics_before, family, match);
  };
  auto outcome = [&](const std::string& o) {
    return delta("travelctl_supplier_requests_total", {"outcome=\"" + o + "\""});
  };
  auto faults = [&](const std::string& kind) {
    return stats["faults"][kind].get<double>() - stats_before["faults"][kind].get<double>();
  };
  CHECK(delta("travelctl_http_requests_total", {"route=\"search\""}) == searches);
  CHECK(delta("travelctl_supplier_requests_total", {"endpoint=\"search\""}) == searches);
  for (const auto& [status, count] : search_errors) {
    CHECK(delta("travelctl_http_requests_total",
                {"route=\"search\"", "status=\"" + status + "\""}) == count);
  }
  // Across endpoints (the supplier counts faults by kind only): every timeout and drip (300 ms >
  // 100 ms) is a timeout; `late` are other answers that missed the 100 ms on a busy machine (none
  // when idle), each taken from its own outcome. Each injected 5xx, 429 and oversized answer is
  // one call of that outcome.
  const double late = outcome("timeout") - faults("timeout") - faults("slow");
  CHECK(late >= 0);
  CHECK(late <= 0.01 * searches);
  CHECK(outcome("5xx") <= faults("5xx"));
  CHECK(outcome("5xx") >= faults("5xx") - late);
  CHECK(outcome("too_large") <= faults("oversized"));
  CHECK(outcome("too_large") >= faults("oversized") - late);
  CHECK(outcome("4xx") >= faults("429") - late);  // + the supplier's own 409s
  CHECK(outcome("2xx") >= faults("malformed") + faults("content_type") - late);
  CHECK(outcome("refused") == 0);
  CHECK(outcome("bad_response") == 0);
  // A reset before any byte of the answer, on a kept-alive connection, is sent once more on a new
  // one (idempotent calls only): the supplier saw those second attempts, the metrics count calls.
  double supplier_requests = 0;
  for (const char* e : {"search", "trip", "cart", "schema", "reserve"}) {
    supplier_requests +=
        stats["requests"][e].get<double>() - stats_before["requests"][e].get<double>();
  }
  const double calls = delta("travelctl_supplier_requests_total", {});
  const double resent = supplier_requests - calls;
  INFO("supplier requests " << supplier_requests << ", calls counted " << calls);
  CHECK(resent >= 0);
  CHECK(resent <= faults("reset"));
  CHECK(outcome("reset") <= faults("reset") + faults("truncated"));
  CHECK(outcome("reset") + resent >= faults("reset") + faults("truncated") - late);

  // Afterwards: healthy again at once.
  check_recovered(port, supplier.port());
  CHECK_FALSE(serve->child().wait_exit(milliseconds(0)).has_value());
}
