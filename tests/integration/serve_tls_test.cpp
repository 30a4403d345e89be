// End to end: an https:// supplier (openssl s_server with a throw-away certificate), verified.
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "serve_process.hpp"
#include "support/http_client.hpp"

namespace {

using nlohmann::json;
using namespace travelctl::test;
namespace fs = std::filesystem;

uint16_t free_port() {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor a(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

bool run(const std::string& command) {
  ChildProcess p({"/bin/sh", "-c", command});
  return p.wait_exit(std::chrono::seconds(30)) == std::optional<int>(0);
}

}  // namespace

TEST_CASE("serve: an https supplier is verified against the trust store", "[integration]") {
  if (::access("/usr/bin/openssl", X_OK) != 0) {
    WARN("skipped: /usr/bin/openssl is not installed");
    return;
  }
  // A directory served by `openssl s_server -WWW`: the target (query included) is a file name.
  std::string dir_template = "/tmp/travelctl-tls-XXXXXX";
  REQUIRE(::mkdtemp(dir_template.data()) != nullptr);
  const fs::path dir = dir_template;
  fs::create_directories(dir / "v1");
  const std::string body = R"({"search_id":"s_tls","trips":[],"stations":{},"operators":{},)"
                           R"("classes":{},"fx":{"base":"THB","rates":{"THB":"1","USD":"0.03"}}})";
  std::ofstream(dir / "v1" / "search?from=101&to=117&date=2026-12-01&seats=1") << body;
  REQUIRE(run("cd '" + dir.string() +
              "' && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem "
              "-days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost 2>/dev/null"));
  const uint16_t port = free_port();
  ChildProcess tls_server({"/bin/sh", "-c",
                           "cd '" + dir.string() +
                               "' && exec openssl s_server -quiet -accept 127.0.0.1:" +
                               std::to_string(port) + " -cert cert.pem -key key.pem -WWW"});
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  const json config = {
      {"supplier", {{"base_url", "https://localhost:" + std::to_string(port)}, {"api_key", "pk"}}},
      {"clients", json::array({{{"id", "a"}, {"api_keys", {"k"}}, {"currency", "USD"}}})}};
  const std::string file = write_temp_file(config.dump());
  const std::string target = "/v1/itineraries?from=101&to=117&date=2026-12-01";

  SECTION("an untrusted certificate is 502") {
    ServeProcess serve({"--config", file, "--listen", "127.0.0.1:0"});
    REQUIRE(serve.ready());
    const HttpReply r = http_get("127.0.0.1", serve.port(), target, {{"X-Api-Key", "k"}});
    CHECK(r.status == 502);
    CHECK(r.body.find("supplier_error") != std::string::npos);
  }
  SECTION("a trusted certificate works") {
    ServeProcess serve({"--config", file, "--listen", "127.0.0.1:0"},
                       {{"SSL_CERT_FILE", (dir / "cert.pem").string()}});
    REQUIRE(serve.ready());
    const HttpReply r = http_get("127.0.0.1", serve.port(), target, {{"X-Api-Key", "k"}});
    INFO(r.body);
    CHECK(r.status == 200);
    CHECK(json::parse(r.body)["count"] == 0);
  }
  fs::remove_all(dir);
}
