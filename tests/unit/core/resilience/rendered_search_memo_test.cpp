// The rendered-body memo: every body it hands out is byte-identical to a fresh render of the same
// answer, query and pricing, whatever the order of requests and however often slots collide.
#include "travelctl/core/resilience/rendered_search_memo.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <random>
#include <sstream>

using namespace travelctl::core;
using resilience::RenderedSearchMemo;
using transform::ClientPricing;
using transform::SearchQuery;
using transform::SortKey;

namespace {

RenderedSearchMemo::Answer golden_answer() {
  std::ifstream in(std::string(TRAVELCTL_SPEC_DIR) + "/examples/search-basic/supplier.json");
  std::ostringstream body;
  body << in.rdbuf();
  auto parsed = transform::parse_supplier_search(body.str());
  REQUIRE(parsed);
  return *parsed;
}

SearchQuery query(std::string currency, SortKey sort, int limit, int pax) {
  SearchQuery q;
  q.from = 101;
  q.to = 117;
  q.date = "2026-12-01";
  q.pax = pax;
  q.currency = std::move(currency);
  q.sort = sort;
  q.limit = limit;
  return q;
}

const ClientPricing kAcme{"USD", {"USD", "EUR", "JPY", "XXX"}, 500, {{"USD", 50}, {"JPY", 70}}};

std::string direct(const RenderedSearchMemo::Answer& a, const SearchQuery& q,
                   const ClientPricing& p) {
  std::string out;
  REQUIRE(transform::render_search(*a, q, p, out));
  return out;
}

}  // namespace

TEST_CASE("Rendered memo: a repeat is a hit with the very same body", "[core]") {
  const auto answer = golden_answer();
  RenderedSearchMemo memo(16);
  const auto q = query("USD", SortKey::price, 50, 2);
  std::string first = "prefix:";
  REQUIRE(memo.render(answer, q, kAcme, first));
  std::string second;
  REQUIRE(memo.render(answer, q, kAcme, second));
  CHECK(first == "prefix:" + direct(answer, q, kAcme));  // appends, as render_search does
  CHECK(second == direct(answer, q, kAcme));
  CHECK(memo.misses() == 1);
  CHECK(memo.hits() == 1);
}

TEST_CASE("Rendered memo: anything a body depends on makes it a miss", "[core]") {
  const auto answer = golden_answer();
  RenderedSearchMemo memo(64);
  const auto base = query("USD", SortKey::departure, 50, 2);
  std::string out;
  REQUIRE(memo.render(answer, base, kAcme, out));

  ClientPricing other_percent = kAcme;
  other_percent.percent_bps = 700;
  ClientPricing other_fixed = kAcme;
  other_fixed.fixed = {{"USD", 99}};
  const auto same_content = golden_answer();  // equal data, another object: a newer answer
  struct Variant {
    RenderedSearchMemo::Answer answer;
    SearchQuery q;
    ClientPricing pricing;
  };
  const std::vector<Variant> variants = {
      {answer, query("EUR", SortKey::departure, 50, 2), kAcme},
      {answer, query("USD", SortKey::duration, 50, 2), kAcme},
      {answer, query("USD", SortKey::departure, 3, 2), kAcme},
      {answer, query("USD", SortKey::departure, 50, 1), kAcme},
      {answer, base, other_percent},
      {answer, base, other_fixed},
      {same_content, base, kAcme},
  };
  for (const auto& v : variants) {
    std::string body;
    REQUIRE(memo.render(v.answer, v.q, v.pricing, body));
    CHECK(body == direct(v.answer, v.q, v.pricing));
  }
  CHECK(memo.hits() == 0);
  CHECK(memo.misses() == 1 + variants.size());
}

TEST_CASE("Rendered memo: random traffic on colliding slots equals fresh renders", "[core]") {
  const auto answer = golden_answer();
  ClientPricing cheap = kAcme;
  cheap.percent_bps = 0;
  cheap.fixed.clear();
  for (std::size_t slots : {1, 3, 256}) {
    RenderedSearchMemo memo(slots);
    std::mt19937 rng(static_cast<unsigned>(slots));
    for (int i = 0; i < 400; ++i) {
      const char* currency = (rng() % 2) ? "USD" : "JPY";
      const auto sort = static_cast<SortKey>(rng() % 3);
      const int limit = 1 + static_cast<int>(rng() % 4);
      const auto q = query(currency, sort, limit, 1 + static_cast<int>(rng() % 2));
      const ClientPricing& p = (rng() % 2) ? kAcme : cheap;
      std::string body;
      REQUIRE(memo.render(answer, q, p, body));
      REQUIRE(body == direct(answer, q, p));
    }
    CHECK(memo.hits() + memo.misses() == 400);
    CHECK(memo.hits() > 0);
  }
}

TEST_CASE("Rendered memo: off, oversized bodies and errors are never kept", "[core]") {
  const auto answer = golden_answer();
  const auto q = query("USD", SortKey::price, 50, 2);
  std::string out;

  RenderedSearchMemo off(0);
  REQUIRE(off.render(answer, q, kAcme, out));
  REQUIRE(off.render(answer, q, kAcme, out));
  CHECK(off.hits() == 0);

  RenderedSearchMemo tiny(8, 16);  // every body is over 16 bytes
  REQUIRE(tiny.render(answer, q, kAcme, out));
  REQUIRE(tiny.render(answer, q, kAcme, out));
  CHECK(tiny.hits() == 0);
  CHECK(tiny.kept_bytes() == 0);

  RenderedSearchMemo memo(8);
  const auto no_rate = query("XXX", SortKey::price, 50, 2);  // the supplier gave no XXX rate
  std::string body;
  CHECK_FALSE(memo.render(answer, no_rate, kAcme, body));
  CHECK_FALSE(memo.render(answer, no_rate, kAcme, body));
  CHECK(memo.hits() == 0);
}
