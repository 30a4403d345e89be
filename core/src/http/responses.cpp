// Response builders shared by the proxy, the simulator and the server's own protocol errors.
#include "travelctl/core/http/responses.hpp"

#include "travelctl/core/json/writer.hpp"

namespace travelctl::core::http {

Response json_response(Status status, std::string body, unsigned version) {
  Response res{status, version};
  res.set(Field::content_type, "application/json");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

std::string error_body(std::string_view code, std::string_view message, std::string_view request_id,
                       std::string_view details_json) {
  std::string out;
  out.reserve(96 + message.size() + details_json.size());
  json::Writer w(out);
  w.begin_object().key("error").begin_object();
  w.key("code").string(code).key("message").string(message).key("request_id").string(request_id);
  if (!details_json.empty()) {
    w.key("details").raw(details_json);
  }
  w.end_object().end_object();
  return out;
}

Response error_response(Status status, std::string_view code, std::string_view message,
                        std::string_view request_id, std::string_view details_json,
                        unsigned version) {
  Response res = json_response(status, error_body(code, message, request_id, details_json), version);
  res.set("X-Request-Id", request_id);
  return res;
}

Response error_response(const ErrorReply& e, std::string_view request_id, unsigned version) {
  Response res = error_response(e.status, e.code, e.message, request_id, {}, version);
  if (!e.retry_after.empty()) {
    res.set(Field::retry_after, e.retry_after);
  }
  return res;
}

}  // namespace travelctl::core::http
