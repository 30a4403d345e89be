// The wire behaviour of each fault: refusals (5xx, 429), damaged answers (malformed, oversized,
// wrong Content-Type) and connection takeovers (silence, reset, truncation, slow drip).
#pragma once

#include "travelctl/core/http/reply.hpp"
#include "travelctl/core/supplier/sim/faults.hpp"
#include "travelctl/core/supplier/sim/rng.hpp"

namespace travelctl::core::supplier::sim {

/// True for the faults that refuse a request instead of serving it (5xx, 429).
bool refuses_request(FaultKind kind);

/// The refusal for `fault` (5xx or 429) with the supplier error body; `rng` picks the status of
/// a plain "5xx".
http::Response refusal(const Fault& fault, Rng& rng);

/// The real answer `real` damaged by `fault` (any kind but 5xx and 429); `rng` picks the kind of
/// malformed body.
http::Reply damage(const Fault& fault, http::Response real, Rng& rng);

}  // namespace travelctl::core::supplier::sim
