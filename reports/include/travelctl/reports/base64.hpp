// Standard base64 (RFC 4648 section 4, with padding) for binary data inside JSON files.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace travelctl::reports {

std::string base64_encode(std::string_view bytes);
/// nullopt when `text` is not valid padded base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace travelctl::reports
