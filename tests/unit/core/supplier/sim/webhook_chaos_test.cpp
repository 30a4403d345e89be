// Tests of the webhook chaos spec: good and bad specs, canonical form, seeded choices.
#include "travelctl/core/supplier/sim/webhook_chaos.hpp"

#include <catch2/catch.hpp>
#include <chrono>

using namespace travelctl::core::supplier::sim;
using namespace std::chrono_literals;

namespace {

std::string error_of(std::string_view spec) {
  auto c = WebhookChaos::parse(spec);
  REQUIRE_FALSE(c.has_value());
  return c.error();
}

}  // namespace

TEST_CASE("Webhook chaos: good specs", "[core]") {
  for (const char* none : {"", "none", "dup=0,reorder=0"}) {
    auto c = WebhookChaos::parse(none);
    REQUIRE(c.has_value());
    CHECK(c->empty());
    CHECK(c->describe() == "none");
  }
  auto c = WebhookChaos::parse("dup=0.2,reorder=0.25");
  REQUIRE(c.has_value());
  CHECK(c->dup == 0.2);
  CHECK(c->reorder == 0.25);
  CHECK(c->window == 2s);
  CHECK(c->describe() == "dup=0.2,reorder=0.25,window=2s");

  c = WebhookChaos::parse("window=300ms,reorder=1");
  REQUIRE(c.has_value());
  CHECK(c->dup == 0);
  CHECK(c->reorder == 1);
  CHECK(c->window == 300ms);
  CHECK(c->describe() == "reorder=1,window=300ms");
  // The description reads back to the same chaos.
  auto back = WebhookChaos::parse(c->describe());
  REQUIRE(back.has_value());
  CHECK(back->describe() == c->describe());

  c = WebhookChaos::parse("dup=1");
  REQUIRE(c.has_value());
  CHECK(c->describe() == "dup=1");
}

TEST_CASE("Webhook chaos: bad specs name the bad part", "[core]") {
  CHECK(error_of("dup") == "'dup': expected dup=RATE, reorder=RATE or window=DURATION");
  CHECK(error_of("dup=2") == "'dup=2': the rate must be a decimal from 0 to 1, e.g. 0.2");
  CHECK(error_of("dup=-0.1") == "'dup=-0.1': the rate must be a decimal from 0 to 1, e.g. 0.2");
  CHECK(error_of("reorder=.5") == "'reorder=.5': the rate must be a decimal from 0 to 1, e.g. 0.2");
  CHECK(error_of("dup=0.2,dup=0.3") == "'dup=0.3': 'dup' is given twice");
  CHECK(error_of("dups=0.2") == "'dups=0.2': unknown setting 'dups' (dup, reorder, window)");
  CHECK(error_of("dup=0.2,") == "'': expected dup=RATE, reorder=RATE or window=DURATION");
  CHECK(error_of("dup=0.2;reorder=0.1") ==
        "'dup=0.2;reorder=0.1': the rate must be a decimal from 0 to 1, e.g. 0.2");
  CHECK(error_of("reorder=0.5,window=0ms") ==
        "'window=0ms': the window must be a duration from 1us to 10 minutes, e.g. 2s");
  CHECK(error_of("window=2") ==
        "'window=2': the window must be a duration from 1us to 10 minutes, e.g. 2s");
}

TEST_CASE("Webhook chaos: choices follow the rates and the seed", "[core]") {
  const WebhookChaos c = WebhookChaos::parse("dup=0.2,reorder=0.5").value();
  Rng rng(hash_of({1, 2}));
  int dup = 0, hold = 0, both = 0;
  for (int i = 0; i < 10'000; ++i) {
    const ChaosChoice x = c.choose(rng);
    dup += x.duplicate;
    hold += x.hold;
    both += x.duplicate && x.hold;
  }
  CHECK(dup > 1800);
  CHECK(dup < 2200);
  CHECK(hold > 4800);
  CHECK(hold < 5200);
  CHECK(both > 800);  // independent: about 0.2 * 0.5
  CHECK(both < 1200);

  // Same generator state, same choices; rates 0 and 1 are never and always.
  Rng a(99), b(99);
  for (int i = 0; i < 100; ++i) {
    const ChaosChoice x = c.choose(a), y = c.choose(b);
    REQUIRE(x.duplicate == y.duplicate);
    REQUIRE(x.hold == y.hold);
  }
  const WebhookChaos all = WebhookChaos::parse("dup=1,reorder=1").value();
  const WebhookChaos none = WebhookChaos::parse("none").value();
  for (int i = 0; i < 100; ++i) {
    const ChaosChoice x = all.choose(a), y = none.choose(a);
    REQUIRE((x.duplicate && x.hold));
    REQUIRE((!y.duplicate && !y.hold));
  }
}
