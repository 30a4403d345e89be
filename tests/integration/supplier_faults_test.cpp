// `travelctl supplier --faults` as a process: every fault seen on the wire by a raw client, the
// spec flipped at run time with POST /_sim/faults, counters, seeded determinism, bad specs.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "booking_support.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/raw_exchange.hpp"

namespace {

using namespace travelctl::test;
using nlohmann::json;
using std::chrono::milliseconds;
using End = RawExchange::End;

constexpr std::size_t kProxyMaxResponse = 8 * 1024 * 1024;  // supplier.max_response_bytes default
const std::string kSearch = "/v1/search?from=101&to=117&date=2026-12-01&seats=1";
const std::string kTrip = "/v1/trips/T1?date=2026-12-01";

// A supplier request as raw bytes, closing after the answer so that the client sees the end.
std::string supplier_get(const std::string& target) {
  return raw_get(target, "X-Partner-Key: partner\r\nConnection: close\r\n");
}

RawExchange search(uint16_t port, milliseconds wait = milliseconds(3000)) {
  return raw_exchange(port, supplier_get(kSearch), wait);
}

// Replaces the supplier's fault spec; the answer to the POST.
HttpReply set_faults(uint16_t port, const std::string& spec) {
  HttpRequest req;
  req.method = "POST";
  req.target = "/_sim/faults";
  req.body = spec;
  return http_request("127.0.0.1", port, req);
}

void require_faults(uint16_t port, const std::string& spec) {
  const HttpReply r = set_faults(port, spec);
  INFO(r.error << r.body);
  REQUIRE(r.status == 200);
}

// A normal search answer: 200, JSON, whole.
void check_healthy(uint16_t port) {
  const RawExchange x = search(port);
  CHECK(x.end == End::closed);
  CHECK(x.status() == 200);
  CHECK(x.header("content-type") == "application/json");
  CHECK(json::accept(x.body()));
}

}  // namespace

TEST_CASE("supplier faults: refusals carry the supplier error body", "[integration]") {
  SupplierProcess supplier({"--faults", "search=5xx(503):1"});
  REQUIRE(supplier.port() != 0);
  const uint16_t port = supplier.port();

  RawExchange x = search(port);
  CHECK(x.status() == 503);
  CHECK(x.header("content-type") == "application/json");
  CHECK(json::parse(x.body())["error"]["code"] == "service_unavailable");
  // Other endpoints are not faulted: a trip lookup answers normally.
  const RawExchange trip = raw_exchange(port, supplier_get(kTrip), milliseconds(3000));
  CHECK(trip.status() == 404);
  CHECK(json::parse(trip.body())["error"]["code"] == "not_found");

  require_faults(port, "search=5xx:1");
  std::vector<int> statuses;
  for (int i = 0; i < 12; ++i) {
    x = search(port);
    statuses.push_back(x.status());
    CHECK(json::parse(x.body())["error"].contains("code"));
  }
  for (int s : statuses) {
    CHECK((s == 500 || s == 502 || s == 503));
  }
  CHECK(std::count(statuses.begin(), statuses.end(), statuses[0]) < 12);  // varied

  require_faults(port, "search=429(2s):1");
  x = search(port);
  CHECK(x.status() == 429);
  CHECK(x.header("retry-after") == "2");
  CHECK(json::parse(x.body())["error"]["code"] == "rate_limited");

  require_faults(port, "none");
  check_healthy(port);
  const json stats = supplier.stats();
  CHECK(stats["faults"]["5xx"] == 13);
  CHECK(stats["faults"]["429"] == 1);
  CHECK(stats["faults"]["reset"] == 0);
}

TEST_CASE("supplier faults: reset, timeout and truncated on the wire", "[integration]") {
  SupplierProcess supplier({"--faults", "search=reset:1"});
  REQUIRE(supplier.port() != 0);
  const uint16_t port = supplier.port();

  RawExchange x = search(port);
  CHECK(x.end == End::reset);
  CHECK(x.data.empty());

  // Held silently: nothing within the bound, the connection still open when the client gives up;
  // meanwhile the single worker thread goes on answering other requests.
  require_faults(port, "search=timeout:1");
  auto held = std::async(std::launch::async, [port] { return search(port, milliseconds(400)); });
  std::this_thread::sleep_for(milliseconds(100));
  const RawExchange other = raw_exchange(port, supplier_get(kTrip), milliseconds(3000));
  CHECK(other.status() == 404);
  CHECK(other.elapsed < milliseconds(200));
  x = held.get();
  CHECK(x.end == End::timed_out);
  CHECK(x.data.empty());
  CHECK(x.elapsed >= milliseconds(400));
  // With a hold of 300 ms the supplier closes without a word.
  require_faults(port, "search=timeout(300ms):1");
  x = search(port);
  CHECK(x.end == End::closed);
  CHECK(x.data.empty());
  CHECK(x.elapsed >= milliseconds(290));
  CHECK(x.elapsed < milliseconds(2000));

  // The head promises more than comes, then the close.
  require_faults(port, "search=truncated:1");
  x = search(port);
  CHECK(x.end == End::closed);
  CHECK(x.status() == 200);
  const std::size_t promised = std::stoul(x.header("content-length"));
  CHECK(promised > 1000);
  CHECK(x.body().size() == promised / 2);
  CHECK_FALSE(json::accept(x.body()));

  require_faults(port, "none");
  check_healthy(port);
  const json stats = supplier.stats();
  CHECK(stats["faults"]["reset"] == 1);
  CHECK(stats["faults"]["timeout"] == 2);
  CHECK(stats["faults"]["truncated"] == 1);
}

