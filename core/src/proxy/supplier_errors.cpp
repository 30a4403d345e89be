// Supplier failure mapping: one table for every supplier call of the proxy.
#include "travelctl/core/proxy/supplier_errors.hpp"

#include <string>

#include "travelctl/core/http/responses.hpp"

namespace travelctl::core::proxy {

std::string_view retry_after_value(std::string_view v) {
  if (v.empty() || v.size() > 64) {
    return "1";
  }
  for (char c : v) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return "1";
    }
  }
  return v;
}

std::optional<http::Response> map_supplier_failure(const supplier::SupplierReply& reply,
                                                   std::string_view rid, unsigned version) {
  using http::ClientError;
  using http::Status;
  if (reply.error == ClientError::timeout) {
    return http::error_response(Status::gateway_timeout, "supplier_timeout",
                                "the supplier did not answer in time", rid, {}, version);
  }
  if (reply.error != ClientError::none) {
    std::string message = "the supplier call failed (";
    message.append(http::to_string(reply.error)).append(")");
    return http::error_response(Status::bad_gateway, "supplier_error", message, rid, {}, version);
  }
  if (reply.status == 200) {
    return std::nullopt;
  }
  if (reply.status == 404) {
    return http::error_response(Status::not_found, "not_found",
                                "the supplier does not know this station or item", rid, {},
                                version);
  }
  if (reply.status == 429) {
    http::Response res =
        http::error_response(Status::service_unavailable, "supplier_unavailable",
                             "the supplier is rate limiting us; retry later", rid, {}, version);
    res.set(http::Field::retry_after, retry_after_value(reply.header(http::Field::retry_after)));
    return res;
  }
  return http::error_response(Status::bad_gateway, "supplier_error",
                              "the supplier answered HTTP " + std::to_string(reply.status), rid, {},
                              version);
}

}  // namespace travelctl::core::proxy
