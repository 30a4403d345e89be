// End to end: GET /openapi.json of a real serve is the source tree's document, valid OpenAPI 3.1
// for an independent validator (npm, tests/openapi), and in step with the router both ways.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "serve_process.hpp"
#include "support/http_client.hpp"
#include "travelctl/core/proxy/router.hpp"

namespace {

using nlohmann::json;
using namespace travelctl::test;
namespace proxy = travelctl::core::proxy;

std::unique_ptr<ServeProcess> start_serve() {
  // Nothing here calls the supplier: a port that refuses is enough.
  const json config = {
      {"supplier", {{"base_url", "http://127.0.0.1:1"}, {"api_key", "partner"}}},
      {"clients",
       json::array(
           {{{"id", "acme"}, {"api_keys", {"openapi-test-key-01"}}, {"currency", "USD"}}})}};
  return ServeProcess::with_config(config.dump());
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// "GET, HEAD" -> {"get"}: HEAD is accepted wherever GET is (stated once, in info.description).
std::set<std::string> documented_methods(std::string_view allow) {
  std::set<std::string> out;
  std::string word;
  std::istringstream in{std::string(allow)};
  while (std::getline(in, word, ',')) {
    word.erase(0, word.find_first_not_of(' '));
    std::transform(word.begin(), word.end(), word.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (word != "head") {
      out.insert(word);
    }
  }
  return out;
}

// A request the router must know (or not): ids become "1", bodies are empty JSON objects.
HttpReply call(uint16_t port, const std::string& method, std::string path) {
  if (const auto at = path.find("{id}"); at != std::string::npos) {
    path.replace(at, 4, "1");
  }
  HttpRequest req;
  req.method = method;
  req.target = path;
  if (method == "POST") {
    req.headers = {{"Content-Type", "application/json"}};
    req.body = "{}";
  }
  return http_request("127.0.0.1", port, req);
}

}  // namespace

TEST_CASE("serve: GET /openapi.json is the source tree's OpenAPI 3.1 document", "[integration]") {
  auto serve = start_serve();
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();

  const HttpReply r = http_get("127.0.0.1", port, "/openapi.json");  // no API key
  REQUIRE(r.status == 200);
  CHECK(r.header("content-type") == "application/json");
  CHECK_FALSE(r.header("x-request-id").empty());
  const std::string source = read_file(TRAVELCTL_SOURCE_DIR "/core/src/proxy/openapi.json");
  REQUIRE_FALSE(source.empty());
  CHECK(r.body == source);  // the build embeds the file as it is now

  HttpRequest head;
  head.method = "HEAD";
  head.target = "/openapi.json";
  const HttpReply h = http_request("127.0.0.1", port, head);
  CHECK(h.status == 200);
  CHECK(h.body.empty());
  CHECK(h.header("content-length") == std::to_string(r.body.size()));

  SECTION("an independent validator accepts it as OpenAPI 3.1") {
    // Required, not optional: `npm ci` in tests/openapi (scripts/setup.sh test runs it).
    const std::string file = write_temp_file(r.body);
    ChildProcess node(
        {"/usr/bin/env", "node", TRAVELCTL_SOURCE_DIR "/tests/openapi/validate.mjs", file});
    REQUIRE(node.started());
    const auto status = node.wait_exit(std::chrono::seconds(30));
    INFO("validator output:\n"
         << node.stdout_text() << node.stderr_text()
         << "\n(if the validator is missing: cd tests/openapi && npm ci)");
    REQUIRE(status.has_value());
    CHECK(*status == 0);
    CHECK(node.stdout_text().find("valid OpenAPI 3.1 document") != std::string::npos);
  }
}

TEST_CASE("serve: the OpenAPI document and the router agree on every path and method",
          "[integration]") {
  auto serve = start_serve();
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();
  const HttpReply r = http_get("127.0.0.1", port, "/openapi.json");
  REQUIRE(r.status == 200);
  const json doc = json::parse(r.body);
  REQUIRE(doc["openapi"].get<std::string>().starts_with("3.1."));
  const json& paths = doc["paths"];

  SECTION("every route the router knows is described, with each of its methods") {
    const auto routes = proxy::route_patterns();
    REQUIRE(routes.size() >= 10);  // the table, not an empty list
    for (const auto& route : routes) {
      INFO("router path " << route.path << " (" << route.allow << ")");
      REQUIRE(paths.contains(route.path));
      for (const auto& method : documented_methods(route.allow)) {
        INFO("method " << method);
        CHECK(paths[route.path].contains(method));
      }
    }
  }
  SECTION("every described operation is routed, with the auth it declares") {
    static const std::set<std::string> kMethods = {"get", "put", "post", "delete", "patch"};
    int operations = 0;
    for (const auto& [path, item] : paths.items()) {
      const bool planned = item.value("x-travelctl-planned", false);
      for (const auto& [method, op] : item.items()) {
        if (!kMethods.count(method)) {
          continue;
        }
        ++operations;
        std::string upper = method;
        std::transform(upper.begin(), upper.end(), upper.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        const HttpReply reply = call(port, upper, path);
        INFO(upper << " " << path << " -> " << reply.status << " " << reply.body);
        if (planned) {
          // Described ahead of the code: once routed, drop x-travelctl-planned from the document.
          CHECK(reply.status == 404);
          continue;
        }
        CHECK(reply.status != 404);
        CHECK(reply.status != 405);
        const bool open = op.contains("security") && op["security"].empty();
        // A route with no API key may still require a signature header (supplier webhooks).
        bool signed_route = false;
        for (const auto& param : op.value("parameters", json::array())) {
          signed_route = signed_route || (param.value("in", "") == "header" &&
                                          param.value("required", false) &&
                                          param.value("name", "").find("Signature") !=
                                              std::string::npos);
        }
        // Without a key (or signature), a protected route answers 401 before anything else.
        CHECK((reply.status == 401) == (!open || signed_route));
        if (open && !signed_route) {
          CHECK(reply.status == 200);
        }
      }
    }
    CHECK(operations >= 10);
  }
}
