// Histogram: percentiles within the 3-significant-digit bound of exact ones, merge equals union,
// lossless JSON round trip, saturation and layout checks.
#include "travelctl/reports/histogram.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

using travelctl::reports::Histogram;

namespace {

// Log-uniform over [1 µs, 1 h]: every magnitude the histogram covers gets samples.
std::vector<uint64_t> log_uniform_samples(std::size_t n, uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> exponent(0.0, std::log(3.6e9));
  std::vector<uint64_t> v(n);
  for (auto& x : v) {
    x = static_cast<uint64_t>(std::exp(exponent(rng)));
  }
  return v;
}

// The exact percentile as HdrHistogram defines it: the value of rank ceil(p% of n).
uint64_t exact_percentile(const std::vector<uint64_t>& sorted, double p) {
  const auto rank = std::max<std::size_t>(
      1,
      static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size()) - 1e-9)));
  return sorted[rank - 1];
}

Histogram filled(const std::vector<uint64_t>& values) {
  Histogram h;
  for (auto v : values) {
    h.record(v);
  }
  return h;
}

const double kPercentiles[] = {0.1, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100};

}  // namespace

TEST_CASE("Histogram: percentiles are within 3 significant digits of the exact ones", "[reports]") {
  for (uint32_t seed : {1u, 2u, 3u}) {
    auto values = log_uniform_samples(200'000, seed);
    const Histogram h = filled(values);
    std::sort(values.begin(), values.end());
    REQUIRE(h.count() == values.size());
    REQUIRE(h.min() == values.front());
    REQUIRE(h.max() == values.back());
    for (double p : kPercentiles) {
      const uint64_t exact = exact_percentile(values, p);
      const uint64_t got = h.percentile(p);
      INFO("seed " << seed << " p" << p << " exact " << exact << " histogram " << got);
      // Reported as the top of the exact value's bucket: never below, at most 1/1000 above.
      CHECK(got >= exact);
      CHECK(static_cast<double>(got - exact) <= static_cast<double>(exact) * 1e-3);
    }
  }
}

TEST_CASE("Histogram: small values are exact and latency-like samples keep their percentiles",
          "[reports]") {
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> latency(std::log(800.0), 0.6);  // ~0.8 ms median
  std::vector<uint64_t> values(100'000);
  for (auto& v : values) {
    v = 1 + static_cast<uint64_t>(latency(rng));
  }
  const Histogram h = filled(values);
  std::sort(values.begin(), values.end());
  for (double p : kPercentiles) {
    const uint64_t exact = exact_percentile(values, p);
    if (exact < 2048) {
      CHECK(h.percentile(p) == exact);  // below 2048 µs every value has its own counter
    } else {
      CHECK(h.percentile(p) >= exact);
      CHECK(static_cast<double>(h.percentile(p) - exact) <= static_cast<double>(exact) * 1e-3);
    }
  }
}

TEST_CASE("Histogram: mean is exact and stdev within the resolution", "[reports]") {
  const auto values = log_uniform_samples(50'000, 11);
  const Histogram h = filled(values);
  long double sum = 0;
  for (auto v : values) {
    sum += v;
  }
  const double mean = static_cast<double>(sum / values.size());
  long double sq = 0;
  for (auto v : values) {
    sq += (v - mean) * (v - mean);
  }
  const double stdev = std::sqrt(static_cast<double>(sq / values.size()));
  CHECK(h.mean() == Approx(mean).epsilon(1e-12));
  CHECK(h.stdev() == Approx(stdev).epsilon(1e-3));
}

TEST_CASE("Histogram: merge equals the histogram of the union", "[reports]") {
  const auto a = log_uniform_samples(30'000, 21);
  auto b = log_uniform_samples(20'000, 22);
  for (std::size_t i = 0; i < b.size(); i += 2) {
    b[i] = b[i] % 5000 + 1;  // overlapping ranges, not just disjoint ones
  }
  Histogram merged = filled(a);
  merged.merge(filled(b));
  std::vector<uint64_t> all = a;
  all.insert(all.end(), b.begin(), b.end());
  const Histogram expected = filled(all);
  CHECK(merged.count() == expected.count());
  CHECK(merged.min() == expected.min());
  CHECK(merged.max() == expected.max());
  CHECK(merged.mean() == Approx(expected.mean()).epsilon(1e-12));
  for (double p : kPercentiles) {
    CHECK(merged.percentile(p) == expected.percentile(p));
  }
  CHECK(merged.to_json() == expected.to_json());  // every counter equal

  Histogram empty;
  empty.merge(expected);
  CHECK(empty.to_json() == expected.to_json());
}

TEST_CASE("Histogram: JSON round trip is lossless", "[reports]") {
  const auto values = log_uniform_samples(40'000, 31);
  Histogram h = filled(values);
  h.record(7'200'000'000ULL);  // above 1 h: saturates
  const std::string text = h.to_json().dump();
  const Histogram back = Histogram::from_json(nlohmann::json::parse(text));
  CHECK(back.to_json() == h.to_json());
  CHECK(back.count() == h.count());
  CHECK(back.saturated() == 1);
  CHECK(back.min() == h.min());
  CHECK(back.max() == h.max());
  CHECK(back.mean() == h.mean());
  CHECK(back.stdev() == h.stdev());
  for (double p : kPercentiles) {
    CHECK(back.percentile(p) == h.percentile(p));
  }
  const Histogram empty_back = Histogram::from_json(Histogram().to_json());
  CHECK(empty_back.count() == 0);
  CHECK(empty_back.percentile(99) == 0);
}

TEST_CASE("Histogram: corrupt JSON is refused with a reason", "[reports]") {
  const auto good = filled({1, 2, 3, 1000, 50'000}).to_json();
  auto bad_encoding = good;
  bad_encoding["encoding"] = "other";
  CHECK_THROWS_AS(Histogram::from_json(bad_encoding), std::invalid_argument);
  auto bad_base64 = good;
  bad_base64["counts"] = "%%%";
  CHECK_THROWS_AS(Histogram::from_json(bad_base64), std::invalid_argument);
  auto bad_count = good;
  bad_count["count"] = 6;
  CHECK_THROWS_AS(Histogram::from_json(bad_count), std::invalid_argument);
  auto missing = good;
  missing.erase("lowest");
  CHECK_THROWS_AS(Histogram::from_json(missing), std::invalid_argument);
}

TEST_CASE("Histogram: values above the highest are clamped and counted", "[reports]") {
  Histogram h;
  h.record(10);
  h.record(5'000'000'000ULL, 3);
  CHECK(h.count() == 4);
  CHECK(h.saturated() == 3);
  CHECK(h.max() == 3'600'000'000ULL);
  CHECK(h.percentile(100) == 3'600'000'000ULL);
}

TEST_CASE("Histogram: merging different layouts is refused", "[reports]") {
  Histogram a;
  Histogram b(1, 1'000'000, 2);
  CHECK_FALSE(a.same_layout(b));
  CHECK_THROWS_AS(a.merge(b), std::invalid_argument);
}
