// The webhook chaos mode (`--webhook-chaos`): duplicated and overtaken events, to test receivers.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "travelctl/core/expected.hpp"
#include "travelctl/core/supplier/sim/rng.hpp"

namespace travelctl::core::supplier::sim {

/// How an event is mistreated: sent twice, held back, both or neither.
struct ChaosChoice {
  bool duplicate = false;  ///< send a second copy (same event_id, same body) after the first
  bool hold = false;  ///< hold back until a later event of the same booking has gone ahead of it
};

/// A chaos spec parsed. Grammar:
///   spec := "" | "none" | item {"," item}
///   item := "dup=" rate | "reorder=" rate | "window=" duration
/// `dup`: the share of events sent twice; `reorder`: the share held back until the next event
/// of the same booking has been sent (so that it overtakes them); `window` (default 2s): how
/// long a held event waits for that next event before it goes anyway. Rates as in the fault
/// spec (decimals from 0 to 1), durations as in the latency spec. e.g. `dup=0.2,reorder=0.2`.
struct WebhookChaos {
  double dup = 0;
  double reorder = 0;
  std::chrono::microseconds window{std::chrono::seconds(2)};

  /// The chaos, or an error message naming the bad part.
  static Expected<WebhookChaos, std::string> parse(std::string_view spec);
  bool empty() const { return dup == 0 && reorder == 0; }
  /// A spec that parses back to this one ("none" when empty).
  std::string describe() const;
  /// The choice for the next event. Always draws twice from `rng`, so that the same seed and the
  /// same events give the same choices whatever the rates.
  ChaosChoice choose(Rng& rng) const;
};

}  // namespace travelctl::core::supplier::sim
