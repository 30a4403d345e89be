// End to end: JSON logs (access and supplier-error lines) parse line by line and carry request
// and trace ids but never an API key or passenger data; --log-level filters; traceparent goes on
// to the supplier with this proxy's span as the parent.
#include <signal.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "booking_support.hpp"
#include "serve_process.hpp"
#include "support/http_client.hpp"
#include "support/scripted_server.hpp"

namespace {

using nlohmann::json;
using namespace travelctl::test;

// Every stderr line parsed as JSON (a line that does not parse fails the test).
std::vector<json> json_lines(const std::string& err) {
  std::vector<json> out;
  std::istringstream in(err);
  std::string line;
  while (std::getline(in, line)) {
    INFO("line: " << line);
    REQUIRE_NOTHROW(out.push_back(json::parse(line)));
  }
  return out;
}

std::vector<json> with_msg(const std::vector<json>& lines, const std::string& msg) {
  std::vector<json> out;
  for (const auto& l : lines) {
    if (l.value("msg", "") == msg) {
      out.push_back(l);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("serve logs: JSON access lines of a booking flow, with ids, never keys or passengers",
          "[integration]") {
  SupplierProcess supplier;
  REQUIRE(supplier.port() != 0);
  const std::string config =
      two_client_config("http://127.0.0.1:" + std::to_string(supplier.port()));
  auto serve = ServeProcess::with_config(config, {"--log-format", "json", "--access-log"});
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();
  const std::string trace = "0af7651916cd43dd8448eb211c80319c";
  const std::string tp = "00-" + trace + "-b7ad6b7169203331-01";

  const HttpReply found =
      call(port, "GET", "/v1/itineraries?from=101&to=117&date=" + date_in_days(21), kAcmeKey, {},
           {{"traceparent", tp}, {"X-Request-Id", "log-rid-1"}});
  REQUIRE(found.status == 200);
  const std::string id = json::parse(found.body)["itineraries"][0]["id"];
  const HttpReply it = call(port, "GET", "/v1/itineraries/" + id, kAcmeKey);
  REQUIRE(it.status == 200);
  const std::string token = json::parse(it.body)["booking_token"];
  const std::string body =
      json{{"booking_token", token},
           {"passengers",
            {{{"first_name", "Kanokwan"},
              {"last_name", "Srisuwanrat"},
              {"date_of_birth", "1987-04-12"}}}},
           {"contact", {{"email", "kanokwan.s@example.co.th"}, {"phone", "+66812345678"}}}}
          .dump();
  const HttpReply booked = call(port, "POST", "/v1/bookings", kAcmeKey, body);
  INFO(booked.body);
  REQUIRE(booked.status == 201);
  CHECK(call(port, "GET", "/v1/bookings/1", "wrong-key-12345").status == 401);

  serve->child().send_signal(SIGTERM);
  REQUIRE(serve->child().wait_exit(std::chrono::seconds(10)) == std::optional<int>(0));
  const std::string err = serve->child().stderr_text();
  for (const char* secret : {kAcmeKey, "wrong-key-12345", "partner", "Kanokwan", "Srisuwanrat",
                             "kanokwan.s@example.co.th", "+66812345678", "1987-04-12"}) {
    INFO(secret);
    CHECK(err.find(secret) == std::string::npos);
  }
  const std::vector<json> lines = json_lines(err);
  CHECK_FALSE(with_msg(lines, "travelctl serve: stopped").empty());
  const std::vector<json> access = with_msg(lines, "access");
  REQUIRE(access.size() == 4);
  for (const auto& a : access) {
    CHECK(a["level"] == "info");
    CHECK(a["ts"].is_string());
    CHECK(a["request_id"].is_string());
    CHECK(a["trace_id"].get<std::string>().size() == 32);
    CHECK(a["method"].is_string());
    CHECK(a["status"].is_number_integer());
    CHECK(a["latency_ms"].is_number());
    CHECK(a["supplier_ms"].is_number());
    CHECK(a["bytes"].is_number_integer());
    CHECK(a["cache"].is_string());
  }
  CHECK(access[0]["request_id"] == "log-rid-1");
  CHECK(access[0]["trace_id"] == trace);  // the caller's trace goes on
  CHECK(access[0]["client"] == "acme");
  CHECK(access[0]["route"] == "search");
  CHECK(access[0]["cache"] == "miss");
  CHECK(access[0]["status"] == 200);
  CHECK(access[0]["bytes"] == static_cast<int64_t>(found.body.size()));
  CHECK(access[0]["supplier_ms"].get<double>() > 0);
  CHECK(access[0]["supplier_ms"].get<double>() <= access[0]["latency_ms"].get<double>());
  CHECK(access[1]["route"] == "itinerary");
  CHECK(access[2]["route"] == "book");
  CHECK(access[2]["method"] == "POST");
  CHECK(access[2]["status"] == 201);
  CHECK(access[3]["client"] == "-");
  CHECK(access[3]["status"] == 401);
  CHECK(access[3]["supplier_ms"] == 0);
  CHECK(access[1]["trace_id"] != access[2]["trace_id"]);  // no traceparent: a trace each
}

TEST_CASE("serve logs: a failed supplier call is a warn line with its detail, and levels filter",
          "[integration]") {
  // Port 1 refuses connections: every supplier call fails.
  const json config = {
      {"supplier", {{"base_url", "http://127.0.0.1:1"}, {"api_key", "partner"}}},
      {"clients", json::array({{{"id", "acme"}, {"api_keys", {kAcmeKey}}, {"currency", "USD"}}})}};
  for (const char* level : {"info", "warn", "error"}) {
    auto serve = ServeProcess::with_config(
        config.dump(), {"--log-format", "json", "--access-log", "--log-level", level});
    REQUIRE(serve->ready());
    const HttpReply r = call(serve->port(), "GET",
                             "/v1/itineraries?from=101&to=117&date=" + date_in_days(9), kAcmeKey);
    CHECK(r.status == 502);
    serve->child().send_signal(SIGTERM);
    REQUIRE(serve->child().wait_exit(std::chrono::seconds(10)) == std::optional<int>(0));
    const std::vector<json> lines = json_lines(serve->child().stderr_text());
    const std::vector<json> failed = with_msg(lines, "supplier call failed");
    const std::vector<json> access = with_msg(lines, "access");
    INFO(level);
    // The start-up line is written whatever the level (scripts read the port from it).
    CHECK(lines.front()["msg"].get<std::string>().find("listening on") != std::string::npos);
    if (std::string(level) == "error") {
      CHECK(failed.empty());
      CHECK(access.empty());
      CHECK(lines.size() == 1);
      continue;
    }
    REQUIRE(failed.size() == 1);
    CHECK(failed[0]["level"] == "warn");
    CHECK(failed[0]["endpoint"] == "search");
    CHECK(failed[0]["error"] == "refused");
    CHECK(failed[0]["client"] == "acme");
    CHECK(failed[0]["request_id"] == r.header("x-request-id"));
    CHECK_FALSE(failed[0]["detail"].get<std::string>().empty());
    CHECK(access.size() == (std::string(level) == "info" ? 1u : 0u));
    for (const auto& l : lines) {
      CHECK(l["level"] != "debug");
    }
  }
}

TEST_CASE("serve logs: text access lines by default with --access-log", "[integration]") {
  ScriptedServer supplier([](const RecordedRequest&) { return ScriptedReply::json(404, "{}"); });
  const json config = {
      {"supplier",
       {{"base_url", "http://127.0.0.1:" + std::to_string(supplier.port())},
        {"api_key", "partner"}}},
      {"clients", json::array({{{"id", "acme"}, {"api_keys", {kAcmeKey}}, {"currency", "USD"}}})}};
  auto serve = ServeProcess::with_config(config.dump(), {"--access-log"});
  REQUIRE(serve->ready());
  const HttpReply r =
      call(serve->port(), "GET", "/v1/bookings/77", kAcmeKey, {}, {{"X-Request-Id", "text-rid-9"}});
  CHECK(r.status == 404);
  REQUIRE(serve->child().wait_for_output("request_id=text-rid-9", std::chrono::seconds(5)));
  const std::string err = serve->child().stderr_text();
  const std::string line = err.substr(err.rfind('\n', err.find("request_id=text-rid-9")) + 1);
  CHECK_THAT(line, Catch::Contains(" info access request_id=text-rid-9 trace_id="));
  CHECK_THAT(line, Catch::Contains(" client=acme method=GET route=booking status=404 latency_ms="));
  CHECK(err.find(kAcmeKey) == std::string::npos);
}
