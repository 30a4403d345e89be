// What replay sends, chosen and rewritten: --filter 'METHOD /path*' and --rewrite of a path
// prefix (/v1=/v2) or a Host (old.example=new.example).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "travelctl/bench/expected.hpp"

namespace travelctl::bench::replay {

/// `[METHOD ]PATTERN`: METHOD is a method or `*` (any; the default), PATTERN is matched against
/// the path (the query ignored) unless it holds a '?', then against path and query; `*` in it
/// matches any run of characters.
struct Filter {
  std::string method;  ///< upper case; "*" = any
  std::string pattern;
  bool with_query = false;
  bool matches(std::string_view method, std::string_view target) const;
};

/// The error says what is wrong with `text`.
Expected<Filter, std::string> parse_filter(std::string_view text);

/// `*` glob over the whole of `text`.
bool glob_match(std::string_view pattern, std::string_view text);

/// `FROM=TO`: a path prefix when FROM starts with '/', else a Host (host[:port]).
struct Rewrite {
  bool path = false;
  std::string from;
  std::string to;
  /// The target with the prefix replaced when it starts with FROM at a segment boundary.
  std::optional<std::string> apply_to_target(std::string_view target) const;
};

Expected<Rewrite, std::string> parse_rewrite(std::string_view text);

}  // namespace travelctl::bench::replay
