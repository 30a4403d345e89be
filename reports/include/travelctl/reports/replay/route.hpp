// Route names for grouping replayed exchanges: ids in paths become {id}, the query is dropped.
#pragma once

#include <string>
#include <string_view>

namespace travelctl::reports::replay {

/// `/v1/bookings/b_123/confirm?x=1` -> `/v1/bookings/{id}/confirm`. A segment is an id when it
/// holds a digit and is not a version (`v1`, `v2`), when it has a short prefix and an underscore
/// (`b_abc`, `qb_x`), or when it is longer than 32 characters (opaque tokens).
std::string normalize_route(std::string_view target);

}  // namespace travelctl::reports::replay
