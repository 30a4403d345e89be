// End to end: every way the supplier can fail, mapped to the client's error (client-api.md).
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "serve_process.hpp"
#include "support/http_client.hpp"
#include "support/scripted_server.hpp"

namespace {

using nlohmann::json;
using namespace travelctl::test;

constexpr const char* kKey = "errors-test-key";
constexpr std::size_t kMaxResponse = 64 * 1024;

std::string config_for(const std::string& base_url) {
  const json config = {{"supplier",
                        {{"base_url", base_url},
                         {"api_key", "partner"},
                         {"timeout_ms", 600},
                         {"connect_timeout_ms", 500},
                         {"max_response_bytes", kMaxResponse}}},
                       {"clients", json::array({{{"id", "acme"},
                                                 {"api_keys", {kKey}},
                                                 {"currency", "USD"},
                                                 {"currencies", {"USD", "EUR"}}}})}};
  return config.dump();
}

// A chunked body that grows past the limit: only a reader that counts while reading stops it.
std::string chunked_oversized() {
  std::string raw =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::string chunk(8192, ' ');
  for (std::size_t sent = 0; sent < 2 * kMaxResponse; sent += chunk.size()) {
    raw += "2000\r\n" + chunk + "\r\n";
  }
  return raw + "0\r\n\r\n";
}

// The station id in `from=` picks the supplier's behaviour.
ScriptedReply misbehave(const RecordedRequest& req) {
  const auto at = req.target.find("from=");
  const int from = std::atoi(req.target.c_str() + at + 5);
  ScriptedReply r;
  switch (from) {
    case 500:
      return ScriptedReply::json(500, R"({"error":{"code":"boom","message":"x"}})");
    case 503:
      return ScriptedReply::json(503, "");
    case 404:
      return ScriptedReply::json(404, R"({"error":{"code":"unknown_station"}})");
    case 429:
      r = ScriptedReply::json(429, R"({"error":{"code":"slow_down"}})");
      r.headers = {{"Retry-After", "7"}};
      return r;
    case 600:
      return ScriptedReply::json(200, "<html>not json</html>");
    case 601:
      return ScriptedReply::json(200, std::string(2 * kMaxResponse, ' ') + "{}");
    case 602:
      r.kind = ScriptedReply::Kind::raw;
      r.raw = chunked_oversized();
      return r;
    case 603:
      r.kind = ScriptedReply::Kind::reset;
      return r;
    case 604:
      r.kind = ScriptedReply::Kind::hang;
      r.delay = std::chrono::milliseconds(2000);
      return r;
    case 605:
      r.kind = ScriptedReply::Kind::raw;
      r.raw = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"trips\":";  // truncated
      return r;
    case 606:
      r.kind = ScriptedReply::Kind::raw;
      r.raw = "this is not HTTP at all\r\n\r\n";
      return r;
    default:
      return ScriptedReply::json(400, R"({"error":{"code":"bad"}})");
  }
}

void check_error(const HttpReply& reply, int status, const std::string& code) {
  INFO("status " << reply.status << " body " << reply.body << " error " << reply.error);
  REQUIRE(reply.status == status);
  CHECK(reply.header("content-type").rfind("application/json", 0) == 0);
  const json body = json::parse(reply.body);
  CHECK(body["error"]["code"] == code);
  CHECK(body["error"]["message"].is_string());
  CHECK(body["error"]["request_id"] == reply.header("x-request-id"));
  CHECK_FALSE(reply.header("x-request-id").empty());
}

HttpReply search_from(uint16_t port, int from) {
  return http_get("127.0.0.1", port,
                  "/v1/itineraries?from=" + std::to_string(from) + "&to=2&date=2026-12-01",
                  {{"X-Api-Key", kKey}});
}

}  // namespace

TEST_CASE("serve: supplier failures map to the client's errors", "[integration]") {
  ScriptedServer supplier(misbehave);
  auto serve =
      ServeProcess::with_config(config_for("http://127.0.0.1:" + std::to_string(supplier.port())));
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();

  SECTION("5xx and other statuses are 502 supplier_error") {
    check_error(search_from(port, 500), 502, "supplier_error");
    check_error(search_from(port, 503), 502, "supplier_error");
    check_error(search_from(port, 400), 502, "supplier_error");
  }
  SECTION("404 is 404 not_found") { check_error(search_from(port, 404), 404, "not_found"); }
  SECTION("429 is 503 supplier_unavailable with the supplier's Retry-After") {
    const HttpReply r = search_from(port, 429);
    check_error(r, 503, "supplier_unavailable");
    CHECK(r.header("retry-after") == "7");
  }
  SECTION("a body that is not JSON is 502 whatever its content type says") {
    check_error(search_from(port, 600), 502, "supplier_error");
  }
  SECTION("an oversized body is 502, announced or streamed") {
    check_error(search_from(port, 601), 502, "supplier_error");
    check_error(search_from(port, 602), 502, "supplier_error");
  }
  SECTION("a reset, a truncated body or garbage is 502") {
    check_error(search_from(port, 603), 502, "supplier_error");
    check_error(search_from(port, 605), 502, "supplier_error");
    check_error(search_from(port, 606), 502, "supplier_error");
  }
  SECTION("no answer in time is 504 supplier_timeout") {
    check_error(search_from(port, 604), 504, "supplier_timeout");
  }
  // Whatever happened, serve is still there.
  const HttpReply health = http_get("127.0.0.1", port, "/health");
  CHECK(health.status == 200);
  CHECK(json::parse(health.body) == json{{"status", "ok"}});
  CHECK_FALSE(serve->child().wait_exit(std::chrono::milliseconds(0)).has_value());
}

TEST_CASE("serve: a refused supplier connection is 502 supplier_error", "[integration]") {
  uint16_t closed_port = 0;
  {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor a(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
    closed_port = a.local_endpoint().port();
  }  // nothing listens there any more
  auto serve =
      ServeProcess::with_config(config_for("http://127.0.0.1:" + std::to_string(closed_port)));
  REQUIRE(serve->ready());
  check_error(search_from(serve->port(), 101), 502, "supplier_error");
  CHECK(http_get("127.0.0.1", serve->port(), "/health").status == 200);
}
