// The simulator's latency model: a delay distribution per endpoint, parsed from a `--latency` spec.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "travelctl/core/expected.hpp"
#include "travelctl/core/supplier/sim/rng.hpp"

namespace travelctl::core::supplier::sim {

/// The supplier endpoints, as named in latency and fault specs.
enum class Endpoint {
  kSearch,
  kTrip,
  kCart,
  kSchema,
  kReserve,
  kConfirm,
  kBooking,
  kCancel,
  kOther
};
inline constexpr std::size_t kEndpointCount = 9;

/// "search", "trip", "cart", "schema", "reserve", "confirm", "booking", "cancel", "other".
std::string_view endpoint_name(Endpoint e);
std::optional<Endpoint> endpoint_from_name(std::string_view name);

/// One delay distribution.
struct Distribution {
  enum class Kind { kFixed, kUniform, kLognormal };
  Kind kind = Kind::kFixed;
  std::chrono::microseconds a{0};  ///< fixed value, uniform low, log-normal p50
  std::chrono::microseconds b{0};  ///< uniform high, log-normal p99
  double mu = 0;                   ///< log-normal: ln(p50 in µs)
  double sigma = 0;                ///< log-normal: ln(p99 / p50) / z(0.99)

  std::chrono::microseconds sample(Rng& rng) const;
  /// The spec text this distribution reads back from ("lognormal:p50=20ms,p99=200ms").
  std::string describe() const;
};

/// A spec parsed into a distribution per endpoint. Grammar (entries separated by `;` or `,`):
///   spec  := entry {sep entry}
///   entry := [endpoint "="] model         (no endpoint, or "default": every endpoint not named)
///   model := "fixed:" dur | "uniform:" dur ".." dur | "lognormal:p50=" dur ",p99=" dur | "none"
///   dur   := decimal number with unit "us", "ms" or "s" ("0.5ms", "20ms", "1s")
/// e.g. `search=lognormal:p50=20ms,p99=200ms;default=fixed:1ms`.
class LatencyModel {
 public:
  /// Zero delay everywhere.
  LatencyModel() = default;
  /// The model, or an error message naming the bad part.
  static Expected<LatencyModel, std::string> parse(std::string_view spec);

  const Distribution& of(Endpoint e) const { return by_endpoint_[static_cast<std::size_t>(e)]; }
  std::chrono::microseconds sample(Endpoint e, Rng& rng) const { return of(e).sample(rng); }
  /// One line per distinct setting, e.g. "default=fixed:1ms search=lognormal:...".
  std::string describe() const;

 private:
  std::array<Distribution, kEndpointCount> by_endpoint_{};
};

/// Reads a duration such as "20ms", "0.5ms", "150us" or "2s"; nullopt when malformed.
std::optional<std::chrono::microseconds> parse_sim_duration(std::string_view text);
/// Writes a duration back in the shortest exact unit ("2s", "20ms", "150us").
std::string format_sim_duration(std::chrono::microseconds d);

}  // namespace travelctl::core::supplier::sim
