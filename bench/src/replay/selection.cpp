// Replay's --filter and --rewrite (see selection.hpp).
#include "travelctl/bench/replay/selection.hpp"

#include <algorithm>
#include <cctype>

namespace travelctl::bench::replay {

namespace {

// "TEXT": why (appended piece by piece: GCC 12 warns falsely on "literal" + std::string).
Unexpected<std::string> refuse(std::string_view text, std::string_view why) {
  std::string message = "\"";
  message.append(text).append("\": ").append(why);
  return {std::move(message)};
}

}  // namespace

bool glob_match(std::string_view p, std::string_view t) {
  // Iterative wildcard match with backtracking to the last '*': linear in practice, no recursion.
  std::size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
  while (ti < t.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = ti;
    } else if (pi < p.size() && p[pi] == t[ti]) {
      ++pi;
      ++ti;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') {
    ++pi;
  }
  return pi == p.size();
}

bool Filter::matches(std::string_view m, std::string_view target) const {
  if (method != "*" && method != m) {
    return false;
  }
  const std::string_view subject = with_query ? target : target.substr(0, target.find('?'));
  return glob_match(pattern, subject);
}

Expected<Filter, std::string> parse_filter(std::string_view text) {
  Filter f;
  const auto space = text.find(' ');
  std::string_view pattern = text;
  f.method = "*";
  if (space != std::string_view::npos) {
    f.method = std::string(text.substr(0, space));
    std::transform(f.method.begin(), f.method.end(), f.method.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    pattern = text.substr(space + 1);
    pattern.remove_prefix(std::min(pattern.find_first_not_of(' '), pattern.size()));
  }
  if (f.method.empty() || !std::all_of(f.method.begin(), f.method.end(), [](unsigned char c) {
        return std::isupper(c) || c == '*';
      })) {
    return refuse(text, "expected [METHOD ]/path-pattern");
  }
  if (pattern.empty() || (pattern.front() != '/' && pattern.front() != '*')) {
    return refuse(text, "the path pattern must start with / or *");
  }
  f.pattern = std::string(pattern);
  f.with_query = pattern.find('?') != std::string_view::npos;
  return f;
}

std::optional<std::string> Rewrite::apply_to_target(std::string_view target) const {
  if (!path || target.substr(0, from.size()) != from) {
    return std::nullopt;
  }
  // "/v1" rewrites /v1 and /v1/x and /v1?q, not /v10: a prefix ends at a segment boundary.
  const char next = target.size() > from.size() ? target[from.size()] : '/';
  if (from.back() != '/' && next != '/' && next != '?') {
    return std::nullopt;
  }
  return to + std::string(target.substr(from.size()));
}

Expected<Rewrite, std::string> parse_rewrite(std::string_view text) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return refuse(text, "expected FROM=TO (/v1=/v2 or host=host)");
  }
  Rewrite r;
  r.from = std::string(text.substr(0, eq));
  r.to = std::string(text.substr(eq + 1));
  r.path = r.from.front() == '/';
  const auto bad = [](const std::string& s) {
    return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7f; });
  };
  if (bad(r.from) || bad(r.to)) {
    return refuse(text, "no spaces or control characters allowed");
  }
  if (r.path && (r.to.empty() || r.to.front() != '/')) {
    return refuse(text, "a path prefix is replaced by another (/v2)");
  }
  if (!r.path && (r.to.empty() || r.to.find('/') != std::string::npos)) {
    return refuse(text, "a host is replaced by a host[:port]");
  }
  return r;
}

}  // namespace travelctl::bench::replay
