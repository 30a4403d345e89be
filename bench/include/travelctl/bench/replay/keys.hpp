// API keys for replay: captures never hold keys, so each captured client's key is given with
// --key CLIENT=KEY (or a keys file); `*=KEY` (or a bare KEY) is the key for every other request.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace travelctl::bench::replay {

struct KeyMap {
  std::map<std::string, std::string, std::less<>> by_client;
  std::optional<std::string> fallback;  ///< `*=KEY`: any client, and HAR requests

  /// The key to send for `client`, or nullptr (then a HAR request keeps the key it carries).
  const std::string* key_for(std::string_view client) const;
  bool empty() const { return by_client.empty() && !fallback; }
};

/// Adds `CLIENT=KEY`, `*=KEY` or `KEY`; the error says what is wrong.
std::optional<std::string> add_key(KeyMap& keys, std::string_view spec);

/// A keys file: one `CLIENT=KEY` per line, blank lines and `#` comments ignored; the error names
/// the line.
std::optional<std::string> add_keys_file(KeyMap& keys, std::string_view text);

}  // namespace travelctl::bench::replay
