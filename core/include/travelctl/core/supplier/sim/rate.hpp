// Rates in the simulator's specs (faults, webhook chaos): strict decimals from 0 to 1.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace travelctl::core::supplier::sim {

/// Digits with an optional fraction of at most 9 digits ("0.05", "1", "1.0"), from 0 to 1; else
/// nullopt (no sign, no exponent, no spaces).
std::optional<double> parse_sim_rate(std::string_view text);

/// A rate written back as the shortest plain decimal ("0.05", "1").
std::string format_sim_rate(double rate);

}  // namespace travelctl::core::supplier::sim
