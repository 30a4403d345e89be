// parse_url: schemes, ports, IPv6, targets, and clear errors.
#include "travelctl/bench/url.hpp"

#include <catch2/catch.hpp>

using travelctl::bench::parse_url;

TEST_CASE("parse_url: schemes, default ports and targets", "[bench]") {
  auto u = parse_url("http://example.com");
  REQUIRE(u);
  CHECK_FALSE(u->tls);
  CHECK(u->host == "example.com");
  CHECK(u->port == 80);
  CHECK(u->target == "/");
  CHECK(u->host_header() == "example.com");

  u = parse_url("https://api.example.com:8443/v1/itineraries?from=101&to=117#frag");
  REQUIRE(u);
  CHECK(u->tls);
  CHECK(u->port == 8443);
  CHECK(u->target == "/v1/itineraries?from=101&to=117");
  CHECK(u->host_header() == "api.example.com:8443");
  CHECK(u->origin() == "https://api.example.com:8443");

  u = parse_url("http://127.0.0.1:8080?x=1");
  REQUIRE(u);
  CHECK(u->target == "/?x=1");

  u = parse_url("http://[::1]:9000/health");
  REQUIRE(u);
  CHECK(u->host == "::1");
  CHECK(u->port == 9000);
  CHECK(u->host_header() == "[::1]:9000");
}

TEST_CASE("parse_url: bad URLs say what is wrong", "[bench]") {
  for (const char* bad :
       {"ftp://x", "example.com", "http://", "http://:80/", "http://host:0", "http://host:70000",
        "http://host:12ab", "http://host:/", "http://user@host/", "http://ho st/", "http://[::1/",
        "http://host/a b"}) {
    auto u = parse_url(bad);
    INFO(bad);
    CHECK_FALSE(u);
    if (!u) {
      CHECK_FALSE(u.error().empty());
    }
  }
}
