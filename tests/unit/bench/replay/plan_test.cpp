// make_plan: the safety rules (writes, masked bodies), filter, rewrite, keys and the schedule.
#include "travelctl/bench/replay/plan.hpp"

#include <catch2/catch.hpp>

#include "travelctl/bench/replay/readers.hpp"

namespace rp = travelctl::bench::replay;

namespace {

std::string line(const char* ts, const char* client, const char* method, const char* target,
                 const char* body = "null") {
  return std::string(R"({"schema":"travelctl.capture/v1","ts":")") + ts + R"(","client":")" +
         client + R"(","method":")" + method + R"(","target":")" + target + R"(","request_body":)" +
         body + R"(,"status":200})" + "\n";
}

rp::ReplayInput sample() {
  return rp::read_capture(
      line("2026-11-22T10:00:00Z", "acme", "GET", "/v1/itineraries?from=1&to=2") +
      line("2026-11-22T10:00:01Z", "acme", "POST", "/v1/bookings",
           R"({"booking_token":"t","passengers":[{"first_name":"***"}]})") +
      line("2026-11-22T10:00:02Z", "globex", "POST", "/v1/quote-batches", R"({"searches":[]})") +
      line("2026-11-22T10:00:04Z", "globex", "GET", "/v1/bookings/b_1") +
      line("2026-11-22T10:00:06Z", "acme", "HEAD", "/health"));
}

}  // namespace

TEST_CASE("make_plan: only GET and HEAD without --allow-writes, masked bodies never", "[bench]") {
  const auto in = sample();
  REQUIRE(in.exchanges.size() == 5);
  rp::PlanOptions o;
  auto plan = rp::make_plan(in, o);
  REQUIRE(plan.requests.size() == 3);
  CHECK(plan.requests[0].method == "GET");
  CHECK(plan.requests[2].method == "HEAD");
  REQUIRE(plan.skipped.size() == 2);
  CHECK(plan.skipped[0].reason.find("masked") != std::string::npos);
  CHECK(plan.skipped[1].reason.find("--allow-writes") != std::string::npos);
  CHECK(plan.clients_without_key == std::set<std::string>{"acme", "globex"});

  o.allow_writes = true;
  plan = rp::make_plan(in, o);
  REQUIRE(plan.requests.size() == 4);  // the masked booking is still not sent
  REQUIRE(plan.skipped.size() == 1);
  CHECK(plan.skipped[0].exchange == 1);
  CHECK(plan.requests[1].method == "POST");
  CHECK(plan.requests[1].body == R"({"searches":[]})");
}

TEST_CASE("make_plan: schedule from the first sent request, scaled", "[bench]") {
  rp::PlanOptions o;
  o.pacing.speed = 2;
  const auto plan = rp::make_plan(sample(), o);
  REQUIRE(plan.requests.size() == 3);
  CHECK(plan.requests[0].send_at_us == 0);
  CHECK(plan.requests[1].send_at_us == 2'000'000);
  CHECK(plan.requests[2].send_at_us == 3'000'000);
}

TEST_CASE("make_plan: filter, rewrite and keys", "[bench]") {
  rp::PlanOptions o;
  o.filters.push_back(*rp::parse_filter("GET /v1/*"));
  o.rewrites.push_back(*rp::parse_rewrite("/v1=/v2"));
  REQUIRE_FALSE(rp::add_key(o.keys, "acme=ka"));
  REQUIRE_FALSE(rp::add_key(o.keys, "globex=kg"));
  const auto plan = rp::make_plan(sample(), o);
  CHECK(plan.filtered_out == 3);
  REQUIRE(plan.requests.size() == 2);
  CHECK(plan.requests[0].target == "/v2/itineraries?from=1&to=2");
  CHECK(plan.requests[0].headers == rp::HeaderList{{"X-Api-Key", "ka"}});
  CHECK(plan.requests[1].target == "/v2/bookings/b_1");
  CHECK(plan.requests[1].headers == rp::HeaderList{{"X-Api-Key", "kg"}});
  CHECK(plan.requests[1].keyed);
  CHECK(plan.clients_without_key.empty());
}

TEST_CASE("make_plan: a HAR request keeps its key unless one is given, Host rewrite", "[bench]") {
  rp::ReplayInput in;
  in.format = "har";
  rp::CapturedExchange x;
  x.method = "GET";
  x.target = "/v1/x";
  x.host = "shop.example";
  x.headers = {{"x-api-key", "carried"}, {"Accept", "*/*"}};
  in.exchanges.push_back(x);
  rp::PlanOptions o;
  o.rewrites.push_back(*rp::parse_rewrite("shop.example=127.0.0.1:9"));
  auto plan = rp::make_plan(in, o);
  REQUIRE(plan.requests.size() == 1);
  CHECK(plan.requests[0].headers == x.headers);
  CHECK(plan.requests[0].host == "127.0.0.1:9");
  REQUIRE_FALSE(rp::add_key(o.keys, "*=given"));
  plan = rp::make_plan(in, o);
  CHECK(plan.requests[0].headers == rp::HeaderList{{"Accept", "*/*"}, {"X-Api-Key", "given"}});
}

TEST_CASE("has_masked_value: JSON strings equal to *** anywhere, or *** in other text", "[bench]") {
  CHECK(rp::has_masked_value(R"({"contact":{"email":"***"}})"));
  CHECK(rp::has_masked_value(R"([1,["***"]])"));
  CHECK_FALSE(rp::has_masked_value(R"({"note":"a *** b"})"));
  CHECK_FALSE(rp::has_masked_value(R"({"booking_token":"t"})"));
  CHECK(rp::has_masked_value("name=***&x=1"));
  CHECK_FALSE(rp::has_masked_value(""));
}

TEST_CASE("describe_plan: every request and every skip with its reason", "[bench]") {
  const auto in = sample();
  const auto text = rp::describe_plan(in, rp::make_plan(in, {}));
  CHECK(text.find("3 requests would be sent, 2 skipped") != std::string::npos);
  CHECK(text.find("line 4  GET /v1/bookings/b_1  client=globex  key=no") != std::string::npos);
  CHECK(text.find("skipped  line 2  POST /v1/bookings") != std::string::npos);
}
