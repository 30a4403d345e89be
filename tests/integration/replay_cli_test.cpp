// `travelctl replay` as a process: exit codes on bad input and an unreachable target, the safety
// rules seen from the target (no write without --allow-writes, masked bodies never, nothing on
// --dry-run), pacing measured in wall time, concurrency, https.
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <catch2/catch.hpp>
#include <thread>

#include "replay_support.hpp"
#include "support/scripted_server.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace travelctl::test;
using nlohmann::json;

std::string ok_script_body() { return R"({"ok":true})"; }

ScriptedServer ok_server() {
  return ScriptedServer(
      [](const RecordedRequest&) { return ScriptedReply::json(200, ok_script_body()); });
}

std::string target_of(const ScriptedServer& s) {
  return "http://127.0.0.1:" + std::to_string(s.port());
}

// Reads, writes (one masked), at 100 ms steps.
std::string mixed_capture() {
  const int64_t t0 = 1'795'341'600'000'000LL;
  std::string c;
  c += capture_line(t0, "acme", "GET", "/v1/itineraries?from=1&to=2", 200,
                    json::parse(ok_script_body()));
  c += capture_line(t0 + 100'000, "acme", "POST", "/v1/quote-batches", 200,
                    json::parse(ok_script_body()), json{{"searches", json::array()}});
  c +=
      capture_line(t0 + 200'000, "acme", "POST", "/v1/bookings", 201, json::parse(ok_script_body()),
                   json{{"booking_token", "t"}, {"passengers", {{{"first_name", "***"}}}}});
  c += capture_line(t0 + 300'000, "acme", "DELETE", "/v1/things/1", 200,
                    json::parse(ok_script_body()));
  c += capture_line(t0 + 400'000, "acme", "HEAD", "/health", 200, nullptr);
  return c;
}

std::vector<std::string> methods_seen(const ScriptedServer& s) {
  std::vector<std::string> out;
  for (const auto& r : s.requests()) {
    out.push_back(r.method + " " + r.target);
  }
  return out;
}

}  // namespace

TEST_CASE("replay: bad input exits 2 and names the line at fault", "[integration]") {
  auto server = ok_server();
  const std::string target = target_of(server);
  // Nothing usable: every line is reported, then exit 2.
  const std::string broken = write_temp_file("{not json\n[]\n{\"schema\":\"x\"}\n", ".ndjson");
  auto r = run_replay({broken, "--target", target});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(":line 1: not JSON") != std::string::npos);
  CHECK(r.err.find(":line 2: not a JSON object") != std::string::npos);
  CHECK(r.err.find(":line 3: schema") != std::string::npos);
  CHECK(r.err.find("no usable exchange") != std::string::npos);

  CHECK(run_replay({"/nonexistent/capture.ndjson", "--target", target}).exit_code == 2);
  const std::string good = write_temp_file(mixed_capture(), ".ndjson");
  for (const auto& args :
       std::vector<std::vector<std::string>>{{good},
                                             {good, "--target", "ftp://x"},
                                             {good, "--target", target, "--speed", "fast"},
                                             {good, "--target", target, "--filter", "GET no-slash"},
                                             {good, "--target", target, "--rewrite", "/v1"},
                                             {good, "--target", target, "--ignore", "search_id"},
                                             {good, "--target", target, "--key", "acme="},
                                             {good, "--target", target, "--format", "xml"}}) {
    const auto o = run_replay(args);
    INFO(args.back() << ": " << o.err);
    CHECK(o.exit_code == 2);
    CHECK_FALSE(o.err.empty());
  }
  CHECK(server.requests().empty());

  const std::string bad_har = write_temp_file("{\n \"log\": {\"entries\": [\n {,\n", ".har");
  r = run_replay({bad_har, "--target", target});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("line 3") != std::string::npos);
}

TEST_CASE("replay: malformed lines are skipped, the rest is replayed", "[integration]") {
  auto server = ok_server();
  const int64_t t0 = 1'795'341'600'000'000LL;
  const std::string text =
      capture_line(t0, "acme", "GET", "/a", 200, json::parse(ok_script_body())) + "garbage\n" +
      capture_line(t0 + 1000, "acme", "GET", "/b", 200, json::parse(ok_script_body()));
  const auto r = run_replay(
      {write_temp_file(text, ".ndjson"), "--target", target_of(server), "--key", "acme=k"});
  INFO(r.err << r.out);
  CHECK(r.exit_code == 0);
  CHECK(r.err.find(":line 2: not JSON") != std::string::npos);
  CHECK(r.out.find("2 same, 0 status changed, 0 body changed, 0 errors, 0 skipped") !=
        std::string::npos);
  CHECK(r.out.find("input problems (1, skipped)") != std::string::npos);
  REQUIRE(server.requests().size() == 2);
  CHECK(server.requests()[0].header("x-api-key") == "k");
}

