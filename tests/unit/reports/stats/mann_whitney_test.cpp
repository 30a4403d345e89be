// Mann-Whitney U against published critical values and documented reference computations.
#include "travelctl/reports/stats/mann_whitney.hpp"

#include <catch2/catch.hpp>
#include <numeric>
#include <vector>

namespace stats = travelctl::reports::stats;

namespace {

// The largest u whose two-sided exact p is <= alpha: the tabulated critical value.
int critical_u(std::size_t n, std::size_t m, double alpha) {
  int crit = -1;
  for (std::size_t u = 0; u <= n * m / 2; ++u) {
    if (stats::exact_p_value(static_cast<double>(u), n, m) <= alpha) {
      crit = static_cast<int>(u);
    }
  }
  return crit;
}

}  // namespace

TEST_CASE("Mann-Whitney: critical values match the published two-sided 0.05 table", "[reports]") {
  // The standard printed table of critical U for a two-tailed test at alpha = 0.05 (as in most
  // statistics textbooks): n1 = n2 = 4: 0, 5: 2, 6: 5, 7: 8, 8: 13, 10: 23; n1 = 5, n2 = 10: 8.
  // Cross-checked with python3 by enumerating every rank arrangement.
  CHECK(critical_u(4, 4, 0.05) == 0);
  CHECK(critical_u(5, 5, 0.05) == 2);
  CHECK(critical_u(6, 6, 0.05) == 5);
  CHECK(critical_u(7, 7, 0.05) == 8);
  CHECK(critical_u(8, 8, 0.05) == 13);
  CHECK(critical_u(10, 10, 0.05) == 23);
  CHECK(critical_u(5, 10, 0.05) == 8);
  // n1 = n2 = 3 has no critical value: the best two-sided p is 2/20 = 0.1.
  CHECK(critical_u(3, 3, 0.05) == -1);
}

TEST_CASE("Mann-Whitney: the null distribution sums to one and is symmetric", "[reports]") {
  const auto d = stats::u_distribution(7, 4);
  REQUIRE(d.size() == 29);
  CHECK(std::accumulate(d.begin(), d.end(), 0.0) == Approx(1.0));
  for (std::size_t u = 0; u < d.size(); ++u) {
    CHECK(d[u] == Approx(d[d.size() - 1 - u]));
  }
  CHECK(d[0] == Approx(1.0 / 330));  // C(11, 4) = 330 arrangements, one with U = 0
}

