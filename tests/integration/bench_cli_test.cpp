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
