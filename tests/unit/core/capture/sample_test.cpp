#include "travelctl/core/capture/sample.hpp"

#include <catch2/catch.hpp>
#include <string>

using travelctl::core::capture::sampled;

TEST_CASE("Capture sampling: 1 keeps all, 0 none, the same id always the same way", "[core]") {
  int kept = 0;
  for (int i = 0; i < 100'000; ++i) {
    const std::string id = "req-" + std::to_string(i);
    CHECK(sampled(id, 1.0));
    CHECK_FALSE(sampled(id, 0.0));
    const bool once = sampled(id, 0.1);
    CHECK(sampled(id, 0.1) == once);
    kept += once ? 1 : 0;
  }
  // About one in ten (binomial: the standard deviation is ~95, so +-1000 is never flaky).
  CHECK(kept > 9'000);
  CHECK(kept < 11'000);
}

TEST_CASE("Capture sampling: a lower rate keeps a subset of a higher one", "[core]") {
  for (int i = 0; i < 10'000; ++i) {
    const std::string id = std::to_string(i);
    if (sampled(id, 0.05)) {
      CHECK(sampled(id, 0.2));
    }
  }
}
