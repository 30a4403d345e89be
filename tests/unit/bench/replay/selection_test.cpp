// --filter, --rewrite and --key parsing and matching.
#include "travelctl/bench/replay/selection.hpp"

#include <catch2/catch.hpp>

#include "travelctl/bench/replay/keys.hpp"

namespace rp = travelctl::bench::replay;

TEST_CASE("parse_filter: method and path glob, query only when asked", "[bench]") {
  auto f = rp::parse_filter("GET /v1/itineraries*");
  REQUIRE(f);
  CHECK(f->matches("GET", "/v1/itineraries?from=1&to=2"));
  CHECK(f->matches("GET", "/v1/itineraries/abc"));
  CHECK_FALSE(f->matches("POST", "/v1/itineraries"));
  CHECK_FALSE(f->matches("GET", "/v1/bookings"));
  f = rp::parse_filter("/v1/bookings/*/confirm");
  REQUIRE(f);
  CHECK(f->matches("POST", "/v1/bookings/b_1/confirm"));
  CHECK_FALSE(f->matches("POST", "/v1/bookings/b_1"));
  f = rp::parse_filter("get /v1/itineraries");  // exact path, any query
  REQUIRE(f);
  CHECK(f->matches("GET", "/v1/itineraries?pax=2"));
  CHECK_FALSE(f->matches("GET", "/v1/itineraries/x"));
  f = rp::parse_filter("* /v1/itineraries?*pax=2*");
  REQUIRE(f);
  CHECK(f->matches("GET", "/v1/itineraries?from=1&pax=2"));
  CHECK_FALSE(f->matches("GET", "/v1/itineraries?from=1&pax=3"));
  for (const char* bad : {"", "GET", "GET v1/x", "G3T /x", "GET  "}) {
    CAPTURE(bad);
    CHECK_FALSE(rp::parse_filter(bad));
  }
}

TEST_CASE("glob_match: stars anywhere, no backtracking blow-up", "[bench]") {
  CHECK(rp::glob_match("*", ""));
  CHECK(rp::glob_match("/a*b*c", "/a--b--b--c"));
  CHECK_FALSE(rp::glob_match("/a*b*c", "/a--b--b--d"));
  CHECK(rp::glob_match("**/x", "/y/x"));
  const std::string many(2000, 'a');
  CHECK_FALSE(rp::glob_match("*a*a*a*a*a*a*b", many));
}

TEST_CASE("parse_rewrite: path prefixes at segment boundaries, hosts", "[bench]") {
  auto r = rp::parse_rewrite("/v1=/v2");
  REQUIRE(r);
  CHECK(r->path);
  CHECK(r->apply_to_target("/v1/itineraries?x=1") == "/v2/itineraries?x=1");
  CHECK(r->apply_to_target("/v1?x") == "/v2?x");
  CHECK(r->apply_to_target("/v1") == "/v2");
  CHECK_FALSE(r->apply_to_target("/v10/x"));
  CHECK_FALSE(r->apply_to_target("/health"));
  r = rp::parse_rewrite("/api/=/");
  REQUIRE(r);
  CHECK(r->apply_to_target("/api/v1/x") == "/v1/x");
  r = rp::parse_rewrite("prod.example:443=127.0.0.1:8080");
  REQUIRE(r);
  CHECK_FALSE(r->path);
  CHECK_FALSE(r->apply_to_target("/v1"));
  for (const char* bad : {"/v1", "=/v2", "/v1=v2", "/v1=", "a=b/c", "a b=c", "host="}) {
    CAPTURE(bad);
    CHECK_FALSE(rp::parse_rewrite(bad));
  }
}

TEST_CASE("keys: per client, fallback, keys file with line numbers", "[bench]") {
  rp::KeyMap keys;
  CHECK_FALSE(rp::add_key(keys, "acme=k-acme"));
  CHECK_FALSE(rp::add_key(keys, "k-any"));
  CHECK(*keys.key_for("acme") == "k-acme");
  CHECK(*keys.key_for("globex") == "k-any");
  CHECK(*keys.key_for("") == "k-any");
  CHECK(rp::add_key(keys, "acme="));
  CHECK(rp::add_key(keys, "=x"));
  CHECK(rp::add_key(keys, "a=b c"));
  rp::KeyMap file;
  CHECK_FALSE(rp::add_keys_file(file, "# keys\nacme = k1\n\nglobex=k2\n"));
  REQUIRE(file.key_for("acme") != nullptr);
  CHECK(*file.key_for("acme") == "k1");
  REQUIRE(file.key_for("globex") != nullptr);
  CHECK(*file.key_for("globex") == "k2");
  CHECK(file.key_for("other") == nullptr);
  const auto why = rp::add_keys_file(file, "acme=k1\njust-a-key\n");
  REQUIRE(why);
  CHECK(why->rfind("line 2", 0) == 0);
}
