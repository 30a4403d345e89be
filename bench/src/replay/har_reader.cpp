// Reader of HAR 1.2 files (log.entries[].request/response, startedDateTime, time), as browsers'
// devtools and Playwright write them; bad entries are listed by index and skipped.
#include <nlohmann/json.hpp>

#include "reader_common.hpp"
#include "travelctl/bench/replay/readers.hpp"
#include "travelctl/bench/replay/timestamp.hpp"
#include "travelctl/bench/url.hpp"
#include "travelctl/reports/base64.hpp"

namespace travelctl::bench::replay {

namespace {

using nlohmann::json;

const json* object_at(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_object() ? &*it : nullptr;
}

std::optional<std::string> read_request(const json& req, CapturedExchange& x) {
  if (auto why = read_method(req, "method", x.method)) {
    return "request." + *why;
  }
  const auto url = req.find("url");
  if (url == req.end() || !url->is_string()) {
    return "request.url: missing";
  }
  auto parsed = parse_url(url->get<std::string>());
  if (!parsed) {
    return "request.url: " + parsed.error();
  }
  x.host = parsed->host_header();
  x.target = parsed->target;
  if (const auto hash = x.target.find('#'); hash != std::string::npos) {
    x.target.resize(hash);
  }
  if (!valid_target(x.target)) {
    return "request.url: the path holds characters that cannot be sent";
  }
  if (const auto h = req.find("headers"); h != req.end() && h->is_array()) {
    for (const auto& header : *h) {
      const auto n = header.find("name");
      const auto v = header.find("value");
      if (!header.is_object() || n == header.end() || v == header.end() || !n->is_string() ||
          !v->is_string()) {
        return "request.headers: an entry without a string name and value";
      }
      const auto& name = n->get_ref<const std::string&>();
      if (!replayable_header(name)) {
        continue;  // pseudo-headers and framing: checked before the value
      }
      if (!valid_header(name, v->get_ref<const std::string&>())) {
        return "request.headers: " + name + " is not a valid header";
      }
      x.headers.emplace_back(name, v->get<std::string>());
    }
  }
  if (const json* post = object_at(req, "postData")) {
    if (const auto t = post->find("text"); t != post->end() && t->is_string()) {
      x.body = t->get<std::string>();
    }
  }
  return std::nullopt;
}

std::optional<std::string> read_response(const json& res, CapturedExchange& x) {
  const auto s = res.find("status");
  if (s != res.end() && s->is_number_integer() && s->get<int64_t>() == 0) {
    return "response.status: 0 (the browser recorded no response)";
  }
  if (auto why = read_status(res, "status", x.status)) {
    return "response." + *why;
  }
  const json* content = object_at(res, "content");
  if (content == nullptr) {
    return std::nullopt;  // status only
  }
  const auto t = content->find("text");
  if (t == content->end() || !t->is_string()) {
    return std::nullopt;
  }
  const auto enc = content->find("encoding");
  if (enc != content->end() && enc->is_string() && enc->get_ref<const std::string&>() == "base64") {
    auto bytes = reports::base64_decode(t->get_ref<const std::string&>());
    if (!bytes) {
      return "response.content.text: encoding is base64 but the text is not";
    }
    x.response_body = std::move(*bytes);
  } else {
    x.response_body = t->get<std::string>();
  }
  return std::nullopt;
}

std::optional<std::string> read_entry(const json& e, CapturedExchange& x) {
  if (!e.is_object()) {
    return "not a JSON object";
  }
  const auto started = e.find("startedDateTime");
  const auto when = started != e.end() && started->is_string()
                        ? parse_timestamp_us(started->get<std::string>())
                        : std::nullopt;
  if (!when) {
    return "startedDateTime: missing or not an RFC 3339 timestamp";
  }
  x.started_us = *when;
  const json* req = object_at(e, "request");
  const json* res = object_at(e, "response");
  if (req == nullptr || res == nullptr) {
    return req == nullptr ? "request: missing" : "response: missing";
  }
  if (auto why = read_request(*req, x)) {
    return why;
  }
  if (auto why = read_response(*res, x)) {
    return why;
  }
  if (const auto t = e.find("time"); t != e.end() && t->is_number() && t->get<double>() >= 0) {
    x.latency_ms = t->get<double>();
  }
  return std::nullopt;
}

}  // namespace

Expected<ReplayInput, std::string> read_har(std::string_view text) {
  auto doc = parse_json(text);
  if (!doc) {
    return unexpected("not a JSON document: " + doc.error());
  }
  const json* log = doc->is_object() ? object_at(*doc, "log") : nullptr;
  const auto entries = log != nullptr ? log->find("entries") : json::const_iterator{};
  if (log == nullptr || entries == log->end() || !entries->is_array()) {
    return unexpected(std::string("not a HAR file: no log.entries array"));
  }
  ReplayInput in;
  in.format = "har";
  in.where_label = "entry";
  for (std::size_t i = 0; i < entries->size(); ++i) {
    CapturedExchange x;
    x.source = i;
    if (auto why = read_entry((*entries)[i], x)) {
      in.problems.push_back({i, *why});
      continue;
    }
    in.exchanges.push_back(std::move(x));
  }
  sort_by_start(in.exchanges);
  return in;
}

Expected<ReplayInput, std::string> read_replay_input(std::string_view text) {
  const std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) {
    return unexpected(std::string("the file is empty"));
  }
  // A capture line is a whole JSON object; a HAR file is one document, usually pretty-printed
  // (its first line alone is not JSON) and otherwise an object with "log".
  const std::size_t eol = text.find('\n', start);
  const std::string_view first =
      text.substr(start, eol == std::string_view::npos ? std::string_view::npos : eol - start);
  const auto line = nlohmann::json::parse(first, nullptr, false);
  if (line.is_object() && !line.contains("log")) {
    return read_capture(text);
  }
  if (line.is_object() || text[start] == '{') {
    const bool looks_har =
        line.is_object() || text.substr(start, 4096).find("\"log\"") != std::string_view::npos;
    if (looks_har) {
      return read_har(text);
    }
  }
  return read_capture(text);
}

}  // namespace travelctl::bench::replay
