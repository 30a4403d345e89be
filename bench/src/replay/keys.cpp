// Replay's per-client API keys (see keys.hpp).
#include "travelctl/bench/replay/keys.hpp"

#include <algorithm>

namespace travelctl::bench::replay {

namespace {

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) {
    return {};
  }
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

bool printable(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
}

}  // namespace

const std::string* KeyMap::key_for(std::string_view client) const {
  const auto it = by_client.find(client);
  if (it != by_client.end()) {
    return &it->second;
  }
  return fallback ? &*fallback : nullptr;
}

std::optional<std::string> add_key(KeyMap& keys, std::string_view spec) {
  const auto eq = spec.find('=');
  const std::string_view client = eq == std::string_view::npos ? "*" : spec.substr(0, eq);
  const std::string_view key = eq == std::string_view::npos ? spec : spec.substr(eq + 1);
  if (client.empty() || key.empty() || !printable(client) || !printable(key)) {
    return "expected CLIENT=KEY (or *=KEY) without spaces";
  }
  if (client == "*") {
    keys.fallback = std::string(key);
  } else {
    keys.by_client[std::string(client)] = std::string(key);
  }
  return std::nullopt;
}

std::optional<std::string> add_keys_file(KeyMap& keys, std::string_view text) {
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    const std::string_view line = trim(text.substr(pos, end - pos));
    pos = end + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') {
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) {
      return "line " + std::to_string(line_no) + ": expected CLIENT=KEY";
    }
    // Spaces around '=' are allowed in a file (not inside the client or the key).
    const std::string spec =
        std::string(trim(line.substr(0, eq))) + "=" + std::string(trim(line.substr(eq + 1)));
    if (auto why = add_key(keys, spec)) {
      return "line " + std::to_string(line_no) + ": " + *why;
    }
  }
  return std::nullopt;
}

}  // namespace travelctl::bench::replay
