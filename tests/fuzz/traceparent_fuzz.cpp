// Fuzz target: any traceparent header value gives a valid traceparent to send on, which keeps the
// caller's trace id exactly when the value was valid.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "travelctl/core/observe/trace_context.hpp"

using namespace travelctl::core::observe;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const SpanContext span = SpanContext::child_of(in);
  if (!is_valid_traceparent(span.traceparent()) || span.traceparent().size() != 55 ||
      span.traceparent().substr(0, 3) != "00-") {
    std::abort();
  }
  const bool valid = is_valid_traceparent(in);
  if (span.continued() != valid) {
    std::abort();
  }
  if (valid && (span.trace_id() != in.substr(3, 32) || span.span_id() == in.substr(36, 16) ||
                span.traceparent().substr(53, 2) != in.substr(53, 2))) {
    std::abort();
  }
  return 0;
}
