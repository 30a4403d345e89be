// Hodges-Lehmann estimate of the shift between two samples, with its distribution-free
// confidence interval (the one that inverts the Mann-Whitney test).
#pragma once

#include <span>

namespace travelctl::reports::stats {

struct Shift {
  double estimate = 0;  ///< median of all differences y_j - x_i
  double low = 0;       ///< confidence interval bounds for the shift
  double high = 0;
  double level = 0;  ///< confidence actually achieved (>= the level asked when reachable)
};

/// Shift of `y` (current) relative to `x` (baseline) at confidence `level` (e.g. 0.95). With the
/// sorted differences D(1..nm), the interval is [D(k), D(nm+1-k)] where k - 1 is the largest u with
/// P(U <= u) <= (1 - level)/2 (exact distribution up to kExactMaxSize, else normal). When even k =
/// 1 does not reach `level`, the interval is [D(1), D(nm)] and `level` says what it achieves.
/// With ties the bounds still use the no-tie distribution (an approximation, as R does).
/// Empty samples give all zeros.
Shift hodges_lehmann(std::span<const double> x, std::span<const double> y, double level);

}  // namespace travelctl::reports::stats
