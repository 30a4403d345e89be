// Checks shared by the capture and HAR readers: JSON parsing with a readable error, methods,
// request targets, statuses and header values that can be sent again as they are.
#pragma once

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "travelctl/bench/expected.hpp"
#include "travelctl/bench/replay/exchange.hpp"

namespace travelctl::bench::replay {

/// The parsed document, or nlohmann's message without its "[json.exception...]" prefix.
inline Expected<nlohmann::json, std::string> parse_json(std::string_view text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    std::string what = e.what();
    const auto close = what.find("] ");
    return unexpected(close == std::string::npos ? what : what.substr(close + 2));
  }
}

/// An HTTP token (RFC 9110): what a method must be.
inline bool is_token(std::string_view s) {
  static constexpr std::string_view kExtra = "!#$%&'*+-.^_`|~";
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || kExtra.find(static_cast<char>(c)) != std::string_view::npos;
  });
}

/// Origin-form: starts with '/', no whitespace or control characters.
inline bool valid_target(std::string_view t) {
  return !t.empty() && t.front() == '/' &&
         std::none_of(t.begin(), t.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7f; });
}

/// A header name that is a token and a value without CR, LF or NUL (safe to write as is).
inline bool valid_header(std::string_view name, std::string_view value) {
  return is_token(name) &&
         value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

inline std::optional<std::string> read_method(const nlohmann::json& j, const char* key,
                                              std::string& out) {
  const auto m = j.find(key);
  if (m == j.end() || !m->is_string() || !is_token(m->get_ref<const std::string&>())) {
    return std::string(key) + ": missing or not an HTTP method";
  }
  out = m->get<std::string>();
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return std::nullopt;
}

inline std::optional<std::string> read_status(const nlohmann::json& j, const char* key, int& out) {
  const auto s = j.find(key);
  if (s == j.end() || !s->is_number_integer() || s->get<int64_t>() < 100 ||
      s->get<int64_t>() > 599) {
    return std::string(key) + ": missing or not an HTTP status (100-599)";
  }
  out = static_cast<int>(s->get<int64_t>());
  return std::nullopt;
}

/// Sorts by start time, keeping file order among equal times.
inline void sort_by_start(std::vector<CapturedExchange>& v) {
  std::stable_sort(v.begin(), v.end(), [](const CapturedExchange& a, const CapturedExchange& b) {
    return a.started_us < b.started_us;
  });
}

}  // namespace travelctl::bench::replay
