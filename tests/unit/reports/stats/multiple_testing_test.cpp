// Holm and Bonferroni adjustments against hand-computed values.
#include "travelctl/reports/stats/multiple_testing.hpp"

#include <catch2/catch.hpp>
#include <vector>

namespace stats = travelctl::reports::stats;

TEST_CASE("Multiple testing: Holm steps down and stays monotone", "[reports]") {
  // Sorted 0.01, 0.02, 0.03, 0.04 scaled by 4, 3, 2, 1: 0.04, 0.06, 0.06, 0.06 (monotone max).
  const std::vector<double> p{0.03, 0.01, 0.04, 0.02};
  const auto a = stats::adjust_p_values(p, stats::Correction::holm);
  CHECK(a[1] == Approx(0.04));
  CHECK(a[3] == Approx(0.06));
  CHECK(a[0] == Approx(0.06));
  CHECK(a[2] == Approx(0.06));
}

TEST_CASE("Multiple testing: Bonferroni scales by the family size, capped at 1", "[reports]") {
  const std::vector<double> p{0.01, 0.5};
  const auto a = stats::adjust_p_values(p, stats::Correction::bonferroni);
  CHECK(a[0] == Approx(0.02));
  CHECK(a[1] == 1.0);
  CHECK(stats::adjust_p_values(p, stats::Correction::none)[0] == 0.01);
  CHECK(stats::first_step_alpha(0.05, 6, stats::Correction::holm) == Approx(0.05 / 6));
  CHECK(stats::first_step_alpha(0.05, 6, stats::Correction::none) == 0.05);
}
