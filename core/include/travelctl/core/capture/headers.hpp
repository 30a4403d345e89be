// Which request headers a capture keeps: a fixed allow-list, so credentials (X-Api-Key,
// Authorization, Cookie) and anything unforeseen never reach the file.
#pragma once

#include <array>
#include <string_view>

#include "travelctl/core/capture/exchange.hpp"
#include "travelctl/core/http/types.hpp"

namespace travelctl::core::capture {

/// The request headers kept, lower-case: what a replay needs to send the same request again and
/// to correlate it (content negotiation, idempotency, request id, trace context, user agent).
inline constexpr std::array<std::string_view, 9> kCapturedHeaders = {
    "content-type", "accept",     "accept-language", "idempotency-key", "x-request-id",
    "traceparent",  "tracestate", "user-agent",      "if-none-match"};

/// True when `name` (any case) is one of kCapturedHeaders.
bool is_captured_header(std::string_view name);

/// Copies the kept headers of `req` into `out.request_headers` (names lower-cased, in arrival
/// order) and the credentials it carries into `out.secrets`.
void take_headers(const http::Request& req, Exchange& out);

}  // namespace travelctl::core::capture
