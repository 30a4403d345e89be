// How a supplier failure becomes the client's answer (client-api.md, "Supplier answers").
#pragma once

#include <optional>
#include <string_view>

#include "travelctl/core/http/responses.hpp"
#include "travelctl/core/http/types.hpp"
#include "travelctl/core/supplier/client.hpp"

namespace travelctl::core::proxy {

/// How a supplier reply that is not a `200` fails the client's request (nullopt for a `200`); the
/// same mapping as map_supplier_failure, before it is bound to a request id.
std::optional<http::ErrorReply> classify_supplier_failure(const supplier::SupplierReply& reply);

/// The client's error response for a supplier reply that is not a `200`, or nullopt for a `200`:
/// 404 -> 404 not_found; 429 -> 503 supplier_unavailable with the supplier's Retry-After;
/// refused here (circuit open, supplier quota, pool queue full) -> 503 supplier_unavailable with
/// Retry-After;
/// a timeout -> 504 supplier_timeout; anything else (other status, refused, reset, too large,
/// malformed HTTP) -> 502 supplier_error.
std::optional<http::Response> map_supplier_failure(const supplier::SupplierReply& reply,
                                                   std::string_view request_id,
                                                   unsigned version = 11);

/// A `Retry-After` value worth passing on: delta-seconds or an HTTP-date of sane length, else "1".
std::string_view retry_after_value(std::string_view supplier_value);

}  // namespace travelctl::core::proxy
