// W3C Trace Context: which `traceparent` values are well formed enough to propagate, and the
// traceparent of this proxy's own span that it sends on to the supplier.
#pragma once

#include <array>
#include <string_view>

namespace travelctl::core::observe {

/// True for `version-traceid-parentid-flags` in lowercase hex (2-32-16-2), version not `ff`,
/// trace and parent ids not all zeros; version 00 has exactly those four fields.
bool is_valid_traceparent(std::string_view value);

/// This proxy's span of one request: the caller's trace (or a new one) and a new span id.
class SpanContext {
 public:
  /// A child of `incoming` when it is a valid traceparent (same trace id and flags, a fresh
  /// span id whose parent is the caller's); else the root of a new trace (flags `00`: this proxy
  /// records no spans, so it does not claim to have sampled).
  static SpanContext child_of(std::string_view incoming);

  /// `00-<trace id>-<our span id>-<flags>`: what the supplier receives as its parent.
  std::string_view traceparent() const { return {header_.data(), header_.size()}; }
  std::string_view trace_id() const { return traceparent().substr(3, 32); }
  std::string_view span_id() const { return traceparent().substr(36, 16); }
  /// True when the request came with a valid traceparent (continued rather than started).
  bool continued() const { return continued_; }

 private:
  std::array<char, 55> header_{};
  bool continued_ = false;
};

}  // namespace travelctl::core::observe
