// Hodges-Lehmann shift and its confidence interval on data with a documented reference.
#include "travelctl/reports/stats/hodges_lehmann.hpp"

#include <catch2/catch.hpp>
#include <vector>

namespace stats = travelctl::reports::stats;

TEST_CASE("Hodges-Lehmann: estimate and exact interval of R's wilcox.test example", "[reports]") {
  // Reference (python3): the 50 differences y_j - x_i sorted, their median -0.305; the exact
  // U distribution for n = 10, m = 5 gives k = 9 (P(U <= 8) = 0.01998 <= 0.025), so the
  // interval is [D(9), D(42)] = [-0.76, 0.15] with achieved confidence 0.96004.
  const std::vector<double> x{0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
  const std::vector<double> y{1.15, 0.88, 0.90, 0.74, 1.21};
  const auto s = stats::hodges_lehmann(x, y, 0.95);
  CHECK(s.estimate == Approx(-0.305));
  CHECK(s.low == Approx(-0.76));
  CHECK(s.high == Approx(0.15));
  CHECK(s.level == Approx(0.9600399600399601));
}

TEST_CASE("Hodges-Lehmann: a pure shift is recovered exactly", "[reports]") {
  const std::vector<double> x{10, 11, 12, 13, 14, 15, 16};
  std::vector<double> y;
  for (double v : x) {
    y.push_back(v + 3);
  }
  const auto s = stats::hodges_lehmann(x, y, 0.95);
  CHECK(s.estimate == 3);
  CHECK(s.low < 3);
  CHECK(s.high > 3);
  CHECK(s.level >= 0.95);
}

TEST_CASE("Hodges-Lehmann: samples too small for the level give the full range and say so",
          "[reports]") {
  const std::vector<double> x{1, 2, 3};
  const std::vector<double> y{4, 6, 8};
  const auto s = stats::hodges_lehmann(x, y, 0.95);
  CHECK(s.estimate == 4);  // differences 1..7: 3,5,7,2,4,6,1,3,5 -> median 4
  CHECK(s.low == 1);
  CHECK(s.high == 7);
  CHECK(s.level == Approx(0.9));  // 1 - 2/20
}

TEST_CASE("Hodges-Lehmann: large samples use the normal bound", "[reports]") {
  std::vector<double> x(80);
  std::vector<double> y(80);
  for (int i = 0; i < 80; ++i) {
    x[i] = i;
    y[i] = i + 5;
  }
  const auto s = stats::hodges_lehmann(x, y, 0.95);
  CHECK(s.estimate == 5);
  CHECK(s.low < 5);
  CHECK(s.high > 5);
  CHECK(s.high - 5 == Approx(5 - s.low));
  CHECK(stats::hodges_lehmann({}, y, 0.95).estimate == 0);
}
