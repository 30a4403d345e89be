// Hodges-Lehmann shift: pairwise differences, their median, and order-statistic bounds.
#include "travelctl/reports/stats/hodges_lehmann.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "travelctl/reports/stats/mann_whitney.hpp"
#include "travelctl/reports/stats/normal.hpp"

namespace travelctl::reports::stats {

namespace {

// k (1-based) and the confidence it achieves, from the null distribution of U.
std::pair<std::size_t, double> order_statistic(std::size_t n, std::size_t m, double level) {
  const double tail = (1.0 - level) / 2.0;
  if (n <= kExactMaxSize && m <= kExactMaxSize) {
    const auto dist = u_distribution(n, m);
    double cumulative = 0;
    std::size_t k = 0;  // number of u values whose cumulative stays within the tail
    while (k < dist.size() && cumulative + dist[k] <= tail + 1e-12) {
      cumulative += dist[k++];
    }
    if (k == 0) {
      return {1, 1.0 - 2.0 * dist[0]};
    }
    return {k, 1.0 - 2.0 * cumulative};
  }
  const double nm = static_cast<double>(n * m);
  const double sd = std::sqrt(nm * static_cast<double>(n + m + 1) / 12.0);
  const double k = std::floor(nm / 2.0 - normal_quantile(1.0 - tail) * sd);
  return {static_cast<std::size_t>(std::max(1.0, k)), level};
}

}  // namespace

Shift hodges_lehmann(std::span<const double> x, std::span<const double> y, double level) {
  Shift s;
  if (x.empty() || y.empty()) {
    return s;
  }
  std::vector<double> d;
  d.reserve(x.size() * y.size());
  for (double xi : x) {
    for (double yj : y) {
      d.push_back(yj - xi);
    }
  }
  std::sort(d.begin(), d.end());
  const std::size_t nm = d.size();
  s.estimate = nm % 2 == 1 ? d[nm / 2] : (d[nm / 2 - 1] + d[nm / 2]) / 2.0;
  const auto [k, achieved] = order_statistic(x.size(), y.size(), level);
  const std::size_t kk = std::min(k, (nm + 1) / 2);
  s.low = d[kk - 1];
  s.high = d[nm - kk];
  s.level = achieved;
  return s;
}

}  // namespace travelctl::reports::stats
