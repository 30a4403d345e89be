// How the `outbox` commands print entries: UTC times, the list table, the stats footer, the details
// of one entry and their JSON forms (pure functions: values in, text out).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "travelctl/core/store/records.hpp"

namespace travelctl::cli::outbox_view {

/// ISO 8601 in UTC: `2026-01-01T00:00:05Z`, or `2026-01-01T00:00:05.123Z` with `millis`.
std::string utc(core::store::TimePoint t, bool millis);

/// Every field, in the table's order; times as ISO 8601 UTC with milliseconds, an unrouted client
/// and no error as null, the payload as the exact stored text.
nlohmann::ordered_json to_json(const core::store::OutboxEntry& entry);

/// One row per entry under a header (id, client, booking, state, attempts, next attempt, last
/// error, occurred at); control characters are shown as `?`, long errors are cut. `colour` adds
/// ANSI colours to the state.
std::string render_table(const std::vector<core::store::OutboxEntry>& entries, bool colour);

/// One line: `outbox: 3 pending (1 in flight, 0 unrouted), 10 delivered, 2 dead` and the oldest
/// pending event's time.
std::string render_stats(const core::store::OutboxStats& stats);

/// Every field on its own line, then the payload: pretty-printed when it is JSON, else as stored.
/// `escape_controls` shows control characters other than newline and tab as `\xNN` (for a
/// terminal, which they could otherwise drive).
std::string render_details(const core::store::OutboxEntry& entry, bool colour,
                           bool escape_controls);

}  // namespace travelctl::cli::outbox_view
