// End to end: the golden search vectors through a real `travelctl serve` and a stand-in supplier.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "serve_process.hpp"
#include "support/http_client.hpp"
#include "support/scripted_server.hpp"

namespace {

using nlohmann::json;
using namespace travelctl::test;
namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

json without_ids(json body) {
  if (body.contains("itineraries") && body["itineraries"].is_array()) {
    for (auto& it : body["itineraries"]) {
      it.erase("id");
    }
  }
  return body;
}

}  // namespace

TEST_CASE("serve: golden search vectors end to end", "[integration]") {
  const fs::path examples = fs::path(TRAVELCTL_SPEC_DIR) / "examples";
  for (const char* name : {"search-basic", "search-jpy-duration", "search-price-sort-eur"}) {
    SECTION(name) {
      const std::string supplier_body = slurp(examples / name / "supplier.json");
      const json request = json::parse(slurp(examples / name / "request.json"));
      const json expected = json::parse(slurp(examples / name / "expected.json"));
      ScriptedServer supplier(
          [&](const RecordedRequest&) { return ScriptedReply::json(200, supplier_body); });
      json client = request["client"];
      client["api_keys"] = {"golden-key-" + std::string(name)};
      const json config = {{"supplier",
                            {{"base_url", "http://127.0.0.1:" + std::to_string(supplier.port())},
                             {"api_key", "partner-secret"}}},
                           {"clients", json::array({client})}};
      auto serve = ServeProcess::with_config(config.dump());
      REQUIRE(serve->ready());

      std::string target = "/v1/itineraries?";
      for (const auto& [k, v] : request["query"].items()) {
        target += k + "=" + v.get<std::string>() + "&";
      }
      target.pop_back();
      const HttpReply reply =
          http_get("127.0.0.1", serve->port(), target, {{"X-Api-Key", client["api_keys"][0]}});
      INFO(reply.error << " " << reply.body);
      REQUIRE(reply.status == 200);
      CHECK(reply.header("content-type").rfind("application/json", 0) == 0);
      CHECK(reply.header("x-cache") == "MISS");
      CHECK_FALSE(reply.header("x-request-id").empty());
      const json actual = json::parse(reply.body);
      for (const auto& it : actual["itineraries"]) {
        CHECK(it["id"].is_string());
      }
      CHECK(without_ids(actual) == expected);

      const auto seen = supplier.requests();
      REQUIRE(seen.size() == 1);
      const std::string pax = request["query"].value("pax", "1");
      CHECK(seen[0].target ==
            "/v1/search?from=101&to=117&date=2026-12-01&seats=" + std::to_string(std::stoi(pax)));
      CHECK(seen[0].header("x-partner-key") == "partner-secret");
      CHECK(seen[0].header("x-request-id") == reply.header("x-request-id"));
    }
  }
}
