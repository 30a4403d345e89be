// End to end: a bad configuration is refused with every problem listed; `config check` agrees.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "serve_process.hpp"
#include "support/process.hpp"

namespace {

using nlohmann::json;
using namespace travelctl::test;

const char* kBadConfig = R"({
  "listen_port": 1234,
  "server": {"listen": "nowhere", "threads": -1, "request_timeout_ms": 0},
  "supplier": {"base_url": "ftp://x", "api_key": "", "timeout_ms": -5},
  "clients": [
    {"id": "acme", "api_keys": ["k1", ""], "currency": "usd", "currencies": ["USD"],
     "markup": {"percent_bps": -1, "fixed": {"USD": -2}}},
    {"id": "acme", "api_keys": ["k1"], "currency": "EUR", "currencies": ["USD"]}
  ]
})";

const std::vector<std::string> kExpectedPaths = {"server.listen",
                                                 "server.threads",
                                                 "server.request_timeout_ms",
                                                 "supplier.base_url",
                                                 "supplier.api_key",
                                                 "supplier.timeout_ms",
                                                 "clients[0].api_keys[1]",
                                                 "clients[0].currency",
                                                 "clients[0].markup.percent_bps",
                                                 "clients[0].markup.fixed.USD",
                                                 "clients[1].id",
                                                 "clients[1].api_keys[0]",
                                                 "clients[1].currency"};

const char* kGoodConfig = R"({
  "listen_port": 1234,
  "supplier": {"base_url": "https://api.supplier.example/partner", "api_key": "pk"},
  "clients": [{"id": "acme", "api_keys": ["k1"], "currency": "USD", "currencies": ["USD", "EUR"],
               "markup": {"percent_bps": 500, "fixed": {"USD": 50}}}]
})";

}  // namespace

TEST_CASE("serve: refuses a bad configuration listing every problem, exit 2", "[integration]") {
  ChildProcess serve({TRAVELCTL_BINARY, "serve", "--config", write_temp_file(kBadConfig)});
  const auto status = serve.wait_exit(std::chrono::seconds(10));
  REQUIRE(status.has_value());
  CHECK(*status == 2);
  const std::string err = serve.stderr_text();
  INFO(err);
  for (const auto& path : kExpectedPaths) {
    CHECK(err.find(path + ": ") != std::string::npos);
  }
  CHECK(err.find("warning: listen_port: unknown key") != std::string::npos);
  CHECK(err.find("k1") == std::string::npos);  // keys are never printed
}

TEST_CASE("serve: config check prints the same list", "[integration]") {
  SECTION("bad: one line per problem on stdout, exit 2") {
    ChildProcess check({TRAVELCTL_BINARY, "config", "check", write_temp_file(kBadConfig)});
    const auto status = check.wait_exit(std::chrono::seconds(10));
    REQUIRE(status.has_value());
    CHECK(*status == 2);
    const std::string out = check.stdout_text();
    INFO(out);
    for (const auto& path : kExpectedPaths) {
      CHECK(out.find(path + ": ") != std::string::npos);
    }
    CHECK(std::count(out.begin(), out.end(), '\n') == static_cast<long>(kExpectedPaths.size()));
  }
  SECTION("good: ok and exit 0, unknown keys only warned about") {
    ChildProcess check({TRAVELCTL_BINARY, "config", "check", write_temp_file(kGoodConfig)});
    const auto status = check.wait_exit(std::chrono::seconds(10));
    REQUIRE(status.has_value());
    CHECK(*status == 0);
    CHECK(check.stdout_text() == "ok\n");
    CHECK(check.stderr_text().find("listen_port") != std::string::npos);
  }
  SECTION("the environment overrides the file, and its problems name the variable") {
    ChildProcess check(
        {TRAVELCTL_BINARY, "config", "check", write_temp_file(kGoodConfig)},
        {{"TRAVELCTL_SERVER_THREADS", "many"}, {"TRAVELCTL_CLIENTS_0_MARKUP_PERCENT_BPS", "-3"}});
    const auto status = check.wait_exit(std::chrono::seconds(10));
    REQUIRE(status.has_value());
    CHECK(*status == 2);
    const std::string out = check.stdout_text();
    CHECK(out.find("server.threads: ") != std::string::npos);
    CHECK(out.find("TRAVELCTL_SERVER_THREADS") != std::string::npos);
    CHECK(out.find("clients[0].markup.percent_bps: must be a non-negative integer") !=
          std::string::npos);
  }
  SECTION("an unreadable file is exit 2") {
    ChildProcess check({TRAVELCTL_BINARY, "config", "check", "/nonexistent/travelctl.json"});
    const auto status = check.wait_exit(std::chrono::seconds(10));
    REQUIRE(status.has_value());
    CHECK(*status == 2);
  }
}

TEST_CASE("serve: the supplier key can come from the environment", "[integration]") {
  const json config = {
      {"supplier", {{"base_url", "http://127.0.0.1:9"}}},
      {"clients", json::array({{{"id", "a"}, {"api_keys", {"k"}}, {"currency", "USD"}}})}};
  ServeProcess serve({"--config", write_temp_file(config.dump()), "--listen", "127.0.0.1:0"},
                     {{"TRAVELCTL_SUPPLIER_API_KEY", "from-env"}});
  CHECK(serve.ready());
  ServeProcess refused({"--config", write_temp_file(config.dump()), "--listen", "127.0.0.1:0"});
  CHECK_FALSE(refused.ready());
  CHECK(refused.child().wait_exit(std::chrono::seconds(10)) == std::optional<int>(2));
  CHECK(refused.child().stderr_text().find("supplier.api_key: ") != std::string::npos);
}

TEST_CASE("serve: a store file that cannot be used stops start-up with its path and cause",
          "[integration]") {
  const std::string not_a_db = write_temp_file("these are notes, not a database\n", ".db");
  ChildProcess serve({TRAVELCTL_BINARY, "serve", "--listen", "127.0.0.1:0"},
                     {{"TRAVELCTL_STORE_PATH", not_a_db}});
  const auto status = serve.wait_exit(std::chrono::seconds(10));
  REQUIRE(status.has_value());
  CHECK(*status == 3);
  CHECK(serve.stderr_text().find("error: store '" + not_a_db + "': not a SQLite database") !=
        std::string::npos);
  CHECK(serve.stderr_text().find("listening") == std::string::npos);

  ChildProcess nowhere({TRAVELCTL_BINARY, "serve", "--listen", "127.0.0.1:0"},
                       {{"TRAVELCTL_STORE_PATH", "/nonexistent-dir/travelctl.db"}});
  REQUIRE(nowhere.wait_exit(std::chrono::seconds(10)) == 3);
  CHECK(nowhere.stderr_text().find("directory '/nonexistent-dir' does not exist") !=
        std::string::npos);
}
