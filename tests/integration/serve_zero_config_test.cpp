// End to end: `travelctl serve` with no configuration prints a curl line that finds itineraries.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>

#include "serve_process.hpp"
#include "support/http_client.hpp"

TEST_CASE("serve: zero-config prints a working curl line", "[integration]") {
  using namespace travelctl::test;
  ServeProcess serve({"--listen", "127.0.0.1:0"});
  REQUIRE(serve.ready());
  REQUIRE(serve.child().wait_for_output("curl ", std::chrono::seconds(5)));
  const std::string err = serve.child().stderr_text();
  // curl -s -H 'X-Api-Key: KEY' 'http://127.0.0.1:PORT/v1/itineraries?...'
  const std::regex line(R"(curl -s -H 'X-Api-Key: ([^']+)' 'http://127\.0\.0\.1:(\d+)(/[^']+)')");
  std::smatch m;
  REQUIRE(std::regex_search(err, m, line));
  CHECK(std::stoi(m[2]) == serve.port());
  const HttpReply reply =
      http_get("127.0.0.1", static_cast<uint16_t>(std::stoi(m[2])), m[3], {{"X-Api-Key", m[1]}});
  INFO(reply.status << " " << reply.body.substr(0, 500));
  REQUIRE(reply.status == 200);
  const auto body = nlohmann::json::parse(reply.body);
  CHECK(body["count"].get<int>() > 0);
  CHECK(body["itineraries"].size() == body["count"].get<std::size_t>());
  CHECK(body["currency"] == "USD");
}
