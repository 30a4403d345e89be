// The text and JSON forms of outbox entries and stats printed by `travelctl outbox`.
#include "cmd_outbox_view.hpp"

#include <time.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace travelctl::cli::outbox_view {
namespace {

namespace store = core::store;

constexpr std::size_t kErrorWidth = 40;  // the table cuts longer errors; `show` has them whole
constexpr const char* kReset = "\033[0m";

const char* state_colour(store::OutboxState state) {
  switch (state) {
    case store::OutboxState::pending:
      return "\033[33m";
    case store::OutboxState::delivered:
      return "\033[32m";
    case store::OutboxState::dead:
      return "\033[31m";
  }
  return "";
}

std::string coloured(const std::string& text, const char* colour, bool on) {
  return on ? colour + text + kReset : text;
}

// Terminal columns taken by UTF-8 text: one per code point (ids and errors are mostly ASCII).
std::size_t width(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) {
    n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }
  return n;
}

// Table cells come from the supplier and clients' endpoints: no control character reaches the
// terminal (no escape sequences, no line breaks that would tear the table).
std::string cell(std::string_view text, std::size_t max_width = 0) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u < 0x20 || u == 0x7F ? '?' : c);
  }
  if (max_width == 0 || width(out) <= max_width) {
    return out;
  }
  std::size_t columns = 0;  // cut before code point number max_width - 3, then mark the cut
  for (std::size_t i = 0; i < out.size(); ++i) {
    if ((static_cast<unsigned char>(out[i]) & 0xC0) != 0x80 && columns++ == max_width - 3) {
      out.resize(i);
      break;
    }
  }
  return out + "...";
}

std::string escape_controls(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7F) {
      std::array<char, 5> hex{};
      std::snprintf(hex.data(), hex.size(), "\\x%02X", u);
      out.append(hex.data());
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Only a pending entry has a next attempt worth reading.
std::string next_attempt(const store::OutboxEntry& e, bool millis) {
  return e.state == store::OutboxState::pending ? utc(e.next_attempt_at, millis) : "-";
}

}  // namespace

std::string utc(store::TimePoint t, bool millis) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch());
  auto seconds = std::chrono::floor<std::chrono::seconds>(ms);
  const auto rest = (ms - seconds).count();
  const time_t tt = static_cast<time_t>(seconds.count());
  tm parts{};
  gmtime_r(&tt, &parts);
  std::array<char, 40> out{};
  const int n =
      std::snprintf(out.data(), out.size(), "%04d-%02d-%02dT%02d:%02d:%02d", parts.tm_year + 1900,
                    parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec);
  std::string text(out.data(), static_cast<std::size_t>(n));
  if (millis) {
    std::snprintf(out.data(), out.size(), ".%03lld", static_cast<long long>(rest));
    text += out.data();
  }
  return text + "Z";
}

nlohmann::ordered_json to_json(const store::OutboxEntry& e) {
  using json = nlohmann::ordered_json;
  json j;
  j["id"] = e.id;
  j["client_id"] = e.client_id ? json(*e.client_id) : json(nullptr);
  j["booking_id"] = e.booking_id;
  j["state"] = store::to_string(e.state);
  j["attempts"] = e.attempts;
  j["next_attempt_at"] = utc(e.next_attempt_at, true);
  j["last_error"] = e.last_error ? json(*e.last_error) : json(nullptr);
  j["occurred_at"] = utc(e.occurred_at, true);
  j["created_at"] = utc(e.created_at, true);
  j["updated_at"] = utc(e.updated_at, true);
  j["payload"] = e.payload;
  return j;
}

std::string render_table(const std::vector<store::OutboxEntry>& entries, bool colour) {
  using Row = std::array<std::string, 8>;
  std::vector<Row> rows;
  rows.push_back({"ID", "CLIENT", "BOOKING", "STATE", "ATTEMPTS", "NEXT ATTEMPT", "LAST ERROR",
                  "OCCURRED AT"});
  for (const auto& e : entries) {
    rows.push_back({cell(e.id), e.client_id ? cell(*e.client_id) : "(unrouted)", cell(e.booking_id),
                    store::to_string(e.state), std::to_string(e.attempts), next_attempt(e, false),
                    e.last_error ? cell(*e.last_error, kErrorWidth) : "-",
                    utc(e.occurred_at, false)});
  }
  std::array<std::size_t, 8> widths{};
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], width(row[c]));
    }
  }
  std::string out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      const std::string& text = rows[r][c];
      const std::string pad(widths[c] - width(text), ' ');
      std::string padded = c == 4 ? pad + text : text + pad;  // attempts align right
      if (r > 0 && c == 3) {
        padded = coloured(padded, state_colour(entries[r - 1].state), colour);
      }
      line += (c == 0 ? "" : "  ") + padded;
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out += (r == 0 ? coloured(line, "\033[1m", colour) : line) + "\n";
  }
  return out;
}

std::string render_stats(const store::OutboxStats& s) {
  std::string line = "outbox: " + std::to_string(s.pending) + " pending (" +
                     std::to_string(s.in_flight) + " in flight, " + std::to_string(s.unrouted) +
                     " unrouted), " + std::to_string(s.delivered) + " delivered, " +
                     std::to_string(s.dead) + " dead";
  if (s.oldest_pending) {
    line += "; oldest pending occurred " + utc(*s.oldest_pending, false);
  }
  return line + "\n";
}

std::string render_details(const store::OutboxEntry& e, bool colour, bool escape) {
  const auto value = [escape](std::string_view text) {
    return escape ? escape_controls(text) : std::string(text);
  };
  std::string out;
  const auto field = [&out](const char* name, const std::string& text) {
    std::string label = name;
    label.resize(14, ' ');
    out += label + text + "\n";
  };
  field("id", value(e.id));
  field("client", e.client_id ? value(*e.client_id) : "(unrouted: the booking's owner is unknown)");
  field("booking", value(e.booking_id));
  field("state", coloured(store::to_string(e.state), state_colour(e.state), colour));
  field("attempts", std::to_string(e.attempts));
  field("next attempt", next_attempt(e, true));
  field("last error", e.last_error ? value(*e.last_error) : "-");
  field("occurred at", utc(e.occurred_at, true));
  field("received at", utc(e.created_at, true));
  field("updated at", utc(e.updated_at, true));
  // ordered_json: the payload's keys stay in their stored order.
  const auto json = nlohmann::ordered_json::parse(e.payload, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    field("payload", std::to_string(e.payload.size()) + " bytes, as stored:");
    out += value(e.payload);
  } else {
    field("payload", "JSON, pretty-printed (the exact bytes: --format json):");
    // Invalid UTF-8 inside strings is shown as U+FFFD rather than failing the whole output.
    out += json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  }
  if (out.empty() || out.back() != '\n') {
    out += '\n';
  }
  return out;
}

}  // namespace travelctl::cli::outbox_view
