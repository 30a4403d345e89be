// A HAR recorded by a real browser session replays: Playwright (tests/browser, npm) drives
// Debian's Chromium through a page that calls serve, records the HAR, and `travelctl replay`
// sends it again to the same serve with zero differences.
#include <catch2/catch.hpp>
#include <fstream>

#include "replay_support.hpp"

namespace {

using namespace travelctl::test;

// The demo key that the zero-configuration serve prints in its curl line.
std::string demo_key(ChildProcess& serve) {
  const std::string text = serve.stdout_text() + serve.stderr_text();
  const auto at = text.find("X-Api-Key: ");
  if (at == std::string::npos) {
    return {};
  }
  const auto start = at + std::string("X-Api-Key: ").size();
  return text.substr(start, text.find('\'', start) - start);
}

}  // namespace

TEST_CASE("replay: a HAR recorded by Chromium through Playwright replays with zero differences",
          "[integration]") {
  ServeProcess serve({"--listen", "127.0.0.1:0", "--threads", "1"});
  REQUIRE(serve.ready());
  REQUIRE(serve.child().wait_for_output("X-Api-Key: ", std::chrono::seconds(5)));
  const std::string key = demo_key(serve.child());
  REQUIRE_FALSE(key.empty());
  const std::string base = "http://127.0.0.1:" + std::to_string(serve.port());
  const std::string har = write_temp_file("", ".har");

  // Required, not optional: `npm ci` in tests/browser (scripts/setup.sh test runs it).
  ChildProcess node({"/usr/bin/env", "node", TRAVELCTL_SOURCE_DIR "/tests/browser/record_har.mjs",
                     base, key, har});
  REQUIRE(node.started());
  const auto status = node.wait_exit(std::chrono::seconds(90));
  INFO("browser: " << node.stdout_text() << node.stderr_text()
                   << "\n(if playwright-core is missing: cd tests/browser && npm ci)");
  REQUIRE(status == 0);
  REQUIRE(node.stdout_text().find("recorded 4 API calls") != std::string::npos);
  std::ifstream in(har);
  const auto doc = nlohmann::json::parse(in);
  REQUIRE(doc["log"]["entries"].size() == 4);
  CHECK(doc["log"]["creator"]["name"] == "Playwright");

  // The HAR carries the key the page sent: no --key needed.
  const auto r = run_replay({har, "--target", base, "--format", "json"});
  INFO(r.err << r.out);
  CHECK(r.exit_code == 0);
  const auto report = nlohmann::json::parse(r.out);
  CHECK(report["source"]["format"] == "har");
  CHECK(report["totals"]["same"] == 4);
  CHECK(report["totals"]["skipped"] == 0);
  CHECK(report["verdict"] == "same");
}
