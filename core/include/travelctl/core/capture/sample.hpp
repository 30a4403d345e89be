// Capture sampling: decided by the request id, so the same id is always kept or always skipped.
#pragma once

#include <string_view>

namespace travelctl::core::capture {

/// True for about `rate` (0 to 1) of request ids: FNV-1a of the id, as a fraction of 2^64,
/// below `rate`. 1 keeps all, 0 none.
bool sampled(std::string_view request_id, double rate);

}  // namespace travelctl::core::capture