TEST_CASE("supplier faults: damaged bodies (malformed, oversized, wrong type, slow drip)",
          "[integration]") {
  SupplierProcess supplier({"--faults", "search=malformed:1"});
  REQUIRE(supplier.port() != 0);
  const uint16_t port = supplier.port();

  // Not JSON, under a 200 and the JSON type: either an HTML page or JSON cut short.
  bool html = false, cut = false;
  for (int i = 0; i < 12; ++i) {
    const RawExchange x = search(port);
    CHECK(x.status() == 200);
    CHECK(x.header("content-type") == "application/json");
    CHECK(x.body().size() == std::stoul(x.header("content-length")));
    CHECK_FALSE(json::accept(x.body()));
    html = html || x.body().starts_with("<html>");
    cut = cut || x.body().starts_with("{");
  }
  CHECK(html);
  CHECK(cut);

  require_faults(port, "search=oversized:1");
  RawExchange x = search(port, milliseconds(5000));
  CHECK(x.end == End::closed);
  CHECK(x.status() == 200);
  CHECK(std::stoul(x.header("content-length")) == std::size_t{16} << 20);
  CHECK(x.body().size() == std::size_t{16} << 20);
  CHECK(x.body().size() > kProxyMaxResponse);
  const json big = json::parse(x.body(), nullptr, false);
  REQUIRE_FALSE(big.is_discarded());
  CHECK(big["trips"].size() > 0);  // the real answer, padded

  require_faults(port, "search=content_type:1");
  x = search(port);
  CHECK(x.status() == 200);
  CHECK(x.header("content-type") == "text/html");
  CHECK(json::parse(x.body())["trips"].size() > 0);

  // The head at once, the body in pieces over 600 ms.
  require_faults(port, "search=slow(600ms):1");
  x = search(port);
  CHECK(x.end == End::closed);
  CHECK(x.status() == 200);
  CHECK(json::accept(x.body()));
  CHECK(x.body().size() == std::stoul(x.header("content-length")));
  CHECK(x.first_byte < milliseconds(300));
  CHECK(x.elapsed >= milliseconds(590));
  CHECK(x.elapsed < milliseconds(2000));
  CHECK(x.reads >= 5);

  require_faults(port, "none");
  check_healthy(port);
  const json stats = supplier.stats();
  CHECK(stats["faults"]["malformed"] == 12);
  CHECK(stats["faults"]["oversized"] == 1);
  CHECK(stats["faults"]["content_type"] == 1);
  CHECK(stats["faults"]["slow"] == 1);
}

TEST_CASE("supplier faults: the same seed gives the same faults", "[integration]") {
  auto run = [](const std::string& seed) {
    SupplierProcess supplier({"--seed", seed, "--faults", "search=5xx(500):0.3,429:0.3"});
    REQUIRE(supplier.port() != 0);
    std::vector<int> statuses;
    for (int i = 0; i < 30; ++i) {
      statuses.push_back(search(supplier.port()).status());
    }
    return statuses;
  };
  const auto a = run("7");
  CHECK(a == run("7"));
  CHECK(std::count(a.begin(), a.end(), 200) > 0);
  CHECK(std::count(a.begin(), a.end(), 500) > 0);
  CHECK(std::count(a.begin(), a.end(), 429) > 0);
}

TEST_CASE("supplier faults: a bad spec is refused with its bad part", "[integration]") {
  ChildProcess bad({TRAVELCTL_BINARY, "supplier", "--listen", "127.0.0.1:0", "--faults",
                    "search=5xx:0.7,timeout:0.4"});
  CHECK(bad.wait_exit(std::chrono::seconds(10)) == 2);
  CHECK_THAT(bad.stderr_text(),
             Catch::Contains("faults: the rates for 'search' add up to 1.1, more than 1"));

  SupplierProcess supplier;
  REQUIRE(supplier.port() != 0);
  const HttpReply r = set_faults(supplier.port(), "search=boom:0.1");
  CHECK(r.status == 400);
  CHECK_THAT(json::parse(r.body)["error"]["message"].get<std::string>(),
             Catch::StartsWith("faults: 'boom:0.1': unknown fault 'boom'"));
  // The plan in force is unchanged.
  const HttpReply now = http_get("127.0.0.1", supplier.port(), "/_sim/faults");
  CHECK(json::parse(now.body)["faults"] == "none");
  check_healthy(supplier.port());
}
