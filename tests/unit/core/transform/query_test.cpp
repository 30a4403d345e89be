// GET /v1/itineraries query validation: defaults, decoding, repeated/empty values, every bad field.
#include "travelctl/core/transform/query.hpp"

#include <catch2/catch.hpp>

#include "travelctl/core/transform/search.hpp"

using namespace travelctl::core::transform;

namespace {

const ClientPricing& acme() {
  static const ClientPricing c{"USD", {"USD", "EUR", "JPY"}, 500, {{"USD", 50}}};
  return c;
}

const std::string kBase = "from=101&to=117&date=2026-12-01";

SearchQuery ok(const std::string& q) {
  const auto r = parse_search_query(q, acme());
  INFO("query " << q);
  REQUIRE(r.has_value());
  return *r;
}

// The bad fields as "field: reason" lines, in order.
std::vector<std::string> bad(const std::string& q) {
  const auto r = parse_search_query(q, acme());
  INFO("query " << q);
  REQUIRE_FALSE(r.has_value());
  std::vector<std::string> out;
  for (const auto& e : r.error()) {
    out.push_back(e.field + ": " + e.reason);
  }
  return out;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("Query: defaults apply when parameters are absent", "[core]") {
  const auto q = ok(kBase);
  CHECK(q.from == 101);
  CHECK(q.to == 117);
  CHECK(q.date == "2026-12-01");
  CHECK(q.pax == 1);
  CHECK(q.currency == "USD");
  CHECK(q.sort == SortKey::departure);
  CHECK(q.limit == 50);
}

TEST_CASE("Query: every parameter is read", "[core]") {
  const auto q = ok(kBase + "&pax=9&currency=JPY&sort=duration&limit=200");
  CHECK(q.pax == 9);
  CHECK(q.currency == "JPY");
  CHECK(q.sort == SortKey::duration);
  CHECK(q.limit == 200);
  CHECK(ok(kBase + "&sort=price").sort == SortKey::price);
  CHECK(ok(kBase + "&sort=departure&limit=1").limit == 1);
}

TEST_CASE("Query: leading zeros, percent escapes and plus signs are decoded", "[core]") {
  const auto q = ok("from=0101&to=%31%31%37&date=2026%2D12%2d01&pax=02&limit=007&curr%65ncy=EUR");
  CHECK(q.from == 101);
  CHECK(q.to == 117);
  CHECK(q.date == "2026-12-01");
  CHECK(q.pax == 2);
  CHECK(q.limit == 7);
  CHECK(q.currency == "EUR");
  CHECK(bad(kBase + "&currency=US+D") == Lines{"currency: must be one of USD, EUR, JPY"});
  CHECK(bad(kBase + "&sort=price+") == Lines{"sort: must be one of departure, price, duration"});
  CHECK(bad(kBase + "&pax=%2B2") == Lines{"pax: must be an integer from 1 to 9"});  // "+2"
}

TEST_CASE("Query: a repeated parameter takes its first value", "[core]") {
  CHECK(ok(kBase + "&pax=3&pax=4").pax == 3);
  CHECK(ok(kBase + "&pax=3&pax=oops").pax == 3);
  CHECK(bad(kBase + "&pax=oops&pax=3") == Lines{"pax: must be an integer from 1 to 9"});
  CHECK(ok("from=1&from=2&to=2&date=2026-12-01&to=1").from == 1);
}

TEST_CASE("Query: unknown parameters and stray separators are ignored", "[core]") {
  const auto q = ok("&&" + kBase + "&foo=bar&=x&&PAX=7&Sort=price&%zz=1&pax%=3");
  CHECK(q.pax == 1);
  CHECK(q.sort == SortKey::departure);
}

TEST_CASE("Query: an empty value is invalid, not the default", "[core]") {
  CHECK(bad(kBase + "&pax=") == Lines{"pax: must be an integer from 1 to 9"});
  CHECK(bad(kBase + "&pax") == Lines{"pax: must be an integer from 1 to 9"});
  CHECK(bad(kBase + "&currency=") == Lines{"currency: must be one of USD, EUR, JPY"});
  CHECK(bad(kBase + "&sort=") == Lines{"sort: must be one of departure, price, duration"});
  CHECK(bad(kBase + "&limit=") == Lines{"limit: must be an integer from 1 to 200"});
  CHECK(bad("from=&to=117&date=2026-12-01") == Lines{"from: must be a positive integer"});
  CHECK(bad("from=101&to=117&date=") == Lines{"date: must be a calendar date YYYY-MM-DD"});
}

TEST_CASE("Query: required parameters", "[core]") {
  CHECK(bad("") == Lines{"from: is required", "to: is required", "date: is required"});
  CHECK(bad("to=117&date=2026-12-01") == Lines{"from: is required"});
}

TEST_CASE("Query: station ids are positive integers that differ", "[core]") {
  CHECK(bad("from=0&to=117&date=2026-12-01") == Lines{"from: must be a positive integer"});
  CHECK(bad("from=-1&to=117&date=2026-12-01") == Lines{"from: must be a positive integer"});
  CHECK(bad("from=1.0&to=117&date=2026-12-01") == Lines{"from: must be a positive integer"});
  CHECK(bad("from=101&to=x&date=2026-12-01") == Lines{"to: must be a positive integer"});
  CHECK(bad("from=101&to=18446744073709551616&date=2026-12-01") ==
        Lines{"to: must be a positive integer"});
  CHECK(ok("from=101&to=18446744073709551615&date=2026-12-01").to == UINT64_MAX);
  CHECK(bad("from=101&to=101&date=2026-12-01") ==
        Lines{"from: must differ from to", "to: must differ from from"});
  CHECK(bad("from=0101&to=101&date=2026-12-01") ==
        Lines{"from: must differ from to", "to: must differ from from"});
}

TEST_CASE("Query: date must be a real calendar date", "[core]") {
  CHECK(ok("from=1&to=2&date=2028-02-29").date == "2028-02-29");
  for (const char* d : {"2026-02-29", "2026-13-01", "2026-12-32", "2026-12-1", "26-12-01",
                        "2026-12-01T00:00:00Z", "tomorrow", "2026-12-01%00"}) {
    INFO("date " << d);
    CHECK(bad(std::string("from=1&to=2&date=") + d) ==
          Lines{"date: must be a calendar date YYYY-MM-DD"});
  }
}

TEST_CASE("Query: pax, limit, currency and sort ranges", "[core]") {
  for (const char* v : {"0", "10", "-1", "1.5", "x", "99999999999999999999999"}) {
    INFO("value " << v);
    CHECK(bad(kBase + "&pax=" + v) == Lines{"pax: must be an integer from 1 to 9"});
  }
  for (const char* v : {"0", "201", "-5", "1e2", "50 "}) {
    INFO("value " << v);
    CHECK(bad(kBase + "&limit=" + v) == Lines{"limit: must be an integer from 1 to 200"});
  }
  CHECK(bad(kBase + "&currency=usd") == Lines{"currency: must be one of USD, EUR, JPY"});
  CHECK(bad(kBase + "&currency=GBP") == Lines{"currency: must be one of USD, EUR, JPY"});
  CHECK(bad(kBase + "&sort=PRICE") == Lines{"sort: must be one of departure, price, duration"});
}

TEST_CASE("Query: a malformed escape makes that field invalid", "[core]") {
  CHECK(bad(kBase + "&pax=%3") == Lines{"pax: must be an integer from 1 to 9"});
  CHECK(bad(kBase + "&currency=%GGD") == Lines{"currency: must be one of USD, EUR, JPY"});
  CHECK(bad("from=%&to=2&date=2026-12-01") == Lines{"from: must be a positive integer"});
}

TEST_CASE("Query: every bad field is listed in parameter order", "[core]") {
  CHECK(bad("limit=0&sort=x&currency=XXX&pax=0&date=2026-02-30&to=5&from=5") ==
        Lines{"from: must differ from to", "to: must differ from from",
              "date: must be a calendar date YYYY-MM-DD", "pax: must be an integer from 1 to 9",
              "currency: must be one of USD, EUR, JPY",
              "sort: must be one of departure, price, duration",
              "limit: must be an integer from 1 to 200"});
}

TEST_CASE("Query: form_decode handles escapes and plus", "[core]") {
  std::string out;
  CHECK(form_decode("a+b%20c%2Fd%2f%E2%9C%88", out));
  CHECK(out == "a b c/d/\xE2\x9C\x88");
  CHECK(form_decode("", out));
  CHECK(out.empty());
  CHECK_FALSE(form_decode("%", out));
  CHECK_FALSE(form_decode("%2", out));
  CHECK_FALSE(form_decode("%g0", out));
  CHECK_FALSE(form_decode("abc%0", out));
}
