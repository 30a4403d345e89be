// End to end: auth, routing errors, HEAD, request ids and trace context, graceful stop.
#include <signal.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "serve_process.hpp"
#include "support/http_client.hpp"
#include "support/scripted_server.hpp"

namespace {

using nlohmann::json;
using namespace travelctl::test;

constexpr const char* kKey = "routes-test-key-0001";
constexpr const char* kOtherKey = "routes-test-key-0002";

const char* kEmptySearch =
    R"({"search_id":"s_1","trips":[],"stations":{},"operators":{},"classes":{},)"
    R"("fx":{"base":"THB","rates":{"THB":"1","USD":"0.028571"}}})";

std::unique_ptr<ServeProcess> start_serve(uint16_t supplier_port) {
  const json config = {
      {"supplier",
       {{"base_url", "http://127.0.0.1:" + std::to_string(supplier_port)}, {"api_key", "partner"}}},
      {"clients",
       json::array({{{"id", "acme"}, {"api_keys", {kKey}}, {"currency", "USD"}},
                    {{"id", "globex"}, {"api_keys", {kOtherKey}}, {"currency", "USD"}}})}};
  return ServeProcess::with_config(config.dump());
}

const std::string kSearch = "/v1/itineraries?from=101&to=117&date=2026-12-01";

void check_error(const HttpReply& reply, int status, const std::string& code) {
  INFO("status " << reply.status << " body " << reply.body << " error " << reply.error);
  REQUIRE(reply.status == status);
  const json body = json::parse(reply.body);
  CHECK(body["error"]["code"] == code);
  CHECK(body["error"]["request_id"] == reply.header("x-request-id"));
}

}  // namespace

