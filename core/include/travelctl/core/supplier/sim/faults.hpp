// The simulator's fault injection model: faults by rate per endpoint, from a `--faults` spec.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "travelctl/core/expected.hpp"
#include "travelctl/core/supplier/sim/latency.hpp"
#include "travelctl/core/supplier/sim/rng.hpp"

namespace travelctl::core::supplier::sim {

/// The ways the simulated supplier misbehaves. k5xx and k429 refuse the request before it is
/// served (nothing changes); the others damage the real answer of a request that was served, so
/// that a lost reserve answer leaves a booking behind as it would with a real supplier.
enum class FaultKind {
  k5xx,          ///< 500, 502 or 503 with the supplier error body
  k429,          ///< 429 with Retry-After
  kTimeout,      ///< no answer: the connection is held until the client gives up
  kReset,        ///< no answer: the connection is reset (RST)
  kMalformed,    ///< the real status and Content-Type, a body that is not JSON
  kTruncated,    ///< Content-Length promises the whole body, half is sent, then the close
  kOversized,    ///< the real JSON padded with an extra field to a large size
  kSlow,         ///< the real answer, its body dripped in small pieces over a while
  kContentType,  ///< the real answer with a wrong Content-Type (text/html)
};
inline constexpr std::size_t kFaultKindCount = 9;

/// "5xx", "429", "timeout", "reset", "malformed", "truncated", "oversized", "slow", "content_type".
std::string_view fault_name(FaultKind k);
std::optional<FaultKind> fault_from_name(std::string_view name);

/// Parameters left out of a spec.
inline constexpr std::chrono::seconds kDefaultRetryAfter{1};
inline constexpr std::chrono::seconds kDefaultTimeoutHold{300};
inline constexpr std::chrono::seconds kDefaultSlowTotal{2};
inline constexpr std::size_t kDefaultOversizedBytes = std::size_t{16} << 20;
inline constexpr std::string_view kDefaultWrongContentType = "text/html";

/// One fault of an endpoint: its kind, its rate and its parameter (defaults filled in).
struct Fault {
  FaultKind kind = FaultKind::k5xx;
  double rate = 0;
  int status = 0;                        ///< 5xx: the status; 0 picks 500, 502 or 503 each time
  std::chrono::microseconds duration{};  ///< 429: Retry-After; timeout: hold; slow: whole drip
  std::size_t bytes = 0;                 ///< oversized: the body size
  std::string content_type;              ///< content_type: the wrong type sent

  /// The spec text it reads back from, parameter included ("slow(2s):0.1").
  std::string describe() const;
};

/// A spec parsed into a list of faults per endpoint. Grammar:
///   spec   := "" | "none" | entry {";" entry}
///   entry  := [target "="] faults          (no target: "default")
///   faults := "none" | fault {"," fault}   (a "," item with "target=" starts a new entry)
///   fault  := kind ["(" param ")"] ":" rate
///   target := search | trip | cart | schema | reserve | confirm | booking | cancel | other
///             | default (every endpoint not named)
///   kind   := 5xx[(STATUS 500..599)] | 429[(Retry-After, whole seconds: 2s)] | timeout[(hold)]
///             | reset | malformed | truncated | oversized[(SIZE: 16MB, 512KB, 900B)]
///             | slow[(whole drip time)] | content_type[(type)]
///   rate   := decimal from 0 to 1; the rates of one endpoint add up to at most 1
/// e.g. `search=5xx:0.1,timeout:0.05;reserve=reset:0.02;default=429(2s):0.01`. Durations as in
/// the latency spec (20ms, 2s); sizes in binary units (1MB = 1048576 bytes).
class FaultPlan {
 public:
  /// No faults.
  FaultPlan() = default;
  /// The plan, or an error message naming the bad part.
  static Expected<FaultPlan, std::string> parse(std::string_view spec);

  const std::vector<Fault>& of(Endpoint e) const { return by_endpoint_[static_cast<size_t>(e)]; }
  bool empty() const;
  /// The fault for one request to `e`, or nullptr. Draws from `rng` only when `e` has faults, so
  /// the same seed and the same requests give the same faults.
  const Fault* choose(Endpoint e, Rng& rng) const;
  /// A spec that parses back to this plan ("none" when empty).
  std::string describe() const;

 private:
  std::array<std::vector<Fault>, kEndpointCount> by_endpoint_{};
  std::array<bool, kEndpointCount> named_{};  ///< given by name (else from the default)
  std::vector<Fault> default_;
};

/// Reads a size such as "16MB", "512KB" or "900B" (binary units); nullopt when malformed or
/// over 1 GB.
std::optional<std::size_t> parse_sim_size(std::string_view text);

}  // namespace travelctl::core::supplier::sim
