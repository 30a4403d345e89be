// The verdict on one replayed exchange: same, status changed, body changed (with the JSON diff),
// transport error, or skipped (never sent, with the reason).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "travelctl/reports/replay/json_diff.hpp"

namespace travelctl::reports::replay {

enum class Outcome { same, status_changed, body_changed, error, skipped };
inline constexpr std::size_t kOutcomeCount = 5;

/// "same", "status_changed", "body_changed", "error", "skipped".
std::string_view to_string(Outcome o);

struct Classified {
  Outcome outcome = Outcome::same;
  JsonDiff diff;     ///< body changes (JSON bodies with the same status)
  std::string note;  ///< a readable detail: bodies that are not JSON, the new error body
};

/// Compares the captured status and body (absent: the capture did not keep it, only the status
/// counts) with the replayed ones. Bodies that both parse as JSON are diffed (options apply);
/// other bodies compare byte for byte. A status change is reported as such, with the start of
/// the new body in `note`.
Classified classify_exchange(int captured_status, const std::optional<std::string>& captured_body,
                             int replayed_status, std::string_view replayed_body,
                             const JsonDiffOptions& options);

}  // namespace travelctl::reports::replay
