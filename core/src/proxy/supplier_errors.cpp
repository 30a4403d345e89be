// Supplier failure mapping: one table for every supplier call of the proxy.
#include "travelctl/core/proxy/supplier_errors.hpp"

#include <algorithm>
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

std::optional<http::ErrorReply> classify_supplier_failure(const supplier::SupplierReply& reply) {
  using http::ClientError;
  using http::Status;
  if (reply.error == ClientError::rejected) {
    // Refused here, never sent: the circuit is open, the quota is spent or the pool is full.
    const auto seconds = std::max<int64_t>(
        1, (reply.retry_after.count() + 999) / 1000);  // Retry-After in whole seconds, rounded up
    const char* why = reply.rejected == supplier::Rejection::circuit_open
                          ? "the supplier is failing and its circuit breaker is open; retry later"
                      : reply.rejected == supplier::Rejection::quota
                          ? "the supplier request quota is in use by other clients; retry later"
                          : "too many supplier calls are waiting already; retry later";
    return http::ErrorReply{Status::service_unavailable, "supplier_unavailable", why,
                            std::to_string(seconds)};
  }
  if (reply.error == ClientError::timeout) {
    return http::ErrorReply{Status::gateway_timeout, "supplier_timeout",
                            "the supplier did not answer in time", ""};
  }
  if (reply.error != ClientError::none) {
    std::string message = "the supplier call failed (";
    message.append(http::to_string(reply.error)).append(")");
    return http::ErrorReply{Status::bad_gateway, "supplier_error", message, ""};
  }
  if (reply.status == 200) {
    return std::nullopt;
  }
  if (reply.status == 404) {
    return http::ErrorReply{Status::not_found, "not_found",
                            "the supplier does not know this station or item", ""};
  }
  if (reply.status == 429) {
    return http::ErrorReply{Status::service_unavailable, "supplier_unavailable",
                            "the supplier is rate limiting us; retry later",
                            std::string(retry_after_value(reply.header(http::Field::retry_after)))};
  }
  return http::ErrorReply{Status::bad_gateway, "supplier_error",
                          "the supplier answered HTTP " + std::to_string(reply.status), ""};
}

std::optional<http::Response> map_supplier_failure(const supplier::SupplierReply& reply,
                                                   std::string_view rid, unsigned version) {
  if (auto e = classify_supplier_failure(reply)) {
    return http::error_response(*e, rid, version);
  }
  return std::nullopt;
}

}  // namespace travelctl::core::proxy
