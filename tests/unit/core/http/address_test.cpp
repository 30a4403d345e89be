// Unit tests of listen address and base URL parsing.
#include "travelctl/core/http/address.hpp"

#include <catch2/catch.hpp>

using namespace travelctl::core::http;

TEST_CASE("Address: listen addresses", "[core]") {
  auto a = parse_listen_address("0.0.0.0:8080");
  REQUIRE(a);
  CHECK(a->host == "0.0.0.0");
  CHECK(a->port == 8080);
  a = parse_listen_address("[::1]:0");
  REQUIRE(a);
  CHECK(a->host == "::1");
  a = parse_listen_address("localhost:9");
  REQUIRE(a);
  CHECK(a->host == "127.0.0.1");
  a = parse_listen_address("8081");
  REQUIRE(a);
  CHECK(a->host == "127.0.0.1");
  CHECK(a->port == 8081);
  for (const char* bad :
       {"", "host:80", "1.2.3.4:", "1.2.3.4:65536", "[::1]", "::1:80", "1.2.3:80", "70000"}) {
    CHECK_FALSE(parse_listen_address(bad));
  }
}

TEST_CASE("Address: base URLs", "[core]") {
  auto u = parse_http_url("http://127.0.0.1:9090");
  REQUIRE(u);
  CHECK_FALSE(u->tls);
  CHECK(u->host == "127.0.0.1");
  CHECK(u->port == 9090);
  CHECK(u->path_prefix.empty());
  CHECK(u->host_header == "127.0.0.1:9090");
  u = parse_http_url("https://api.supplier.example/partner/v2/");
  REQUIRE(u);
  CHECK(u->tls);
  CHECK(u->port == 443);
  CHECK(u->path_prefix == "/partner/v2");
  CHECK(u->host_header == "api.supplier.example");
  u = parse_http_url("http://[::1]:80/");
  REQUIRE(u);
  CHECK(u->host == "::1");
  CHECK(u->host_header == "[::1]");
  for (const char* bad :
       {"", "ftp://h", "http://", "http://h:0", "http://h:x", "http://u@h", "http://h/?a",
        "http://h/#a", "http://h h", "http://[zz]:1", "http://h_/"}) {
    CHECK_FALSE(parse_http_url(bad));
  }
}
