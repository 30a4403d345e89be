// URL query-string helpers of the search route: form decoding (percent escapes, `+` as space).
#pragma once

#include <string>
#include <string_view>

namespace travelctl::core::transform {

/// Decodes one query-string component: `%XX` (hex, either case) and `+` as a space. Returns false
/// (leaving `out` unspecified) on a malformed escape such as `%4` or `%zz`.
bool form_decode(std::string_view in, std::string& out);

}  // namespace travelctl::core::transform
