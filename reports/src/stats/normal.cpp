// Standard normal via erfc; the quantile by bisection (exact to double precision, cheap enough).
#include "travelctl/reports/stats/normal.hpp"

#include <cmath>
#include <stdexcept>

namespace travelctl::reports::stats {

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double normal_upper_tail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

double normal_quantile(double p) {
  if (!(p > 0.0 && p < 1.0)) {
    throw std::invalid_argument("normal_quantile: p must be in (0, 1)");
  }
  // cdf is monotone; [-40, 40] holds every double p in (0, 1). 200 halvings reach the spacing of
  // doubles, and the loop stops earlier when the midpoint no longer moves.
  double lo = -40.0;
  double hi = 40.0;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (mid == lo || mid == hi) {
      break;
    }
    (normal_cdf(mid) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace travelctl::reports::stats
