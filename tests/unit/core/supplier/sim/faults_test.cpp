// Tests of the fault spec grammar, its error messages, and the seeded choice of a fault.
#include "travelctl/core/supplier/sim/faults.hpp"

#include <array>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace travelctl::core::supplier::sim;
using std::chrono::microseconds;

namespace {

FaultPlan parsed(const std::string& spec) {
  auto plan = FaultPlan::parse(spec);
  INFO(spec);
  REQUIRE(plan.has_value());
  return *plan;
}

// The kinds chosen for `n` requests to `e` with a generator seeded by `seed` (-1: none).
std::vector<int> choices(const FaultPlan& plan, Endpoint e, uint64_t seed, int n) {
  Rng rng(seed);
  std::vector<int> out;
  for (int i = 0; i < n; ++i) {
    const Fault* f = plan.choose(e, rng);
    out.push_back(f == nullptr ? -1 : static_cast<int>(f->kind));
  }
  return out;
}

}  // namespace

TEST_CASE("Faults: an empty spec or none injects nothing", "[core]") {
  for (const char* spec : {"", "none"}) {
    const FaultPlan plan = parsed(spec);
    CHECK(plan.empty());
    CHECK(plan.describe() == "none");
    Rng rng(1);
    CHECK(plan.choose(Endpoint::kSearch, rng) == nullptr);
  }
}

TEST_CASE("Faults: a list with no endpoint is the default of every endpoint", "[core]") {
  const FaultPlan plan = parsed("5xx:0.1,timeout:0.05");
  for (size_t i = 0; i < kEndpointCount; ++i) {
    const auto& list = plan.of(static_cast<Endpoint>(i));
    REQUIRE(list.size() == 2);
    CHECK(list[0].kind == FaultKind::k5xx);
    CHECK(list[0].rate == 0.1);
    CHECK(list[1].kind == FaultKind::kTimeout);
    CHECK(list[1].duration == kDefaultTimeoutHold);
  }
  CHECK(plan.describe() == "default=5xx:0.1,timeout(300s):0.05");
}

TEST_CASE("Faults: named endpoints replace the default", "[core]") {
  const FaultPlan plan = parsed("search=5xx:0.1,timeout:0.05;reserve=reset:0.02;default=429:0.01");
  CHECK(plan.of(Endpoint::kSearch).size() == 2);
  REQUIRE(plan.of(Endpoint::kReserve).size() == 1);
  CHECK(plan.of(Endpoint::kReserve)[0].kind == FaultKind::kReset);
  CHECK(plan.of(Endpoint::kReserve)[0].rate == 0.02);
  for (Endpoint e : {Endpoint::kTrip, Endpoint::kCart, Endpoint::kCancel, Endpoint::kOther}) {
    REQUIRE(plan.of(e).size() == 1);
    CHECK(plan.of(e)[0].kind == FaultKind::k429);
    CHECK(plan.of(e)[0].duration == kDefaultRetryAfter);
  }
  // "," may also start the next endpoint, as in the latency spec; "none" exempts one endpoint.
  const FaultPlan commas = parsed("search=malformed:0.5,reserve=truncated:1,default=reset:0.1");
  CHECK(commas.of(Endpoint::kSearch)[0].kind == FaultKind::kMalformed);
  CHECK(commas.of(Endpoint::kReserve)[0].kind == FaultKind::kTruncated);
  CHECK(commas.of(Endpoint::kBooking)[0].kind == FaultKind::kReset);
  const FaultPlan exempt = parsed("search=none;default=5xx:1");
  CHECK(exempt.of(Endpoint::kSearch).empty());
  CHECK(exempt.of(Endpoint::kTrip).size() == 1);
  CHECK(exempt.describe() == "search=none;default=5xx:1");
}

