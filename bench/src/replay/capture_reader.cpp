// Reader of travelctl.capture/v1 NDJSON (spec/files.md): one exchange per line, bad lines listed
// with their number and skipped.
#include <nlohmann/json.hpp>

#include "reader_common.hpp"
#include "travelctl/bench/replay/readers.hpp"
#include "travelctl/bench/replay/timestamp.hpp"

namespace travelctl::bench::replay {

namespace {

using nlohmann::json;
constexpr std::string_view kSchema = "travelctl.capture/v1";

// A body as the capture holds it: JSON values as JSON text, a string as the raw text it was.
std::optional<std::string> body_text(const json& line, const char* key) {
  const auto it = line.find(key);
  if (it == line.end() || it->is_null()) {
    return std::nullopt;
  }
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// Fills `x` from one parsed line; the error names the field at fault.
std::optional<std::string> read_line(const json& j, CapturedExchange& x) {
  if (!j.is_object()) {
    return "not a JSON object";
  }
  const auto schema = j.find("schema");
  if (schema == j.end() || !schema->is_string()) {
    return "schema: missing (expected \"travelctl.capture/v1\")";
  }
  if (schema->get_ref<const std::string&>() != kSchema) {
    return "schema: \"" + schema->get<std::string>() + "\" is not \"travelctl.capture/v1\"";
  }
  const auto ts = j.find("ts");
  const auto when =
      ts != j.end() && ts->is_string() ? parse_timestamp_us(ts->get<std::string>()) : std::nullopt;
  if (!when) {
    return "ts: missing or not an RFC 3339 timestamp";
  }
  x.started_us = *when;
  if (auto why = read_method(j, "method", x.method)) {
    return why;
  }
  const auto target = j.find("target");
  if (target == j.end() || !target->is_string() || !valid_target(target->get<std::string>())) {
    return "target: missing or not an origin-form request target (\"/path?query\")";
  }
  x.target = target->get<std::string>();
  if (auto why = read_status(j, "status", x.status)) {
    return why;
  }
  if (const auto c = j.find("client"); c != j.end() && !c->is_null()) {
    if (!c->is_string()) {
      return "client: not a string";
    }
    x.client = c->get<std::string>();
  }
  if (const auto h = j.find("request_headers"); h != j.end() && !h->is_null()) {
    if (!h->is_object()) {
      return "request_headers: not an object";
    }
    for (const auto& [name, value] : h->items()) {
      if (!value.is_string() || !valid_header(name, value.get_ref<const std::string&>())) {
        return "request_headers/" + name + ": not a valid header value";
      }
      if (replayable_header(name)) {
        x.headers.emplace_back(name, value.get<std::string>());
      }
    }
  }
  x.body = body_text(j, "request_body");
  x.response_body = body_text(j, "response_body");
  if (const auto l = j.find("latency_ms"); l != j.end() && !l->is_null()) {
    if (!l->is_number() || l->get<double>() < 0) {
      return "latency_ms: not a non-negative number";
    }
    x.latency_ms = l->get<double>();
  }
  return std::nullopt;
}

}  // namespace

ReplayInput read_capture(std::string_view text) {
  ReplayInput in;
  in.format = "capture";
  in.where_label = "line";
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
      continue;
    }
    auto parsed = parse_json(line);
    if (!parsed) {
      in.problems.push_back({line_no, "not JSON: " + parsed.error()});
      continue;
    }
    CapturedExchange x;
    x.source = line_no;
    if (auto why = read_line(*parsed, x)) {
      in.problems.push_back({line_no, *why});
      continue;
    }
    in.exchanges.push_back(std::move(x));
  }
  sort_by_start(in.exchanges);
  return in;
}

}  // namespace travelctl::bench::replay
