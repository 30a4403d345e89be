// The simulator's exchange rates (base THB) and the Money rule of client-api.md that carts use.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace travelctl::core::supplier::sim {

struct FxRate {
  std::string_view currency;
  std::string_view rate;  ///< decimal text as sent in `fx.rates`
};

/// The rates sent in every `fx` block, in this order.
const std::vector<FxRate>& fx_rates();

/// Converts a THB amount (minor units) to `currency` with the Money rule:
/// half_up(a * r * 10^exp(T), 10^6 * 10^2). nullopt for a currency the simulator does not sell in.
std::optional<uint64_t> convert_from_thb(uint64_t thb_minor, std::string_view currency);

}  // namespace travelctl::core::supplier::sim
