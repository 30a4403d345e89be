// The standard normal distribution: tail probabilities and quantiles for the rank tests.
#pragma once

namespace travelctl::reports::stats {

/// P(Z <= z) for a standard normal Z.
double normal_cdf(double z);
/// P(Z >= z), accurate far into the tail (no 1 - cdf cancellation).
double normal_upper_tail(double z);
/// The z with normal_cdf(z) == p, for 0 < p < 1 (absolute error below 1e-12).
double normal_quantile(double p);

}  // namespace travelctl::reports::stats