TEST_CASE("replay: an unreachable target exits 3 and sends nothing", "[integration]") {
  const std::string good = write_temp_file(mixed_capture(), ".ndjson");
  const auto r = run_replay({good, "--target", "http://127.0.0.1:1", "--timeout", "2s"});
  INFO(r.err);
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("cannot connect") != std::string::npos);
}

TEST_CASE("replay: no write without --allow-writes, masked bodies never, --dry-run sends nothing",
          "[integration]") {
  const std::string capture = write_temp_file(mixed_capture(), ".ndjson");
  {
    auto server = ok_server();
    const auto r = run_replay({capture, "--target", target_of(server), "--speed", "max"});
    INFO(r.err << r.out);
    CHECK(r.exit_code == 0);
    CHECK(methods_seen(server) ==
          std::vector<std::string>{"GET /v1/itineraries?from=1&to=2", "HEAD /health"});
    CHECK(r.out.find("3 skipped") != std::string::npos);
    CHECK(r.out.find("POST is a write: replayed only with --allow-writes") != std::string::npos);
    CHECK(r.out.find("masked personal data") != std::string::npos);
    CHECK(r.err.find("no key for client \"acme\"") != std::string::npos);
  }
  {
    auto server = ok_server();
    const auto r = run_replay({capture, "--target", target_of(server), "--speed", "max",
                               "--allow-writes", "--key", "acme=k"});
    INFO(r.err << r.out);
    CHECK(r.exit_code == 0);
    const auto seen = methods_seen(server);
    CHECK(seen.size() == 4);
    CHECK(std::count(seen.begin(), seen.end(), "POST /v1/quote-batches") == 1);
    CHECK(std::count(seen.begin(), seen.end(), "DELETE /v1/things/1") == 1);
    CHECK(std::count(seen.begin(), seen.end(), "POST /v1/bookings") == 0);  // masked: never
    for (const auto& req : server.requests()) {
      if (req.method == "POST") {
        CHECK(req.body == R"({"searches":[]})");
        CHECK(req.header("content-length") == "15");
      }
    }
  }
  {
    auto server = ok_server();
    const auto r =
        run_replay({capture, "--target", target_of(server), "--dry-run", "--allow-writes"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(server.requests().empty());
    CHECK(r.out.find("dry run: 4 requests would be sent, 1 skipped") != std::string::npos);
    CHECK(r.out.find("POST /v1/quote-batches") != std::string::npos);
    CHECK(r.out.find("nothing is sent") != std::string::npos);
  }
}

TEST_CASE("replay: status and body changes against a scripted target, JSON report",
          "[integration]") {
  ScriptedServer server([](const RecordedRequest& req) {
    if (req.target == "/gone") {
      return ScriptedReply::json(404, R"({"error":{"code":"not_found","request_id":"r2"}})");
    }
    return ScriptedReply::json(200, R"({"items":[{"id":"x","price":"2.00"}],"search_id":"new"})");
  });
  const int64_t t0 = 1'795'341'600'000'000LL;
  const json old_body = json::parse(R"({"search_id":"old","items":[{"price":"1.00","id":"y"}]})");
  std::string text = capture_line(t0, "acme", "GET", "/list", 200, old_body) +
                     capture_line(t0 + 10, "acme", "GET", "/gone", 200, old_body) +
                     capture_line(t0 + 20, "acme", "GET", "/v1/bookings/b_1", 200, old_body) +
                     capture_line(t0 + 30, "acme", "GET", "/v1/bookings/b_2", 200, old_body);
  const std::string out = write_temp_file("", ".json");
  const auto r =
      run_replay({write_temp_file(text, ".ndjson"), "--target", target_of(server), "--speed", "max",
                  "--ignore", "/items/*/id", "--out", out, "--max-diffs", "1", "--key", "acme=k"});
  INFO(r.err << r.out);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("differences (first 1 of 4)") != std::string::npos);
  CHECK(r.out.find("/items/0/price: \"1.00\" -> \"2.00\"") != std::string::npos);
  CHECK(r.out.find("GET /v1/bookings/{id}") != std::string::npos);
  std::ifstream in(out);
  const json report = json::parse(in);
  CHECK(report["schema"] == "travelctl.replay/v1");
  CHECK(report["verdict"] == "different");
  CHECK(report["totals"]["body_changed"] == 3);
  CHECK(report["totals"]["status_changed"] == 1);
  CHECK(report["differences_total"] == 4);
  REQUIRE(report["differences"].size() == 4);  // --out keeps every difference
  const json& gone = report["differences"][1];
  CHECK(gone["outcome"] == "status_changed");
  CHECK(gone["status"]["replayed"] == 404);
  const json& changes = report["differences"][0]["changes"];
  REQUIRE(changes.size() == 1);  // search_id ignored by default, ids by --ignore
  CHECK(changes[0]["pointer"] == "/items/0/price");
  CHECK(changes[0]["old"] == "1.00");
  CHECK(changes[0]["new"] == "2.00");
  bool grouped = false;
  for (const auto& route : report["routes"]) {
    if (route["route"] == "/v1/bookings/{id}") {
      grouped = route["counts"]["body_changed"] == 2;
      CHECK(route["latency_ms"]["replayed"]["count"] == 2);
    }
  }
  CHECK(grouped);

  const auto md = run_replay({write_temp_file(text, ".ndjson"), "--target", target_of(server),
                              "--speed", "max", "--format", "markdown", "--key", "acme=k"});
  CHECK(md.exit_code == 1);
  CHECK(md.out.find("### Replay: differences found") != std::string::npos);
  CHECK(md.out.find("| GET /v1/bookings/{id} |") != std::string::npos);
}

TEST_CASE("replay: --speed 2 of a 10 s capture takes 5 s within 5 percent", "[integration]") {
  auto server = ok_server();
  const int64_t t0 = 1'795'341'600'000'000LL;
  std::string text;
  for (int i = 0; i <= 10; ++i) {  // one request a second, first to last 10 s
    text += capture_line(t0 + i * 1'000'000LL, "acme", "GET", "/tick/" + std::to_string(i), 200,
                         json::parse(ok_script_body()));
  }
  const std::string capture = write_temp_file(text, ".ndjson");
  const auto r =
      run_replay({capture, "--target", target_of(server), "--speed", "2", "--key", "acme=k"});
  INFO(r.err << r.out);
  CHECK(r.exit_code == 0);
  CHECK(server.requests().size() == 11);
  CHECK(r.wall_s >= 4.75);
  CHECK(r.wall_s <= 5.25);
  WARN("--speed 2 of a 10 s capture took " << r.wall_s << " s");
  const auto fast =
      run_replay({capture, "--target", target_of(server), "--speed", "max", "--key", "acme=k"});
  CHECK(fast.exit_code == 0);
  CHECK(fast.wall_s < 2.0);
}

TEST_CASE("replay: concurrent exchanges each get their own answer", "[integration]") {
  // Answers that differ per target and arrive out of order (later targets answer sooner).
  ScriptedServer server([](const RecordedRequest& req) {
    const int n = std::atoi(req.target.c_str() + std::string("/item/").size());
    auto reply = ScriptedReply::json(200, json{{"n", n}, {"pad", std::string(5000, 'x')}}.dump());
    reply.delay = std::chrono::milliseconds((60 - n) % 7 * 5);
    return reply;
  });
  const int64_t t0 = 1'795'341'600'000'000LL;
  std::string text;
  for (int n = 0; n < 60; ++n) {
    text += capture_line(t0, "acme", "GET", "/item/" + std::to_string(n), 200,
                         json{{"n", n}, {"pad", std::string(5000, 'x')}});
  }
  const auto r = run_replay({write_temp_file(text, ".ndjson"), "--target", target_of(server),
                             "--speed", "max", "--concurrency", "16", "--key", "acme=k"});
  INFO(r.err << r.out);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("60 same, 0 status changed, 0 body changed, 0 errors") != std::string::npos);
  CHECK(server.requests().size() == 60);
}

