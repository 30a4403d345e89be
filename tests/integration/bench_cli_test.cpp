// `travelctl bench run` as a process: usage and input errors exit 2 with a message on stderr,
// runtime failures exit 3, a run prints its table and writes its results file.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "travelctl/core/http/server.hpp"
#include "travelctl/reports/results.hpp"

namespace fs = std::filesystem;

namespace {

struct Outcome {
  int exit_code = -1;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs the travelctl binary with `args` (shell words), bounded by `timeout 30`.
Outcome run_travelctl(const std::string& args) {
  const fs::path dir = fs::temp_directory_path() / ("travelctl-cli-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string cmd = "timeout 30 " + std::string(TRAVELCTL_BINARY) + " " + args + " >" +
                          (dir / "out").string() + " 2>" + (dir / "err").string() + " </dev/null";
  const int status = std::system(cmd.c_str());
  Outcome o;
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  o.out = slurp(dir / "out");
  o.err = slurp(dir / "err");
  fs::remove_all(dir);
  return o;
}

}  // namespace

TEST_CASE("bench run: usage and input errors exit 2 with a message", "[integration][bench]") {
  struct Case {
    std::string args;
    std::string message;
  };
  const std::string scenario = (fs::temp_directory_path() / "travelctl-cli-bad.json").string();
  std::ofstream(scenario) << R"({"requests": [{"path": "/a"}, {"path": "/b/${nope}"}]})";
  const Case cases[] = {
      {"bench run ftp://example.com", "bad URL"},
      {"bench run http://127.0.0.1:70000/", "invalid port"},
      {"bench run http://127.0.0.1:1/ -c 0", "--connections"},
      {"bench run http://127.0.0.1:1/ -c 2 -t 4", "more than --connections"},
      {"bench run http://127.0.0.1:1/ -d 10parsecs", "--duration"},
      {"bench run http://127.0.0.1:1/ --warmup x", "--warmup"},
      {"bench run http://127.0.0.1:1/ --format yaml", "--format"},
      {"bench run http://127.0.0.1:1/ --no-such-flag", "no-such-flag"},
      {"bench run http://127.0.0.1:1/ -H 'no colon'", "Name: value"},
      {"bench run", "give a URL or --scenario"},
      {"bench run --scenario /nonexistent/x.json", "cannot open"},
      {"bench run http://127.0.0.1:1/ --scenario " + scenario,
       scenario + ": $.requests[1].path: ${nope}: unknown variable"},
      {"bench run http://127.0.0.1:1/ --scenario " + scenario + " -m POST", "not with --scenario"},
      {"bench", "subcommand"},
  };
  for (const auto& c : cases) {
    INFO(c.args);
    const Outcome o = run_travelctl(c.args);
    INFO("stderr: " << o.err);
    CHECK(o.exit_code == 2);
    CHECK_THAT(o.err, Catch::Contains(c.message));
    CHECK(o.out.empty());
  }
  fs::remove(scenario);
}

TEST_CASE("bench run: nothing reachable is a runtime failure", "[integration][bench]") {
  const Outcome o = run_travelctl("bench run http://127.0.0.1:1/ -c 2 -d 300ms");
  CHECK(o.exit_code == 3);
  CHECK_THAT(o.err, Catch::Contains("no request completed"));
  CHECK_THAT(o.err, Catch::Contains("refused"));
}

TEST_CASE("bench run: a run prints its table, JSON or Markdown and writes its results",
          "[integration][bench]") {
  namespace http = travelctl::core::http;
  http::ServerOptions so;
  http::Server server(so, [](boost::asio::io_context&, unsigned) -> http::Handler {
    return [](http::Request& req) -> boost::asio::awaitable<http::Response> {
      http::Response r{req.target() == "/missing" ? http::Status::not_found : http::Status::ok, 11};
      r.body() = "hello";
      r.prepare_payload();
      co_return r;
    };
  });
  auto port = server.start();
  REQUIRE(port);
  const std::string url = "http://127.0.0.1:" + std::to_string(*port);
  const fs::path out =
      fs::temp_directory_path() / ("travelctl-cli-out-" + std::to_string(::getpid()) + ".json");

  const Outcome table = run_travelctl("bench run " + url + "/ -c 2 -d 300ms --out " + out.string());
  INFO(table.err);
  CHECK(table.exit_code == 0);
  CHECK_THAT(table.out, Catch::Contains("Latency (ms)"));
  CHECK_THAT(table.out, Catch::Contains("Req/Sec"));
  CHECK_THAT(table.out, Catch::Contains("errors: none"));
  CHECK(table.err.empty());  // no progress line when stderr is not a terminal
  auto saved = travelctl::reports::read_results_file(out.string());
  REQUIRE(saved);
  REQUIRE(saved->scenarios.size() == 1);
  REQUIRE(saved->scenarios[0].runs.size() == 1);
  const auto& run = saved->scenarios[0].runs[0];
  CHECK(run.requests > 0);
  REQUIRE(run.histogram);
  CHECK(run.histogram->count() == run.requests);
  CHECK(saved->scenarios[0].config.connections == 2);

  const Outcome json =
      run_travelctl("bench run " + url + "/missing -c 1 -a 50 --runs 2 --format json");
  CHECK(json.exit_code == 0);
  auto parsed = travelctl::reports::parse_results(json.out);
  REQUIRE(parsed);
  REQUIRE(parsed->scenarios.at(0).runs.size() == 2);
  CHECK(parsed->scenarios[0].runs[1].requests == 50);
  CHECK(parsed->scenarios[0].runs[1].errors.status.at("404") == 50);
  CHECK(parsed->scenarios[0].summary.errors_total == 50);

  const Outcome md = run_travelctl("bench run " + url + "/ -c 1 -a 20 --format markdown");
  CHECK(md.exit_code == 0);
  CHECK_THAT(md.out, Catch::Contains("| Latency (ms) | p50 |"));
  fs::remove(out);
  server.stop(std::chrono::milliseconds(0));
}
