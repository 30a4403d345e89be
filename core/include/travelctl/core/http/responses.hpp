// Building responses: JSON bodies and the error body shape of client-api.md.
#pragma once

#include <string>
#include <string_view>

#include "travelctl/core/http/types.hpp"

namespace travelctl::core::http {

/// An error answer not yet bound to a request (shareable between requests): status, code,
/// message and, for 429/503, a Retry-After value.
struct ErrorReply {
  Status status = Status::bad_gateway;
  std::string code;
  std::string message;
  std::string retry_after;  ///< empty: no Retry-After header
};

/// A response with a JSON body, `Content-Type: application/json` and a Content-Length.
Response json_response(Status status, std::string body, unsigned version = 11);

/// `{"error": {"code", "message", "request_id"[, "details"]}}`; `details_json` is raw JSON or empty.
std::string error_body(std::string_view code, std::string_view message, std::string_view request_id,
                       std::string_view details_json = {});

/// An error response with the body above and the `X-Request-Id` header set.
Response error_response(Status status, std::string_view code, std::string_view message,
                        std::string_view request_id, std::string_view details_json = {},
                        unsigned version = 11);

/// The error response of `e` for request `request_id`.
Response error_response(const ErrorReply& e, std::string_view request_id, unsigned version = 11);

}  // namespace travelctl::core::http
