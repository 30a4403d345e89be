// `bench compare`, `bench merge` and `report` as processes: verdicts and exit codes, every
// bad-input path, an exact merge, and the HTML page rendered by headless Chromium.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "support/synthetic_results.hpp"
#include "support/temp_dir.hpp"
#include "travelctl/reports/results.hpp"

namespace fs = std::filesystem;
using travelctl::test::SyntheticScenario;
using travelctl::test::TempDir;

namespace {

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `command` (a shell line) bounded by `timeout`, capturing stdout and stderr.
Outcome run_shell(const TempDir& dir, const std::string& command, int timeout_s = 30) {
  const std::string out = dir.file("stdout");
  const std::string err = dir.file("stderr");
  const std::string line = "cd " + dir.path().string() + " && timeout " +
                           std::to_string(timeout_s) + " " + command + " >" + out + " 2>" + err +
                           " </dev/null";
  const int status = std::system(line.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

Outcome run_travelctl(const TempDir& dir, const std::string& args) {
  return run_shell(dir, std::string(TRAVELCTL_BINARY) + " " + args);
}

// The files every test reads: A/A noise, a 30% slower build, too few runs, other scenarios.
struct Files {
  TempDir dir;
  Files() {
    SyntheticScenario s;
    s.seed = 1;
    write("base.json", travelctl::test::synthetic_results(s));
    s.seed = 2;
    write("same.json", travelctl::test::synthetic_results(s));
    s.seed = 3;
    s.latency_factor = 1.3;
    write("slow.json", travelctl::test::synthetic_results(s));
    s.error_rate = 0.002;
    write("slow_errors.json", travelctl::test::synthetic_results(s));
    s.runs = 3;
    write("three.json", travelctl::test::synthetic_results(s));
    s = {};
    s.name = "booking";
    write("booking.json", travelctl::test::synthetic_results(s));
    auto other_host = travelctl::test::synthetic_results(SyntheticScenario{});
    other_host.host.cpu = "Another CPU";
    write("other_host.json", other_host);
    auto v2 = to_json(travelctl::test::synthetic_results(SyntheticScenario{}));
    v2["schema"] = "travelctl.bench/v2";
    std::ofstream(dir.file("v2.json")) << v2.dump();
    std::ofstream(dir.file("broken.json")) << "{\"schema\": \"travelctl.bench/v1\",";
  }
  void write(const std::string& name, const travelctl::reports::Results& r) {
    REQUIRE_FALSE(travelctl::reports::write_results_file(dir.file(name), r).has_value());
  }
};

}  // namespace

TEST_CASE("bench compare: pass, regression and too few runs map to exit 0, 1 and 3",
          "[integration]") {
  Files f;
  auto o = run_travelctl(f.dir, "bench compare base.json same.json");
  INFO(o.out << o.err);
  CHECK(o.exit_code == 0);
  CHECK_THAT(o.out, Catch::Contains("verdict: pass"));
  CHECK(o.out.find('\033') == std::string::npos);  // not a TTY: no colour

  o = run_travelctl(f.dir, "bench compare base.json slow.json");
  CHECK(o.exit_code == 1);
  CHECK_THAT(o.out, Catch::Contains("verdict: regression"));
  CHECK_THAT(o.out, Catch::Contains("REGRESSION"));

  o = run_travelctl(f.dir, "bench compare base.json slow.json --format markdown");
  CHECK(o.exit_code == 1);
  CHECK_THAT(o.out, Catch::StartsWith("### ❌ bench compare: regression"));
  CHECK_THAT(o.out, Catch::Contains("| search | p99 |"));

  o = run_travelctl(f.dir, "bench compare base.json slow.json --format json");
  CHECK(o.exit_code == 1);
  const auto j = nlohmann::json::parse(o.out);
  CHECK(j.at("schema") == "travelctl.compare/v1");
  CHECK(j.at("verdict") == "regression");
  CHECK(j.at("metrics").size() == 6);

  // A 30% regression within a 40% threshold passes.
  o = run_travelctl(f.dir, "bench compare base.json slow.json --threshold 40");
  CHECK(o.exit_code == 0);

  o = run_travelctl(f.dir, "bench compare three.json three.json --format json");
  CHECK(o.exit_code == 3);
  CHECK_THAT(o.err, Catch::Contains("needs at least 5 runs in each file"));
  CHECK(nlohmann::json::parse(o.out).at("verdict") == "insufficient_data");
}

TEST_CASE("bench compare: every bad input exits 2 and says why", "[integration]") {
  Files f;
  struct Case {
    std::string args;
    std::string message;
  };
  const Case cases[] = {
      {"bench compare base.json", "current is required"},
      {"bench compare nope.json base.json", "nope.json: $: cannot open: No such file"},
      {"bench compare base.json nope.json", "cannot read the current results"},
      {"bench compare base.json v2.json",
       "v2.json: $.schema: \"travelctl.bench/v2\" is not supported"},
      {"bench compare broken.json base.json", "broken.json: $: not valid JSON"},
      {"bench compare base.json booking.json",
       "scenarios do not match: only in the baseline: search; only in current: booking"},
      {"bench compare base.json booking.json --only-common", "no scenario in common"},
      {"bench compare base.json same.json --threshold p98=3", "unknown metric \"p98\""},
      {"bench compare base.json same.json --threshold lots", "is not a percentage"},
      {"bench compare base.json same.json --format yaml", "--format"},
      {"bench compare base.json same.json --alpha 2", "--alpha"},
      {"bench compare . base.json", "is a directory"},
  };
  for (const auto& c : cases) {
    INFO(c.args);
    const Outcome o = run_travelctl(f.dir, c.args);
    INFO("stderr: " << o.err);
    CHECK(o.exit_code == 2);
    CHECK_THAT(o.err, Catch::Contains(c.message));
    CHECK(o.out.empty());
  }
}

TEST_CASE("bench compare: different hosts are warned about on stderr", "[integration]") {
  Files f;
  const auto o = run_travelctl(f.dir, "bench compare base.json other_host.json");
  CHECK(o.exit_code == 0);
  CHECK_THAT(o.err, Catch::Contains("warning: the files come from different hosts"));
}

TEST_CASE("bench merge: two halves merge exactly, bad inputs exit 2, unwritable output 3",
          "[integration]") {
  Files f;
  SyntheticScenario s;
  s.seed = 10;
  const auto a = travelctl::test::synthetic_results(s);
  s.seed = 11;
  const auto b = travelctl::test::synthetic_results(s);
  f.write("a.json", a);
  f.write("b.json", b);
  auto o = run_travelctl(f.dir, "bench merge a.json b.json --out merged.json");
  INFO(o.err);
  REQUIRE(o.exit_code == 0);
  auto merged = travelctl::reports::read_results_file(f.dir.file("merged.json"));
  REQUIRE(merged.has_value());
  for (std::size_t r = 0; r < a.scenarios[0].runs.size(); ++r) {
    auto both = *a.scenarios[0].runs[r].histogram;
    both.merge(*b.scenarios[0].runs[r].histogram);
    const auto& m = merged->scenarios[0].runs[r];
    for (double p : {50.0, 90.0, 99.0, 99.9, 99.99, 100.0}) {
      CHECK(m.histogram->percentile(p) == both.percentile(p));
    }
    CHECK(m.latency_ms.p99 == travelctl::reports::latency_from_histogram(both).p99);
    CHECK(m.requests == a.scenarios[0].runs[r].requests + b.scenarios[0].runs[r].requests);
  }
  o = run_travelctl(f.dir, "bench merge a.json");
  CHECK(o.exit_code == 2);
  CHECK_THAT(o.err, Catch::Contains("two or more"));
  o = run_travelctl(f.dir, "bench merge a.json booking.json --out x.json");
  CHECK(o.exit_code == 2);
  CHECK_THAT(o.err, Catch::Contains("booking.json: no scenario \"search\""));
  o = run_travelctl(f.dir, "bench merge a.json v2.json --out x.json");
  CHECK(o.exit_code == 2);
  CHECK_THAT(o.err, Catch::Contains("is not supported"));
  o = run_travelctl(f.dir, "bench merge a.json b.json --out /nonexistent/dir/m.json");
  CHECK(o.exit_code == 3);
  CHECK_THAT(o.err, Catch::Contains("cannot open /nonexistent/dir/m.json"));
}

TEST_CASE("report: a self-contained page with the SVG charts, rendered by headless Chromium",
          "[integration]") {
  Files f;
  auto o = run_travelctl(f.dir, "report slow_errors.json --baseline base.json --html page.html");
  INFO(o.err);
  REQUIRE(o.exit_code == 0);
  const std::string page = slurp(f.dir.file("page.html"));
  for (const char* chart : {"Latency by percentile", "Latency distribution", "Requests per second",
                            "p99 latency over time", "Errors by kind",
                            "Compared with the baseline: regression", "99.9%"}) {
    CHECK_THAT(page, Catch::Contains(chart));
  }
  std::size_t svgs = 0;
  for (auto at = page.find("<svg "); at != std::string::npos; at = page.find("<svg ", at + 1)) {
    ++svgs;
  }
  CHECK(svgs >= 5);
  // Self-contained: no scripts, no external resources.
  CHECK(page.find("<script") == std::string::npos);
  CHECK(page.find(" src=") == std::string::npos);
  CHECK(page.find("<link") == std::string::npos);
  CHECK(page.find("url(http") == std::string::npos);

  o = run_travelctl(f.dir, "report nope.json --html x.html");
  CHECK(o.exit_code == 2);
  o = run_travelctl(f.dir, "report slow.json --baseline booking.json --html x.html");
  CHECK(o.exit_code == 2);
  CHECK_THAT(o.err, Catch::Contains("no scenario in common"));
  o = run_travelctl(f.dir, "report slow.json");
  CHECK(o.exit_code == 2);
  o = run_travelctl(f.dir, "report slow.json --html /nonexistent/dir/x.html");
  CHECK(o.exit_code == 3);

  if (std::system("command -v chromium >/dev/null 2>&1") != 0) {
    WARN("chromium is not installed: headless render skipped (scripts/setup.sh test installs it)");
    return;
  }
  const std::string png = f.dir.file("page.png");
  fs::create_directories(f.dir.file("chromium-profile"));
  o = run_shell(f.dir,
                "chromium --headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run --user-data-dir=" +
                    f.dir.file("chromium-profile") + " --screenshot=" + png +
                    " --window-size=1280,1800 file://" + f.dir.file("page.html"),
                90);
  INFO(o.err);
  REQUIRE(fs::exists(png));
  const std::string bytes = slurp(png);
  REQUIRE(bytes.size() > 24);
  CHECK(bytes.substr(1, 3) == "PNG");
  // IHDR: big-endian width and height at bytes 16 and 20.
  const auto be32 = [&bytes](std::size_t at) {
    return (static_cast<unsigned char>(bytes[at]) << 24) |
           (static_cast<unsigned char>(bytes[at + 1]) << 16) |
           (static_cast<unsigned char>(bytes[at + 2]) << 8) |
           static_cast<unsigned char>(bytes[at + 3]);
  };
  CHECK(be32(16) == 1280);
  CHECK(be32(20) == 1800);
  // A blank or error page compresses to a few KB; charts and tables do not.
  CHECK(bytes.size() > 60 * 1024);
}