TEST_CASE("Mann-Whitney: exact p-value of R's wilcox.test example", "[reports]") {
  // x, y from R's ?wilcox.test (Hollander & Wolfe); R prints W = 35, one-sided p = 0.1272.
  // Reference computation (python3, enumerating all C(15,5) = 3003 rank arrangements):
  //   P(U >= 35) = 0.1272061272..., two-sided = 0.2544122544...
  const std::vector<double> x{0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
  const std::vector<double> y{1.15, 0.88, 0.90, 0.74, 1.21};
  const auto r = stats::mann_whitney_u(x, y);
  CHECK(r.u == 35);
  CHECK(r.method == stats::UMethod::exact);
  CHECK_FALSE(r.ties);
  CHECK(r.p_value == Approx(0.2544122544122544).epsilon(1e-9));
  // Swapping the samples mirrors U and keeps p.
  const auto swapped = stats::mann_whitney_u(y, x);
  CHECK(swapped.u == 50 - 35);
  CHECK(swapped.p_value == Approx(r.p_value));
}

TEST_CASE("Mann-Whitney: small samples with ties use the exact permutation distribution",
          "[reports]") {
  // Reference (python3): midranks of the 17 values, then the rank sum of x over all C(17, 8) =
  // 24310 ways to pick x's positions: U = 13.5, two-sided p = 2 * P(W <= w) = 0.030028794734677.
  const std::vector<double> x{1, 2, 2, 3, 4, 5, 5, 6};
  const std::vector<double> y{3, 4, 4, 5, 7, 8, 8, 9, 9};
  const auto r = stats::mann_whitney_u(x, y);
  CHECK(r.ties);
  CHECK(r.method == stats::UMethod::exact);
  CHECK(r.u == 13.5);
  CHECK(r.p_value == Approx(0.030028794734677088).epsilon(1e-9));
  // A tie inside one sample leaves complete separation at its best p: 2 / C(10, 5).
  const std::vector<double> a{1, 1, 2, 3, 4};
  const std::vector<double> b{5, 6, 7, 8, 9};
  CHECK(stats::mann_whitney_u(a, b).p_value == Approx(2.0 / 252));
}

TEST_CASE(
    "Mann-Whitney: large samples with ties use the normal approximation with tie and "
    "continuity correction",
    "[reports]") {
  // x = i mod 10 (60 values), y = (i mod 10) + 2 (55 values). Reference (python3): U = 1125;
  // var = n m / 12 ((N+1) - sum(t^3 - t) / (N (N-1))) = 31623.112128146455;
  // z = (|1125 - 1650| - 0.5) / sqrt(var) = 2.9494646033446403; p = erfc(z / sqrt 2) =
  // 0.0031832504.
  std::vector<double> x;
  std::vector<double> y;
  for (int i = 0; i < 60; ++i) {
    x.push_back(i % 10);
  }
  for (int i = 0; i < 55; ++i) {
    y.push_back(i % 10 + 2);
  }
  const auto r = stats::mann_whitney_u(x, y);
  CHECK(r.ties);
  CHECK(r.method == stats::UMethod::normal);
  CHECK(r.u == 1125);
  CHECK(r.z == Approx(-2.9494646033446403).epsilon(1e-12));
  CHECK(r.p_value == Approx(0.00318325035095733).epsilon(1e-9));
}

TEST_CASE("Mann-Whitney: degenerate inputs give p = 1", "[reports]") {
  const std::vector<double> same{2, 2, 2};
  CHECK(stats::mann_whitney_u(same, same).p_value == 1.0);
  CHECK(stats::mann_whitney_u({}, same).p_value == 1.0);
  const std::vector<double> one{1};
  const std::vector<double> two{2};
  CHECK(stats::mann_whitney_u(one, two).p_value == 1.0);
}

TEST_CASE("Mann-Whitney: complete separation reaches the smallest p, which sets the run count",
          "[reports]") {
  const std::vector<double> x{1, 2, 3, 4, 5};
  const std::vector<double> y{6, 7, 8, 9, 10};
  CHECK(stats::mann_whitney_u(x, y).p_value == Approx(2.0 / 252));
  CHECK(stats::min_p_value(5, 5) == Approx(2.0 / 252));
  CHECK(stats::min_p_value(3, 3) == Approx(0.1));
  // 6 metrics at alpha 0.05 (Holm's first step: 0.05 / 6 = 0.00833): 4 runs give 2/70 = 0.029,
  // 5 runs give 2/252 = 0.0079.
  CHECK(stats::min_runs_for(0.05 / 6) == 5);
  CHECK(stats::min_runs_for(0.05) == 4);
  CHECK(stats::min_runs_for(0.05 / 36) ==
        7);  // 2/3432 = 0.00058 at 7; 2/924 = 0.0022 at 6 is too big
  CHECK(stats::min_runs_for(1.0) == 0);
}

TEST_CASE("Mann-Whitney: large samples without ties use the normal approximation", "[reports]") {
  std::vector<double> x(60);
  std::vector<double> y(60);
  for (int i = 0; i < 60; ++i) {
    x[i] = i;
    y[i] = i + 10.5;
  }
  const auto r = stats::mann_whitney_u(x, y);
  CHECK(r.method == stats::UMethod::normal);
  // Reference: U = sum over x_i of #{y_j < x_i} = sum_{i=11}^{59} (i - 10) = 1225;
  // mu = 1800, sigma = sqrt(60*60*121/12) = 190.52558883; z = (575 - 0.5)/sigma = 3.01534...
  CHECK(r.u == 1225);
  CHECK(r.z == Approx(-3.0153).epsilon(1e-4));
  CHECK(r.p_value == Approx(0.002567).epsilon(1e-3));
}
