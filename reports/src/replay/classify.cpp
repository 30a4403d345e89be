// Classification of one replayed exchange (see classify.hpp).
#include "travelctl/reports/replay/classify.hpp"

namespace travelctl::reports::replay {

namespace {

constexpr std::size_t kNoteBytes = 200;

std::string excerpt(std::string_view body) {
  std::string s(body.substr(0, kNoteBytes));
  for (char& c : s) {
    if (c == '\n' || c == '\r') {
      c = ' ';
    }
  }
  return body.size() > kNoteBytes ? s + "..." : s;
}

}  // namespace

std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::same:
      return "same";
    case Outcome::status_changed:
      return "status_changed";
    case Outcome::body_changed:
      return "body_changed";
    case Outcome::error:
      return "error";
    case Outcome::skipped:
      return "skipped";
  }
  return "?";
}

Classified classify_exchange(int captured_status, const std::optional<std::string>& captured_body,
                             int replayed_status, std::string_view replayed_body,
                             const JsonDiffOptions& options) {
  Classified c;
  if (captured_status != replayed_status) {
    c.outcome = Outcome::status_changed;
    c.note = "status " + std::to_string(captured_status) + " -> " + std::to_string(replayed_status);
    if (!replayed_body.empty()) {
      c.note += ", new body: " + excerpt(replayed_body);
    }
    return c;
  }
  if (!captured_body) {
    return c;  // nothing kept to compare the body with
  }
  const auto old_json = nlohmann::json::parse(*captured_body, nullptr, false);
  const auto new_json = nlohmann::json::parse(replayed_body, nullptr, false);
  if (!old_json.is_discarded() && !new_json.is_discarded()) {
    c.diff = json_diff(old_json, new_json, options);
    if (!c.diff.empty()) {
      c.outcome = Outcome::body_changed;
    }
    return c;
  }
  if (*captured_body != replayed_body) {
    c.outcome = Outcome::body_changed;
    c.note = "body (not JSON) differs: " + std::to_string(captured_body->size()) + " -> " +
             std::to_string(replayed_body.size()) + " bytes";
  }
  return c;
}

}  // namespace travelctl::reports::replay
