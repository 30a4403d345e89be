// Unit tests of API-key lookup by digest.
#include "travelctl/core/proxy/auth.hpp"

#include <catch2/catch.hpp>
#include <string>

using travelctl::core::proxy::KeyIndex;

TEST_CASE("KeyIndex: finds the client of each key and nothing else", "[core]") {
  KeyIndex idx;
  CHECK(idx.add("alpha-key", 0));
  CHECK(idx.add("beta-key-1", 1));
  CHECK(idx.add("beta-key-2", 1));
  CHECK_FALSE(idx.add("alpha-key", 1));  // duplicates refused
  CHECK(idx.size() == 3);
  CHECK(idx.find("alpha-key") == std::optional<std::size_t>(0));
  CHECK(idx.find("beta-key-2") == std::optional<std::size_t>(1));
  CHECK_FALSE(idx.find(""));
  CHECK_FALSE(idx.find("alpha-ke"));
  CHECK_FALSE(idx.find("alpha-keyy"));
  CHECK_FALSE(idx.find("ALPHA-KEY"));
  CHECK_FALSE(idx.find(std::string_view("alpha-key\0", 10)));
}

TEST_CASE("KeyIndex: digests are SHA-256", "[core]") {
  // SHA-256("abc") = ba7816bf...
  const auto d = KeyIndex::digest("abc");
  CHECK(d[0] == 0xba);
  CHECK(d[1] == 0x78);
  CHECK(d[31] == 0xad);
}

TEST_CASE("KeyIndex: the per-thread digest context gives the same digest every time", "[core]") {
  const auto first = KeyIndex::digest("abc");
  CHECK(KeyIndex::digest(std::string(1000, 'k')) != first);
  CHECK(KeyIndex::digest("abc") == first);
  // SHA-256("") = e3b0c442...b855
  const auto empty = KeyIndex::digest("");
  CHECK(empty[0] == 0xe3);
  CHECK(empty[31] == 0x55);
}
