// The verdict and retry decision of one supplier try.
#include "call_policy.hpp"

#include <chrono>

namespace travelctl::core::supplier {

Verdict verdict_of(const SupplierReply& reply) {
  using http::ClientError;
  switch (reply.error) {
    case ClientError::none:
      if (reply.status >= 500) {
        return Verdict::failure;
      }
      // 429 is the supplier pacing us, not failing: it neither opens nor closes the circuit.
      return reply.status == 429 ? Verdict::neutral : Verdict::success;
    case ClientError::rejected:
    case ClientError::bad_request:
      return Verdict::neutral;
    default:
      return Verdict::failure;  // refused, reset, timeout, too large, malformed HTTP, TLS
  }
}

std::optional<RetryReason> retry_reason(const SupplierReply& reply) {
  using http::ClientError;
  switch (reply.error) {
    case ClientError::none:
      if (reply.status == 502 || reply.status == 503 || reply.status == 504 ||
          reply.status == 429) {
        return RetryReason::status;
      }
      return std::nullopt;
    case ClientError::refused:
      return RetryReason::connect;
    case ClientError::timeout:
      // Before sending: the connection could not be made in time (a try that was sent and timed
      // out is not retried: the supplier is slow, another try would only add load).
      return reply.sent ? std::nullopt : std::optional(RetryReason::connect);
    case ClientError::reset:
      return reply.partial ? std::nullopt : std::optional(RetryReason::reset);
    default:
      return std::nullopt;
  }
}

void copy_result(http::ClientResult&& r, SupplierReply& reply) {
  reply.error = r.error;
  reply.detail = std::move(r.detail);
  reply.sent = r.sent;
  reply.partial = r.partial;
  reply.status = r.ok() ? reply.response.result_int() : 0;
  reply.rejected = Rejection::none;
  reply.retry_after = std::chrono::milliseconds(0);
}

}  // namespace travelctl::core::supplier