TEST_CASE("Faults: parameters, and their defaults", "[core]") {
  const FaultPlan plan = parsed(
      "search=5xx(503):0.1,429(7s):0.1,timeout(30s):0.1,oversized(9MB):0.1,slow(1500ms):0.1,"
      "content_type(text/plain):0.1,reset:0.1,malformed:0.1,truncated:0.1");
  const auto& l = plan.of(Endpoint::kSearch);
  REQUIRE(l.size() == 9);
  CHECK(l[0].status == 503);
  CHECK(l[1].duration == std::chrono::seconds(7));
  CHECK(l[2].duration == std::chrono::seconds(30));
  CHECK(l[3].bytes == 9u << 20);
  CHECK(l[4].duration == std::chrono::milliseconds(1500));
  CHECK(l[5].content_type == "text/plain");
  CHECK(plan.describe() ==
        "search=5xx(503):0.1,429(7s):0.1,timeout(30s):0.1,oversized(9MB):0.1,slow(1500ms):0.1,"
        "content_type(text/plain):0.1,reset:0.1,malformed:0.1,truncated:0.1");

  const FaultPlan defaults = parsed("5xx:0.1,oversized:0.1,slow:0.1,content_type:0.1");
  const auto& d = defaults.of(Endpoint::kTrip);
  CHECK(d[0].status == 0);  // 500, 502 or 503 at random
  CHECK(d[1].bytes == kDefaultOversizedBytes);
  CHECK(d[1].bytes > 8u << 20);  // over the proxy's default supplier.max_response_bytes
  CHECK(d[2].duration == kDefaultSlowTotal);
  CHECK(d[3].content_type == kDefaultWrongContentType);
}

TEST_CASE("Faults: describe() parses back to the same plan", "[core]") {
  for (const char* spec : {"search=5xx:0.1,timeout:0.05;reserve=reset:0.02;default=429(2s):0.01",
                           "oversized(1000B):0.25,slow(20ms):0.75",
                           "cancel=none;confirm=content_type:1", "5xx:0.000000001"}) {
    INFO(spec);
    const FaultPlan plan = parsed(spec);
    const FaultPlan again = parsed(plan.describe());
    CHECK(again.describe() == plan.describe());
    for (size_t i = 0; i < kEndpointCount; ++i) {
      CHECK(again.of(static_cast<Endpoint>(i)).size() == plan.of(static_cast<Endpoint>(i)).size());
    }
  }
}

TEST_CASE("Faults: rates add up to at most 1 per endpoint", "[core]") {
  CHECK(FaultPlan::parse("search=5xx:0.7,429:0.2,reset:0.1").has_value());  // 1 within rounding
  CHECK(FaultPlan::parse("search=5xx:1;reserve=reset:1;default=slow:1").has_value());
  CHECK(FaultPlan::parse("5xx:0,reset:1.0").has_value());
  auto over = FaultPlan::parse("search=5xx:0.7,timeout:0.4");
  REQUIRE_FALSE(over.has_value());
  CHECK(over.error() == "the rates for 'search' add up to 1.1, more than 1");
  auto over_default = FaultPlan::parse("reserve=reset:1;5xx:0.5,429:0.5,slow:0.000001");
  REQUIRE_FALSE(over_default.has_value());
  CHECK(over_default.error() == "the rates for 'default' add up to 1.000001, more than 1");
}

