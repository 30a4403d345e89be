// Bodies in a capture line: JSON kept as JSON with passenger personal data masked, anything else
// as text (responses) or withheld (requests), so personal data never reaches the disk.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace travelctl::core::json {
class Writer;
}

namespace travelctl::core::capture {

/// What replaces a value of personal data.
inline constexpr std::string_view kMask = "***";

/// Which side of the exchange a body comes from. `trusted_response`: JSON this serve wrote that
/// holds no personal data by construction (Exchange::response_trusted), copied without a walk.
enum class BodySide { request, response, trusted_response };

/// True for a key whose value is personal data wherever it appears (`first_name`, `last_name`,
/// `date_of_birth`, `passport_number`, `document_number`, `email`, `phone`, ...). Compared
/// without case, `_` or `-`, so `firstName` and `First-Name` count too. `name` alone is not one:
/// stations, operators and fare classes have names (see is_person_key).
bool is_personal_key(std::string_view key);

/// True for a key whose value describes people (`passengers`, `passenger`, `contact`,
/// `travellers`, `guests`, ...): every string and number inside it is masked, whatever its key.
bool is_person_key(std::string_view key);

/// Turns bodies into the JSON value a capture line holds. Keeps a JSON parser between calls: one
/// per thread (the capture writer's).
class BodyFormatter {
 public:
  BodyFormatter();
  ~BodyFormatter();
  BodyFormatter(const BodyFormatter&) = delete;
  BodyFormatter& operator=(const BodyFormatter&) = delete;

  /// Writes `body` as one JSON value: `null` when empty (or only whitespace); the JSON itself
  /// when it parses as JSON, with personal data replaced by "***" (kept byte for byte, on one
  /// line, when there is none to mask); otherwise, for a response, the text as a JSON string, and
  /// for a request "***" (text we cannot parse cannot be checked for personal data).
  void append(json::Writer& w, std::string_view body, BodySide side);

 private:
  // Valid JSON written as it is, on one line.
  static void append_one_line(json::Writer& w, std::string_view body);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace travelctl::core::capture