TEST_CASE("serve: auth, routes and request ids", "[integration]") {
  ScriptedServer supplier(
      [](const RecordedRequest&) { return ScriptedReply::json(200, kEmptySearch); });
  auto serve = start_serve(supplier.port());
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();

  SECTION("a missing or unknown key is 401 and the supplier is not called") {
    check_error(http_get("127.0.0.1", port, kSearch), 401, "unauthorized");
    check_error(http_get("127.0.0.1", port, kSearch, {{"X-Api-Key", "nope"}}), 401, "unauthorized");
    check_error(http_get("127.0.0.1", port, kSearch, {{"X-Api-Key", ""}}), 401, "unauthorized");
    check_error(http_get("127.0.0.1", port, kSearch, {{"X-Api-Key", std::string(kKey) + "x"}}), 401,
                "unauthorized");
    CHECK(supplier.requests().empty());
  }
  SECTION("every configured key works, whatever the header name's case") {
    CHECK(http_get("127.0.0.1", port, kSearch, {{"x-api-key", kKey}}).status == 200);
    CHECK(http_get("127.0.0.1", port, kSearch, {{"X-API-KEY", kOtherKey}}).status == 200);
  }
  SECTION("a bad query is 400 listing every bad field") {
    const HttpReply r =
        http_get("127.0.0.1", port, "/v1/itineraries?from=0&to=117&pax=10", {{"X-Api-Key", kKey}});
    check_error(r, 400, "invalid_request");
    const json details = json::parse(r.body)["error"]["details"];
    std::set<std::string> fields;
    for (const auto& d : details) {
      fields.insert(d["field"].get<std::string>());
      CHECK(d["reason"].is_string());
    }
    CHECK(fields == std::set<std::string>{"from", "date", "pax"});
    CHECK(supplier.requests().empty());
  }
  SECTION("unknown routes are 404, wrong methods 405 with Allow") {
    check_error(http_get("127.0.0.1", port, "/nope"), 404, "not_found");
    check_error(http_get("127.0.0.1", port, "/v1/itineraries/"), 404, "not_found");
    HttpRequest post;
    post.method = "POST";
    post.target = kSearch;
    post.headers = {{"X-Api-Key", kKey}, {"Content-Type", "application/json"}};
    post.body = "{}";
    const HttpReply r = http_request("127.0.0.1", port, post);
    check_error(r, 405, "method_not_allowed");
    CHECK(r.header("allow") == "GET, HEAD");
    post.target = "/health";
    post.method = "DELETE";
    check_error(http_request("127.0.0.1", port, post), 405, "method_not_allowed");
  }
  SECTION("HEAD answers the headers of GET without a body") {
    HttpRequest head;
    head.method = "HEAD";
    head.target = "/health";
    const HttpReply r = http_request("127.0.0.1", port, head);
    CHECK(r.status == 200);
    CHECK(r.body.empty());
    CHECK(r.header("content-length") == std::to_string(std::string(R"({"status":"ok"})").size()));
    CHECK_FALSE(r.header("x-request-id").empty());
  }
  SECTION("a valid request id is echoed and forwarded, with the trace continued by our span") {
    const std::string tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const HttpReply r = http_get(
        "127.0.0.1", port, kSearch,
        {{"X-Api-Key", kKey}, {"X-Request-Id", "client.req_42~a:b-c"}, {"traceparent", tp}});
    REQUIRE(r.status == 200);
    CHECK(r.header("x-request-id") == "client.req_42~a:b-c");
    const auto seen = supplier.requests();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].header("x-request-id") == "client.req_42~a:b-c");
    // W3C Trace Context: the same trace and flags, with this proxy's own span as the parent.
    const std::string sent = seen[0].header("traceparent");
    REQUIRE(sent.size() == 55);
    CHECK(sent.substr(0, 36) == tp.substr(0, 36));
    CHECK(sent.substr(36, 16) != tp.substr(36, 16));
    CHECK(sent.substr(52) == "-01");
    CHECK(seen[0].header("x-partner-key") == "partner");
    CHECK(seen[0].header("x-api-key").empty());  // the client's key never reaches the supplier
  }
  SECTION(
      "an invalid request id is replaced by a new one, also forwarded; a bad traceparent starts "
      "a new trace") {
    const HttpReply r =
        http_get("127.0.0.1", port, kSearch,
                 {{"X-Api-Key", kKey}, {"X-Request-Id", "has spaces!"}, {"traceparent", "00-zz"}});
    REQUIRE(r.status == 200);
    const std::string rid = r.header("x-request-id");
    CHECK_FALSE(rid.empty());
    CHECK(rid != "has spaces!");
    const auto seen = supplier.requests();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].header("x-request-id") == rid);
    const std::string sent = seen[0].header("traceparent");
    REQUIRE(sent.size() == 55);
    CHECK(sent.substr(0, 3) == "00-");
    CHECK(sent.substr(52) == "-00");  // a trace we started: not sampled by anyone before us
    check_error(http_get("127.0.0.1", port, "/nope", {{"X-Request-Id", std::string(129, 'a')}}),
                404, "not_found");
  }
  SECTION("every response carries an id, errors included, and ids differ") {
    const HttpReply a = http_get("127.0.0.1", port, "/health");
    const HttpReply b = http_get("127.0.0.1", port, "/health");
    CHECK_FALSE(a.header("x-request-id").empty());
    CHECK(a.header("x-request-id") != b.header("x-request-id"));
  }
}

TEST_CASE("serve: SIGTERM and SIGINT stop it gracefully with exit 0", "[integration]") {
  ScriptedServer supplier(
      [](const RecordedRequest&) { return ScriptedReply::json(200, kEmptySearch); });
  for (int sig : {SIGTERM, SIGINT}) {
    auto serve = start_serve(supplier.port());
    REQUIRE(serve->ready());
    REQUIRE(http_get("127.0.0.1", serve->port(), "/health").status == 200);
    serve->child().send_signal(sig);
    const auto status = serve->child().wait_exit(std::chrono::seconds(10));
    REQUIRE(status.has_value());
    CHECK(*status == 0);
    CHECK(serve->child().stderr_text().find("stopped") != std::string::npos);
  }
}

TEST_CASE("serve: an in-flight search finishes during the drain", "[integration]") {
  ScriptedServer supplier([](const RecordedRequest&) {
    ScriptedReply r = ScriptedReply::json(200, kEmptySearch);
    r.delay = std::chrono::milliseconds(400);
    return r;
  });
  auto serve = start_serve(supplier.port());
  REQUIRE(serve->ready());
  HttpReply reply;
  std::thread client([&] {
    reply = http_get("127.0.0.1", serve->port(), kSearch, {{"X-Api-Key", kKey}});
  });
  for (int i = 0; i < 200 && supplier.requests().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  serve->child().send_signal(SIGTERM);
  client.join();
  CHECK(reply.status == 200);
  const auto status = serve->child().wait_exit(std::chrono::seconds(10));
  REQUIRE(status.has_value());
  CHECK(*status == 0);
}
