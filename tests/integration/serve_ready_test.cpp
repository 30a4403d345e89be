// End to end: GET /ready of a real serve answers 200 with its store and supplier, needs no key,
// and does not depend on the supplier being up.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "serve_process.hpp"
#include "support/http_client.hpp"

namespace {

using nlohmann::json;
using namespace travelctl::test;

}  // namespace

TEST_CASE("serve: GET /ready is 200 with a working store, even with the supplier down",
          "[integration]") {
  // Port 1 refuses connections: the supplier is down for the whole test.
  const json config = {
      {"supplier", {{"base_url", "http://127.0.0.1:1/partner/api"}, {"api_key", "partner"}}},
      {"clients",
       json::array(
           {{{"id", "acme"}, {"api_keys", {"ready-test-key-0001"}}, {"currency", "USD"}}})}};
  const std::string store_path = write_temp_file("", ".db");
  ServeProcess serve(
      {"--config", write_temp_file(config.dump()), "--listen", "127.0.0.1:0", "--threads", "1"},
      {{"TRAVELCTL_STORE_PATH", store_path}});
  REQUIRE(serve.ready());

  const HttpReply r = http_get("127.0.0.1", serve.port(), "/ready");  // no API key
  INFO(r.status << " " << r.body << " " << r.error);
  REQUIRE(r.status == 200);
  CHECK(r.header("content-type") == "application/json");
  CHECK(r.header("cache-control") == "no-store");
  CHECK_FALSE(r.header("x-request-id").empty());
  const json body = json::parse(r.body);
  CHECK(body["status"] == "ready");
  CHECK(body["store"] == "sqlite:" + store_path);
  CHECK(body["supplier"]["base_url"] == "http://127.0.0.1:1/partner/api");
  CHECK(body["supplier"]["circuit"] == "closed");
  CHECK(body["supplier"]["circuit_breakers"]["open"] == 0);

  HttpRequest req;
  req.method = "HEAD";
  req.target = "/ready";
  const HttpReply head = http_request("127.0.0.1", serve.port(), req);
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(head.header("content-length") == std::to_string(r.body.size()));

  req.method = "POST";
  const HttpReply post = http_request("127.0.0.1", serve.port(), req);
  CHECK(post.status == 405);
  CHECK(post.header("allow") == "GET, HEAD");
}
