// W3C Trace Context: which `traceparent` values are well formed enough to propagate.
#pragma once

#include <string_view>

namespace travelctl::core::observe {

/// True for `version-traceid-parentid-flags` in lowercase hex (2-32-16-2), version not `ff`,
/// trace and parent ids not all zeros; version 00 has exactly those four fields.
bool is_valid_traceparent(std::string_view value);

}  // namespace travelctl::core::observe
