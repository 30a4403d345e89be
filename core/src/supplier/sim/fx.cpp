// Exchange rates and conversion for carts, with the proxy's own 128-bit Money functions so that
// both sides give the same cents.
#include "travelctl/core/supplier/sim/fx.hpp"

#include "travelctl/core/transform/money.hpp"

namespace travelctl::core::supplier::sim {

const std::vector<FxRate>& fx_rates() {
  static const std::vector<FxRate> kRates = {{"THB", "1"},
                                             {"USD", "0.028571"},
                                             {"EUR", "0.026310"},
                                             {"GBP", "0.022470"},
                                             {"JPY", "4.2105"}};
  return kRates;
}

std::optional<uint64_t> convert_from_thb(uint64_t thb_minor, std::string_view currency) {
  namespace money = transform::money;
  for (const FxRate& r : fx_rates()) {
    if (r.currency == currency) {
      const auto rate = money::parse_rate(r.rate);
      if (!rate) {
        return std::nullopt;
      }
      return money::convert(thb_minor, money::exponent("THB"), money::exponent(currency), *rate);
    }
  }
  return std::nullopt;
}

}  // namespace travelctl::core::supplier::sim
