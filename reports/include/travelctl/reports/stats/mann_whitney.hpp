// Mann-Whitney U (Wilcoxon rank-sum) test: exact null distribution for small samples (with ties,
// the exact permutation distribution given the ties), normal approximation with tie and
// continuity correction for large ones.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace travelctl::reports::stats {

/// Samples up to this size (each) use the exact distribution. Latency percentiles read from a
/// histogram are quantised, so ties between runs are common: the normal approximation would be
/// far too conservative at 5-10 runs, hence the exact conditional distribution then too.
inline constexpr std::size_t kExactMaxSize = 50;

enum class UMethod { exact, normal };

struct MannWhitney {
  double u = 0;        ///< U of x: pairs with x_i > y_j, plus one half per tie
  double p_value = 1;  ///< two-sided
  double z = 0;        ///< normal method: signed, continuity-corrected; 0 for exact
  UMethod method = UMethod::exact;
  bool ties = false;
  std::size_t n = 0;  ///< size of x
  std::size_t m = 0;  ///< size of y
};

/// Two-sided test of "x and y come from the same distribution". Empty samples give p = 1.
MannWhitney mann_whitney_u(std::span<const double> x, std::span<const double> y);

/// P(U = u) for u = 0 .. n*m under the null with no ties (from the Gaussian binomial
/// coefficient [n+m choose n]_q, whose q^u coefficient counts arrangements with U = u).
std::vector<double> u_distribution(std::size_t n, std::size_t m);

/// Exact two-sided p-value of U = u for sizes n and m: 2 * min(P(U <= u), P(U >= u)), at most 1.
double exact_p_value(double u, std::size_t n, std::size_t m);

/// The smallest two-sided p-value any data of sizes n and m can give: 2 / C(n+m, n) (complete
/// separation, no ties), at most 1.
double min_p_value(std::size_t n, std::size_t m);

/// The smallest n such that n runs on each side can reach a two-sided p <= `alpha` (0 when
/// `alpha` >= 1; at most 64).
std::size_t min_runs_for(double alpha);

}  // namespace travelctl::reports::stats