TEST_CASE("Faults: bad specs name the bad part", "[core]") {
  struct Case {
    const char* spec;
    const char* error;
  };
  const Case cases[] = {
      {"5xx", "'5xx': expected KIND:RATE, e.g. 5xx:0.1"},
      {"boom:0.1",
       "'boom:0.1': unknown fault 'boom' (5xx, 429, timeout, reset, malformed, truncated, "
       "oversized, slow, content_type)"},
      {"search=5xx:1.5", "'5xx:1.5': the rate must be a decimal from 0 to 1, e.g. 0.05"},
      {"5xx:-0.1", "'5xx:-0.1': the rate must be a decimal from 0 to 1, e.g. 0.05"},
      {"5xx:.5", "'5xx:.5': the rate must be a decimal from 0 to 1, e.g. 0.05"},
      {"5xx:5%", "'5xx:5%': the rate must be a decimal from 0 to 1, e.g. 0.05"},
      {"5xx:0.1234567891", "'5xx:0.1234567891': the rate must be a decimal from 0 to 1"},
      {"5xx:", "'5xx:': the rate must be a decimal from 0 to 1"},
      {"nosuch=5xx:0.1",
       "unknown endpoint 'nosuch' (search, trip, cart, schema, reserve, "
       "confirm, booking, cancel, other, default)"},
      {"search=5xx:0.1;search=reset:0.1", "faults for 'search' given twice"},
      {"5xx:0.1;reset:0.1", "faults for 'default' given twice"},
      {"search=5xx:0.1,5xx(503):0.1", "fault '5xx' given twice for 'search'"},
      {"search=none,5xx:0.1", "'none' cannot be combined with faults for 'search'"},
      {"5xx:0.1;;reset:0.1", "empty entry in fault spec '5xx:0.1;;reset:0.1'"},
      {"5xx:0.1,", "empty fault in '5xx:0.1,'"},
      {"search=", "empty fault in 'search='"},
      {"5xx(499):0.1", "'5xx(499):0.1': the status must be from 500 to 599, e.g. 5xx(503)"},
      {"5xx(50x):0.1", "'5xx(50x):0.1': the status must be from 500 to 599"},
      {"429(1500ms):0.1", "'429(1500ms):0.1': Retry-After must be whole seconds, e.g. 429(2s)"},
      {"timeout(0s):0.1",
       "'timeout(0s):0.1': expected a duration above 0 (at most 10m), e.g. "
       "timeout(3s)"},
      {"slow(fast):0.1", "'slow(fast):0.1': expected a duration above 0 (at most 10m)"},
      {"oversized(16GB):0.1", "'oversized(16GB):0.1': expected a size such as 16MB, 512KB or 900B"},
      {"oversized(2048MB):0.1", "'oversized(2048MB):0.1': expected a size such as 16MB"},
      {"content_type():0.1",
       "'content_type():0.1': expected a media type other than "
       "application/json, e.g. text/plain"},
      {"content_type(application/json):0.1",
       "'content_type(application/json):0.1': expected a media type other than"},
      {"reset(1s):0.1", "'reset(1s):0.1': reset takes no parameter"},
      {"truncated(1):0.1", "'truncated(1):0.1': truncated takes no parameter"},
      {"slow(2s:0.1", "'slow(2s:0.1': expected KIND(PARAM):RATE, e.g. slow(3s):0.1"},
  };
  for (const Case& c : cases) {
    INFO(c.spec);
    auto plan = FaultPlan::parse(c.spec);
    REQUIRE_FALSE(plan.has_value());
    CHECK_THAT(plan.error(), Catch::StartsWith(c.error));
  }
}

TEST_CASE("Faults: sizes", "[core]") {
  CHECK(parse_sim_size("16MB") == std::size_t{16} << 20);
  CHECK(parse_sim_size("512KB") == std::size_t{512} << 10);
  CHECK(parse_sim_size("900B") == std::size_t{900});
  CHECK(parse_sim_size("1024MB") == std::size_t{1} << 30);
  for (const char* bad : {"", "MB", "16", "0MB", "-1KB", "1.5MB", "16mb", "1025MB", "16 MB"}) {
    INFO(bad);
    CHECK_FALSE(parse_sim_size(bad).has_value());
  }
}

TEST_CASE("Faults: the choice follows the rates", "[core]") {
  const FaultPlan plan = parsed("search=5xx:0.2,reset:0.05;reserve=timeout:1;trip=slow:0");
  std::array<int, kFaultKindCount + 1> counts{};
  constexpr int kDraws = 100'000;
  for (int k : choices(plan, Endpoint::kSearch, 3, kDraws)) {
    ++counts[static_cast<size_t>(k + 1)];
  }
  CHECK(counts[0] == Approx(kDraws * 0.75).epsilon(0.02));  // no fault
  CHECK(counts[1 + static_cast<int>(FaultKind::k5xx)] == Approx(kDraws * 0.2).epsilon(0.03));
  CHECK(counts[1 + static_cast<int>(FaultKind::kReset)] == Approx(kDraws * 0.05).epsilon(0.08));
  for (int k : choices(plan, Endpoint::kReserve, 3, 1000)) {
    CHECK(k == static_cast<int>(FaultKind::kTimeout));  // rate 1: every request
  }
  for (int k : choices(plan, Endpoint::kTrip, 3, 1000)) {
    CHECK(k == -1);  // rate 0: never
  }
}

TEST_CASE("Faults: the same seed gives the same faults", "[core]") {
  const FaultPlan plan = parsed("5xx:0.1,429:0.1,timeout:0.1,reset:0.1,malformed:0.1");
  const auto a = choices(plan, Endpoint::kSearch, 42, 500);
  CHECK(a == choices(plan, Endpoint::kSearch, 42, 500));
  CHECK(a != choices(plan, Endpoint::kSearch, 43, 500));
  // An endpoint without faults takes nothing from the generator, so adding faults to one endpoint
  // leaves the sequence of the others as it was.
  Rng used(7), fresh(7);
  CHECK(parsed("search=5xx:1").choose(Endpoint::kTrip, used) == nullptr);
  CHECK(used.next() == fresh.next());
}