TEST_CASE("replay: an https target, verified unless --insecure", "[integration]") {
  if (::access("/usr/bin/openssl", X_OK) != 0) {
    WARN("skipped: /usr/bin/openssl is not installed");
    return;
  }
  // `openssl s_server -WWW` serves files of a directory over TLS with a throw-away certificate.
  TempDir dir;
  std::ofstream(dir.file("ok.json")) << R"({"ok":true})";
  REQUIRE(
      run_command("cd '" + dir.path().string() +
                  "' && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem "
                  "-days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost")
          .status == 0);
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor probe(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const uint16_t port = probe.local_endpoint().port();
  probe.close();
  ChildProcess tls_server({"/bin/sh", "-c",
                           "cd '" + dir.path().string() +
                               "' && exec openssl s_server -quiet -accept 127.0.0.1:" +
                               std::to_string(port) + " -cert cert.pem -key key.pem -WWW"});
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const int64_t t0 = 1'795'341'600'000'000LL;
  const std::string capture =
      write_temp_file(capture_line(t0, "", "GET", "/ok.json", 200, json{{"ok", true}}) +
                          capture_line(t0 + 1000, "", "GET", "/ok.json", 200, json{{"ok", false}}),
                      ".ndjson");
  const std::string target = "https://localhost:" + std::to_string(port);
  auto r = run_replay({capture, "--target", target, "--insecure", "--format", "json"});
  INFO(r.err << r.out);
  REQUIRE(r.exit_code == 1);
  const json report = json::parse(r.out);
  CHECK(report["totals"]["same"] == 1);
  CHECK(report["totals"]["body_changed"] == 1);
  CHECK(report["differences"][0]["changes"][0]["pointer"] == "/ok");
  // A self-signed certificate fails verification: the target is unreachable, nothing is sent.
  r = run_replay({capture, "--target", target});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("certificate verify failed") != std::string::npos);
}
