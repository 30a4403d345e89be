// Corrections of p-values for testing several metrics at once (family-wise error rate).
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace travelctl::reports::stats {

enum class Correction { holm, bonferroni, none };

/// Adjusted p-values in the input order: reject where adjusted <= alpha. Holm (step-down) is
/// uniformly more powerful than Bonferroni and controls the same family-wise error rate.
std::vector<double> adjust_p_values(std::span<const double> p, Correction method);

/// The threshold the smallest p-value of a family of `tests` must reach: alpha / tests for Holm
/// and Bonferroni, alpha with no correction.
double first_step_alpha(double alpha, std::size_t tests, Correction method);

std::string_view to_string(Correction c);

}  // namespace travelctl::reports::stats
