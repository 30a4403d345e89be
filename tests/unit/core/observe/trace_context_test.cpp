// Unit tests of traceparent validation.
#include "travelctl/core/observe/trace_context.hpp"

#include <catch2/catch.hpp>

using travelctl::core::observe::is_valid_traceparent;

TEST_CASE("Trace context: well-formed traceparent values pass", "[core]") {
  CHECK(is_valid_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
  CHECK(is_valid_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"));
  CHECK(is_valid_traceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"));
}

TEST_CASE("Trace context: malformed values are refused", "[core]") {
  CHECK_FALSE(is_valid_traceparent(""));
  CHECK_FALSE(is_valid_traceparent("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"));
  CHECK_FALSE(is_valid_traceparent("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
  CHECK_FALSE(is_valid_traceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01"));
  CHECK_FALSE(is_valid_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"));
  CHECK_FALSE(is_valid_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x"));
  CHECK_FALSE(is_valid_traceparent("00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
  CHECK_FALSE(is_valid_traceparent("00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01"));
}

using travelctl::core::observe::SpanContext;

TEST_CASE("Trace context: a valid traceparent is continued with a new span of ours", "[core]") {
  const std::string incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  const SpanContext a = SpanContext::child_of(incoming);
  const SpanContext b = SpanContext::child_of(incoming);
  CHECK(a.continued());
  CHECK(is_valid_traceparent(a.traceparent()));
  CHECK(a.trace_id() == "4bf92f3577b34da6a3ce929d0e0e4736");
  CHECK(a.traceparent().substr(0, 3) == "00-");
  CHECK(a.traceparent().substr(53) == "01");  // the caller's sampling decision is kept
  CHECK(a.span_id() != "00f067aa0ba902b7");   // the parent the supplier sees is us
  CHECK(a.span_id() != b.span_id());
  // A later version is continued as version 00 without its extra fields.
  const SpanContext c =
      SpanContext::child_of("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-what-ever");
  CHECK(c.continued());
  CHECK(c.traceparent().size() == 55);
  CHECK(c.trace_id() == "4bf92f3577b34da6a3ce929d0e0e4736");
  CHECK(c.traceparent().substr(53) == "00");
}

TEST_CASE("Trace context: no or a malformed traceparent starts a new trace", "[core]") {
  for (const char* in : {"", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                         "00-00000000000000000000000000000000-00f067aa0ba902b7-01"}) {
    const SpanContext s = SpanContext::child_of(in);
    INFO(in);
    CHECK_FALSE(s.continued());
    CHECK(is_valid_traceparent(s.traceparent()));
    CHECK(s.traceparent().substr(53) == "00");
    CHECK(s.trace_id() != "4bf92f3577b34da6a3ce929d0e0e4736");
  }
  CHECK(SpanContext::child_of("").trace_id() != SpanContext::child_of("").trace_id());
}
