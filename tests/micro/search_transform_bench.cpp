// Micro-benchmark of the search hot path on the peers' 19.6 KB supplier answer: parse+render (a
// miss's transform, from a copy and in place as `serve` does), a search-cache hit (lookup, then a
// repeat from the rendered memo or a fresh render), parse alone, and as references simdjson's bare
// DOM parse and nlohmann::json parse+dump of the same document.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "travelctl/core/resilience/rendered_search_memo.hpp"
#include "travelctl/core/resilience/search_cache.hpp"
#include "travelctl/core/transform/search.hpp"

namespace {

using namespace travelctl::core::transform;

const std::string& document() {
  static const std::string doc = [] {
    std::ifstream in(std::string(TRAVELCTL_SPEC_DIR) + "/../peers/supplier-search.json",
                     std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }();
  return doc;
}

// The demo client of the peers: USD with 5 % and a 0.50 USD fee, two passengers.
const ClientPricing& client() {
  static const ClientPricing c{"USD", {"USD", "EUR", "JPY"}, 500, {{"USD", 50}}};
  return c;
}

const SearchQuery& query() {
  static const SearchQuery q = [] {
    auto parsed = parse_search_query("from=101&to=117&date=2026-12-01&pax=2", client());
    return parsed.value();
  }();
  return q;
}

void check_input(benchmark::State& state) {
  if (document().empty()) {
    state.SkipWithError("supplier-search.json not found (TRAVELCTL_SPEC_DIR/../peers)");
  }
}

void BM_SearchParseRender(benchmark::State& state) {
  check_input(state);
  std::string out;
  for (auto _ : state) {
    out.clear();
    auto search = parse_supplier_search(document());
    auto stats = render_search(**search, query(), client(), out);
    benchmark::DoNotOptimize(stats);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * document().size()));
  state.counters["out_bytes"] = static_cast<double>(out.size());
}
BENCHMARK(BM_SearchParseRender);

// As `serve` runs it: the supplier body sits in a buffer with spare capacity past its end (the
// client pool keeps http::kResponseBodySlack), so the parser reads it in place instead of a copy.
void BM_SearchParseRenderInPlace(benchmark::State& state) {
  check_input(state);
  std::string body;
  body.reserve(document().size() + kParsePadding);
  body = document();
  std::string out;
  for (auto _ : state) {
    out.clear();
    auto search = parse_supplier_search(body, body.capacity() - body.size());
    auto stats = render_search(**search, query(), client(), out);
    benchmark::DoNotOptimize(stats);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * document().size()));
  state.counters["out_bytes"] = static_cast<double>(out.size());
}
BENCHMARK(BM_SearchParseRenderInPlace);

void BM_SearchRenderCacheHit(benchmark::State& state) {
  check_input(state);
  auto search = parse_supplier_search(document());
  std::string out;
  for (auto _ : state) {
    out.clear();
    auto stats = render_search(**search, query(), client(), out);
    benchmark::DoNotOptimize(stats);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * document().size()));
}
BENCHMARK(BM_SearchRenderCacheHit);

// What serve does on a cache hit that repeats a recent search: the shard lookup, then the memo.
void BM_SearchCacheHitRepeat(benchmark::State& state) {
  check_input(state);
  travelctl::core::resilience::SearchCache cache({std::chrono::hours(1), {}, 10'000});
  travelctl::core::resilience::RenderedSearchMemo memo;
  const auto key = travelctl::core::resilience::SearchCache::key(101, 117, "2026-12-01", 2);
  cache.put(key, *parse_supplier_search(document()), std::chrono::steady_clock::now());
  std::string out;
  for (auto _ : state) {
    out.clear();
    auto found = cache.get(key, std::chrono::steady_clock::now());
    auto stats = memo.render(found.value, query(), client(), out);
    benchmark::DoNotOptimize(stats);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * document().size()));
}
BENCHMARK(BM_SearchCacheHitRepeat);

void BM_SearchParseOnly(benchmark::State& state) {
  check_input(state);
  for (auto _ : state) {
    auto search = parse_supplier_search(document());
    benchmark::DoNotOptimize(search);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * document().size()));
}
BENCHMARK(BM_SearchParseOnly);

// Floor: simdjson's DOM parse alone (no validation of trips, no output), with a reused parser.
void BM_SimdjsonDomParse(benchmark::State& state) {
  check_input(state);
  simdjson::dom::parser parser;
  for (auto _ : state) {
    simdjson::dom::element root;
    auto err = parser.parse(document().data(), document().size()).get(root);
    benchmark::DoNotOptimize(err);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * document().size()));
}
BENCHMARK(BM_SimdjsonDomParse);

// Reference: what a tree-building JSON library costs for parse + serialise alone, no reshaping.
void BM_NlohmannParseDump(benchmark::State& state) {
  check_input(state);
  for (auto _ : state) {
    auto doc = nlohmann::json::parse(document());
    std::string out = doc.dump();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * document().size()));
}
BENCHMARK(BM_NlohmannParseDump);

}  // namespace
