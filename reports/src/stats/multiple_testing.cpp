// Holm and Bonferroni adjustments of p-values.
#include "travelctl/reports/stats/multiple_testing.hpp"

#include <algorithm>
#include <numeric>

namespace travelctl::reports::stats {

std::vector<double> adjust_p_values(std::span<const double> p, Correction method) {
  const std::size_t k = p.size();
  std::vector<double> adjusted(p.begin(), p.end());
  if (method == Correction::none || k == 0) {
    return adjusted;
  }
  if (method == Correction::bonferroni) {
    for (double& v : adjusted) {
      v = std::min(1.0, v * static_cast<double>(k));
    }
    return adjusted;
  }
  // Holm: the i-th smallest (0-based) is scaled by k - i; adjusted values are made monotone.
  std::vector<std::size_t> order(k);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&p](auto a, auto b) { return p[a] < p[b]; });
  double running = 0;
  for (std::size_t i = 0; i < k; ++i) {
    running = std::max(running, std::min(1.0, p[order[i]] * static_cast<double>(k - i)));
    adjusted[order[i]] = running;
  }
  return adjusted;
}

double first_step_alpha(double alpha, std::size_t tests, Correction method) {
  return method == Correction::none || tests == 0 ? alpha : alpha / static_cast<double>(tests);
}

std::string_view to_string(Correction c) {
  switch (c) {
    case Correction::holm:
      return "holm";
    case Correction::bonferroni:
      return "bonferroni";
    case Correction::none:
      return "none";
  }
  return "holm";
}

}  // namespace travelctl::reports::stats
