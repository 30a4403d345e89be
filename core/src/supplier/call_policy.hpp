// Internal: what one supplier try means for the circuit breaker and for a retry (pure functions).
#pragma once

#include <optional>

#include "travelctl/core/http/client.hpp"
#include "travelctl/core/supplier/client.hpp"

namespace travelctl::core::supplier {

/// What a try says of the supplier's health.
enum class Verdict { success, failure, neutral };

/// Failure: no usable HTTP answer (refused, reset, timeout, too large, malformed HTTP, TLS) or a
/// 5xx. Neutral: a 429 (pacing, not failing) or a call refused here. Success: any other status;
/// the route may still find the body malformed (SupplierReply::report_malformed).
Verdict verdict_of(const SupplierReply& reply);

/// Why a failed try of an idempotent call may be tried again: a 502, 503, 504 or 429; a refused
/// connection or a connect timeout; a reset before any byte of the answer. Else nullopt.
std::optional<RetryReason> retry_reason(const SupplierReply& reply);

/// The pool's result into the reply (status from the response when it is whole).
void copy_result(http::ClientResult&& r, SupplierReply& reply);

}  // namespace travelctl::core::supplier
