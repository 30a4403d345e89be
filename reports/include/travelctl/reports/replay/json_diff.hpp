// JSON-aware comparison of two response bodies: object key order free, ignored pointers with `*`
// wildcard segments, masked "***" values match anything; the result lists each changed pointer.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace travelctl::reports::replay {

/// A JSON pointer (RFC 6901) whose segments may be `*` (any one key or index). It matches a
/// location when it is that location or one of its ancestors: `/itineraries/*/price` ignores the
/// whole price object of every itinerary.
class PointerPattern {
 public:
  /// nullopt unless `text` is "" or starts with '/' and every `~` escape is `~0` or `~1`.
  static std::optional<PointerPattern> parse(std::string_view text);
  /// `path` holds unescaped segments (object keys, array indexes as decimal text).
  bool matches(const std::vector<std::string>& path) const;
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::vector<std::string> segments_;
};

/// One difference at `pointer`: `old_value` absent means added, `new_value` absent means removed.
struct JsonChange {
  std::string pointer;
  std::optional<nlohmann::json> old_value;
  std::optional<nlohmann::json> new_value;
};

struct JsonDiffOptions {
  std::vector<PointerPattern> ignore;
  /// A captured string "***" (personal data masked at capture) equals any new value.
  bool masked_matches_anything = true;
  /// Changes kept in full; the rest are only counted.
  std::size_t max_changes = 1000;
};

struct JsonDiff {
  std::vector<JsonChange> changes;  ///< the first max_changes, in document order
  std::size_t total = 0;            ///< all changes, kept or not
  bool empty() const { return total == 0; }
};

/// What changed from `captured` to `replayed`. Numbers compare by value (1 == 1.0); arrays
/// compare index by index (a longer array shows added elements, a shorter one removed ones).
JsonDiff json_diff(const nlohmann::json& captured, const nlohmann::json& replayed,
                   const JsonDiffOptions& options);

/// "~" -> "~0", "/" -> "~1": a key as a pointer segment.
std::string escape_pointer_segment(std::string_view key);

/// The volatile fields ignored unless --no-default-ignores: ids and times made fresh by each
/// request (request ids in error bodies, search ids, booking tokens and cart expiries).
const std::vector<std::string>& default_ignores();

}  // namespace travelctl::reports::replay
