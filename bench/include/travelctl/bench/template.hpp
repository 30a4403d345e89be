// String templates of scenario requests: literal text with `${name}` references to variable slots.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "travelctl/bench/expected.hpp"

namespace travelctl::bench {

/// A compiled template: literal pieces and slot references, rendered without allocation into a
/// caller's reused string.
class Template {
 public:
  Template() = default;
  /// A template with no references (rendered verbatim).
  static Template literal(std::string text);

  /// Maps a reference name to a slot index, to a literal (`env:` references resolved at load
  /// time), or to an error message.
  struct Resolved {
    int slot = -1;
    std::string literal;
  };
  using Resolver = std::function<Expected<Resolved, std::string>(std::string_view name)>;

  /// Compiles `text`: `${name}` is a reference, `$${` a literal `${`. The error names the
  /// reference that failed and why.
  static Expected<Template, std::string> compile(std::string_view text, const Resolver& resolve);

  bool is_literal() const { return slots_.empty(); }
  /// Appends the text with each reference replaced by `values[slot]`.
  void render(std::string& out, std::span<const std::string> values) const;
  /// Every slot referenced.
  const std::vector<int>& slots() const { return slots_; }
  /// The text when is_literal().
  const std::string& literal_text() const { return literal_text_; }

 private:
  struct Part {
    std::string text;  // used when slot < 0
    int slot = -1;
  };
  std::vector<Part> parts_;
  std::vector<int> slots_;
  std::string literal_text_;
};

}  // namespace travelctl::bench
