// The Store factory's backend choice and the idempotency body hash.
#include "travelctl/core/store/store.hpp"

#include <catch2/catch.hpp>

namespace store = travelctl::core::store;
using Catch::Matchers::Contains;

TEST_CASE("Store factory: redis is a clear not-yet, an unknown kind is named", "[core]") {
  store::StoreOptions redis;
  redis.kind = "redis";
  redis.url = "redis://127.0.0.1:6379/0";
  auto r = store::open_store(redis);
  REQUIRE_FALSE(r.has_value());
  CHECK_THAT(r.error(), Contains("redis://127.0.0.1:6379/0"));
  CHECK_THAT(r.error(), Contains("not available"));

  store::StoreOptions odd;
  odd.kind = "postgres";
  auto o = store::open_store(odd);
  REQUIRE_FALSE(o.has_value());
  CHECK_THAT(o.error(), Contains("unknown backend \"postgres\""));
}

TEST_CASE("Store: the body hash is SHA-256 in lowercase hex", "[core]") {
  // FIPS 180-2 test vectors.
  CHECK(store::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(store::sha256_hex("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(store::sha256_hex(std::string(1, '\0')) != store::sha256_hex(""));
}
