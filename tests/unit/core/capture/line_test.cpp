#include "travelctl/core/capture/line.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "travelctl/core/capture/headers.hpp"

namespace capture = travelctl::core::capture;
namespace http = travelctl::core::http;

namespace {

capture::Exchange booking_exchange() {
  capture::Exchange e;
  e.ts = std::chrono::system_clock::time_point(std::chrono::microseconds(1795860000123456));
  e.client = "acme";
  e.method = "POST";
  e.target = "/v1/bookings";
  e.request_id = "rid-1";
  e.request_headers = {{"content-type", "application/json"}, {"idempotency-key", "k1"}};
  e.request_body =
      R"({"booking_token":"bt","passengers":[{"first_name":"Anong","last_name":"Chaiyasit",)"
      R"("date_of_birth":"1992-08-17"}],"contact":{"email":"anong.c@hotmail.com","phone":"+66891112233"}})";
  e.status = 201;
  e.response_body = R"({"booking_id":"5550001","status":"reserved"})";
  e.latency_ms = 3.25;
  e.secrets = {"acme-live-key-7f3a9c"};
  return e;
}

}  // namespace

TEST_CASE("Capture line: timestamps are UTC with microseconds", "[core]") {
  using namespace std::chrono;
  CHECK(capture::format_timestamp(system_clock::time_point(microseconds(1795860000123456))) ==
        "2026-11-28T10:00:00.123456Z");
  CHECK(capture::format_timestamp(system_clock::time_point(microseconds(0))) ==
        "1970-01-01T00:00:00.000000Z");
  CHECK(capture::format_timestamp(system_clock::time_point(microseconds(-1))) ==
        "1969-12-31T23:59:59.999999Z");
}

TEST_CASE("Capture line: one line with every field of spec/files.md", "[core]") {
  capture::LineFormatter f;
  std::string out;
  f.append_line(out, booking_exchange());
  REQUIRE(!out.empty());
  CHECK(out.back() == '\n');
  CHECK(out.find('\n') == out.size() - 1);
  const auto v = nlohmann::json::parse(out);
  CHECK(v["schema"] == "travelctl.capture/v1");
  CHECK(v["ts"] == "2026-11-28T10:00:00.123456Z");
  CHECK(v["client"] == "acme");
  CHECK(v["method"] == "POST");
  CHECK(v["target"] == "/v1/bookings");
  CHECK(v["request_id"] == "rid-1");
  CHECK(v["request_headers"] ==
        nlohmann::json{{"content-type", "application/json"}, {"idempotency-key", "k1"}});
  CHECK(v["request_body"]["booking_token"] == "bt");
  CHECK(v["request_body"]["passengers"][0]["first_name"] == "***");
  CHECK(v["request_body"]["contact"]["email"] == "***");
  CHECK(v["status"] == 201);
  CHECK(v["response_body"] == nlohmann::json{{"booking_id", "5550001"}, {"status", "reserved"}});
  CHECK(v["latency_ms"].get<double>() == Approx(3.25));
  for (const char* pii :
       {"Anong", "Chaiyasit", "1992-08-17", "anong.c@hotmail.com", "+66891112233"}) {
    CHECK(out.find(pii) == std::string::npos);
  }
}

TEST_CASE("Capture line: a trusted answer is copied, the same line as the walked one", "[core]") {
  capture::Exchange e = booking_exchange();
  e.method = "GET";
  e.target = "/v1/itineraries?from=101&to=117&date=2026-12-01&pax=2";
  e.request_body.clear();
  e.status = 200;
  e.response_body =
      R"({"itineraries":[{"id":"AQ","segments":[{"from":{"id":101,"name":"Bangkok Mo Chit"}}],)"
      R"("price":{"amount":"52.00","currency":"USD"}}],"count":1,"search_id":"acme-live-key-7f3a9c"})";
  capture::LineFormatter f;
  std::string walked;
  f.append_line(walked, e);
  e.response_trusted = true;
  std::string copied;
  f.append_line(copied, e);
  CHECK(copied == walked);
  CHECK(copied.find("acme-live-key-7f3a9c") == std::string::npos);  // still scrubbed
  CHECK(nlohmann::json::parse(copied)["response_body"]["count"] == 1);

  e.response_body = "";  // a HEAD answer
  std::string empty;
  f.append_line(empty, e);
  CHECK(nlohmann::json::parse(empty)["response_body"].is_null());
}

TEST_CASE("Capture line: no client is null, no body is null", "[core]") {
  capture::Exchange e;
  e.method = "GET";
  e.target = "/v1/itineraries?from=101&to=117&date=2026-12-01&pax=2";
  e.status = 401;
  capture::LineFormatter f;
  std::string out;
  f.append_line(out, e);
  const auto v = nlohmann::json::parse(out);
  CHECK(v["client"].is_null());
  CHECK(v["request_body"].is_null());
  CHECK(v["response_body"].is_null());
  CHECK(v["request_headers"] == nlohmann::json::object());
}

TEST_CASE("Capture line: the request's key is scrubbed wherever the client put it", "[core]") {
  capture::Exchange e = booking_exchange();
  e.target = "/v1/itineraries?from=101&api_key=acme-live-key-7f3a9c";
  e.request_headers.emplace_back("idempotency-key", "acme-live-key-7f3a9c");
  e.request_body = R"({"note": "key acme-live-key-7f3a9c"})";
  capture::LineFormatter f;
  std::string out;
  f.append_line(out, e);
  CHECK(out.find("acme-live-key-7f3a9c") == std::string::npos);
  const auto v = nlohmann::json::parse(out);
  CHECK(v["target"] == "/v1/itineraries?from=101&api_key=***");
  CHECK(v["request_body"]["note"] == "key ***");
}

TEST_CASE("Capture line: secrets are scrubbed in their escaped form, short ones left", "[core]") {
  std::string text = R"({"a":"x\"quoted\\key\"y","b":"abc"})";
  capture::scrub_secrets(text, 0, {"\"quoted\\key\"", "abc"});
  CHECK(text == R"({"a":"x***y","b":"abc"})");
}

TEST_CASE("Capture headers: only the allow-list is kept, credentials are collected", "[core]") {
  http::Request req{http::Verb::post, "/v1/bookings", 11};
  req.set("X-Api-Key", "acme-live-key-7f3a9c");
  req.set(http::Field::authorization, "Bearer tok-123456789");
  req.set(http::Field::cookie, "session=s3cr3t");
  req.set(http::Field::content_type, "application/json");
  req.set("Idempotency-Key", "k-42");
  req.set("X-Request-Id", "rid-9");
  req.set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  req.set("X-Forwarded-For", "203.0.113.9");
  capture::Exchange e;
  capture::take_headers(req, e);
  nlohmann::json kept = nlohmann::json::object();
  for (const auto& [k, v] : e.request_headers) {
    kept[k] = v;
  }
  CHECK(kept ==
        nlohmann::json{{"content-type", "application/json"},
                       {"idempotency-key", "k-42"},
                       {"x-request-id", "rid-9"},
                       {"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}});
  CHECK(e.secrets ==
        std::vector<std::string>{"acme-live-key-7f3a9c", "Bearer tok-123456789", "tok-123456789"});
  CHECK(capture::is_captured_header("Content-Type"));
  CHECK_FALSE(capture::is_captured_header("x-api-key"));
  CHECK_FALSE(capture::is_captured_header("cookie"));
}
