// End to end: `serve --capture` in front of a real supplier process. Searches and a whole booking
// with real-looking passenger data, then SIGTERM: every exchange is in the file, no key and no
// personal data is; rotation and sampling through the real flags; bad flags are refused.
#include <signal.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "booking_support.hpp"
#include "support/temp_dir.hpp"
#include "travelctl/core/capture/sample.hpp"

namespace {

using nlohmann::json;
using namespace travelctl::test;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<json> parse_lines(const std::string& text) {
  std::vector<json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    INFO(line);
    out.push_back(json::parse(line));  // every line is one JSON object
  }
  return out;
}

// The value of one capture counter in /metrics, or -1 when absent.
double capture_metric(uint16_t port, const std::string& series) {
  const HttpReply r = http_get("127.0.0.1", port, "/metrics");
  const std::string needle = series + " ";
  const auto at = r.body.find(needle);
  return at == std::string::npos ? -1 : std::stod(r.body.substr(at + needle.size()));
}

// Real-looking passenger data: none of it may reach the capture file.
const std::vector<std::string> kPii = {
    "Kittisak",        "Rattanapong",         "1984-07-19",
    "AB7754321",       "Marguerite",          "Delacroix",
    "1991-03-02",      "18FV42795",           "k.rattanapong@outlook.co.th",
    "+66 89 765 4321", "Rattanapong Kittisak"};

std::string pii_booking_body(const std::string& token) {
  return json{{"booking_token", token},
              {"passengers",
               {{{"first_name", "Kittisak"},
                 {"last_name", "Rattanapong"},
                 {"date_of_birth", "1984-07-19"},
                 {"passport_number", "AB7754321"}},
                {{"first_name", "Marguerite"},
                 {"last_name", "Delacroix"},
                 {"date_of_birth", "1991-03-02"},
                 {"passport_number", "18FV42795"}}}},
              {"contact",
               {{"email", "k.rattanapong@outlook.co.th"},
                {"phone", "+66 89 765 4321"},
                {"name", "Rattanapong Kittisak"}}}}
      .dump();
}

struct Sent {
  std::string method, target, client;
  int status;
};

}  // namespace

TEST_CASE("serve capture: searches and a booking are all captured, without keys or passenger data",
          "[integration]") {
  SupplierProcess supplier;
  REQUIRE(supplier.port() != 0);
  TempDir dir;
  const std::string file = dir.file("capture.ndjson");
  auto serve = ServeProcess::with_config(
      two_client_config("http://127.0.0.1:" + std::to_string(supplier.port())),
      {"--capture", file});
  REQUIRE(serve->ready());
  const uint16_t port = serve->port();

  std::map<std::string, Sent> sent;  // by X-Request-Id
  auto send = [&](const std::string& method, const std::string& target, const std::string& key,
                  const std::string& client, const std::string& body = {},
                  std::vector<std::pair<std::string, std::string>> headers = {}) {
    HttpReply r = call(port, method, target, key, body, std::move(headers));
    INFO(method << " " << target << " -> " << r.status << " " << r.body << r.error);
    REQUIRE(r.status != 0);
    REQUIRE(!r.header("x-request-id").empty());
    sent[r.header("x-request-id")] = {method, target, client, r.status};
    return r;
  };

  const std::string date = date_in_days(20);
  for (int pax = 1; pax <= 4; ++pax) {
    send("GET", "/v1/itineraries?from=101&to=117&date=" + date + "&pax=" + std::to_string(pax),
         kAcmeKey, "acme");
  }
  send("GET", "/v1/itineraries?from=101&to=117&date=" + date, kGlobexKey, "globex");
  send("GET", "/v1/itineraries?from=101&to=117&date=" + date, "wrong-key-0123456789", "");
  // A client that also put its key in the query: scrubbed there too.
  send("GET", "/v1/itineraries?from=101&to=117&pax=2&date=" + date + "&api_key=" + kAcmeKey,
       kAcmeKey, "acme");
  const HttpReply found =
      send("GET", "/v1/itineraries?from=101&to=117&pax=2&date=" + date, kAcmeKey, "acme");
  REQUIRE(found.status == 200);
  const std::string id = json::parse(found.body)["itineraries"][0]["id"];
  const HttpReply opened = send("GET", "/v1/itineraries/" + id, kAcmeKey, "acme");
  REQUIRE(opened.status == 200);
  const std::string token = json::parse(opened.body)["booking_token"];
  const HttpReply booked = send("POST", "/v1/bookings", kAcmeKey, "acme", pii_booking_body(token),
                                {{"Idempotency-Key", "capture-k-1"}});
  REQUIRE(booked.status == 201);
  const std::string bid = json::parse(booked.body)["booking_id"];
  REQUIRE(send("POST", "/v1/bookings/" + bid + "/confirm", kAcmeKey, "acme").status == 200);
  const HttpReply got = send("GET", "/v1/bookings/" + bid, kAcmeKey, "acme");
  REQUIRE(got.status == 200);
  REQUIRE(got.body.find("Kittisak") != std::string::npos);  // the answer does carry the names
  // Not JSON, with personal data in it: withheld whole.
  send("POST", "/v1/bookings", kAcmeKey, "acme", "first_name=Kittisak&passport=AB7754321");
  // Ops routes are not captured by default.
  REQUIRE(http_get("127.0.0.1", port, "/health").status == 200);

  // The writer catches up off the request path; /metrics counts what it wrote.
  double written = -1;
  for (int i = 0; i < 200 && written < static_cast<double>(sent.size()); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    written = capture_metric(port, R"(travelctl_capture_exchanges_total{result="written"})");
  }
  CHECK(written == static_cast<double>(sent.size()));
  CHECK(capture_metric(port, R"(travelctl_capture_exchanges_total{result="dropped_queue_full"})") ==
        0);

  serve->child().send_signal(SIGTERM);
  const auto status = serve->child().wait_exit(std::chrono::seconds(15));
  REQUIRE(status.has_value());
  CHECK(*status == 0);

  const std::string text = read_file(file);
  for (const std::string& secret :
       {std::string(kAcmeKey), std::string(kGlobexKey), std::string("wrong-key-0123456789")}) {
    INFO(secret);
    CHECK(text.find(secret) == std::string::npos);
  }
  for (const auto& pii : kPii) {
    INFO(pii);
    CHECK(text.find(pii) == std::string::npos);
  }
  // The same with grep, independently of the test's own search.
  const CommandOutput grep =
      run_command("grep -c -F -e Kittisak -e AB7754321 -e k.rattanapong@outlook.co.th -e '" +
                  std::string(kAcmeKey) + "' -e x-api-key " + file);
  CHECK(grep.output == "0\n");

  const std::vector<json> lines = parse_lines(text);
  CHECK(lines.size() == sent.size());
  std::set<std::string> seen;
  for (const json& v : lines) {
    INFO(v.dump());
    CHECK(v["schema"] == "travelctl.capture/v1");
    CHECK(std::regex_match(v["ts"].get<std::string>(),
                           std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)")));
    CHECK(v["latency_ms"].is_number());
    CHECK(v["latency_ms"].get<double>() >= 0);
    CHECK(v["request_headers"].is_object());
    CHECK_FALSE(v["request_headers"].contains("x-api-key"));
    const std::string rid = v["request_id"];
    seen.insert(rid);
    REQUIRE(sent.count(rid) == 1);
    const Sent& s = sent[rid];
    CHECK(v["method"] == s.method);
    CHECK(v["status"] == s.status);
    if (s.client.empty()) {
      CHECK(v["client"].is_null());
    } else {
      CHECK(v["client"] == s.client);
    }
    if (s.target.find("api_key=") == std::string::npos) {
      CHECK(v["target"] == s.target);
    } else {
      CHECK(v["target"].get<std::string>().find("api_key=***") != std::string::npos);
    }
    if (s.method == "POST" && s.target == "/v1/bookings" && s.status == 201) {
      const json& body = v["request_body"];
      CHECK(body["booking_token"] == token);
      CHECK(body["passengers"][0]["first_name"] == "***");
      CHECK(body["passengers"][1]["passport_number"] == "***");
      CHECK(body["contact"]["email"] == "***");
      CHECK(v["request_headers"]["idempotency-key"] == "capture-k-1");
      CHECK(v["request_headers"]["content-type"] == "application/json");
      CHECK(v["response_body"]["booking_id"] == bid);
    } else if (s.method == "POST" && s.target == "/v1/bookings") {
      CHECK(v["request_body"] == "***");
    }
    if (s.method == "GET" && s.target == "/v1/bookings/" + bid) {
      CHECK(v["response_body"]["passengers"][0]["first_name"] == "***");
      CHECK(v["response_body"]["status"] == "confirmed");
    }
    if (s.target.rfind("/v1/itineraries?", 0) == 0 && s.status == 200) {
      CHECK(v["response_body"]["itineraries"].is_array());  // JSON, not a string
      // Station names are not personal data.
      CHECK(v["response_body"]["itineraries"][0]["segments"][0]["from"]["name"] != "***");
    }
  }
  CHECK(seen.size() == sent.size());  // every exchange, once
}

TEST_CASE("serve capture: rotation and sampling through the flags", "[integration]") {
  SupplierProcess supplier;
  REQUIRE(supplier.port() != 0);
  TempDir dir;
  const std::string file = dir.file("c.ndjson");
  auto serve = ServeProcess::with_config(
      two_client_config("http://127.0.0.1:" + std::to_string(supplier.port())),
      {"--capture", file, "--capture-max-bytes", "8KB", "--capture-keep", "50", "--capture-sample",
       "0.5", "--capture-routes", "search"});
  REQUIRE(serve->ready());
  std::set<std::string> expected;
  const std::string date = date_in_days(21);
  for (int i = 0; i < 60; ++i) {
    const std::string rid = "sampling-" + std::to_string(i);
    const HttpReply r = call(serve->port(), "GET",
                             "/v1/itineraries?from=101&to=117&date=" + date + "&pax=1&limit=3",
                             kAcmeKey, {}, {{"X-Request-Id", rid}});
    REQUIRE(r.status == 200);
    if (travelctl::core::capture::sampled(rid, 0.5)) {
      expected.insert(rid);
    }
  }
  REQUIRE(expected.size() > 10);
  REQUIRE(expected.size() < 50);
  serve->child().send_signal(SIGTERM);
  REQUIRE(serve->child().wait_exit(std::chrono::seconds(15)) == std::optional<int>(0));

  std::set<std::string> captured;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    ++files;
    const std::string text = read_file(entry.path().string());
    CHECK(text.size() <= 8 * 1024);
    for (const json& v : parse_lines(text)) {
      CHECK(captured.insert(v["request_id"].get<std::string>()).second);
    }
  }
  CHECK(files > 1);  // rotated: c.ndjson, c.ndjson.1, ...
  CHECK(std::filesystem::exists(file + ".1"));
  CHECK(captured == expected);  // exactly the sampled request ids
}

TEST_CASE("serve capture: bad capture flags are refused with exit 2", "[integration]") {
  {
    ChildProcess p({TRAVELCTL_BINARY, "serve", "--listen", "127.0.0.1:0", "--capture", "x.ndjson",
                    "--capture-routes", "search,itineraries"});
    const auto status = p.wait_exit(std::chrono::seconds(10));
    REQUIRE(status.has_value());
    CHECK(*status == 2);
    CHECK(p.stderr_text().find("itineraries") != std::string::npos);
  }
  {
    ChildProcess p({TRAVELCTL_BINARY, "serve", "--listen", "127.0.0.1:0", "--capture",
                    "/nonexistent-dir/capture.ndjson"});
    const auto status = p.wait_exit(std::chrono::seconds(10));
    REQUIRE(status.has_value());
    CHECK(*status == 2);
    CHECK(p.stderr_text().find("/nonexistent-dir/capture.ndjson") != std::string::npos);
  }
  {
    ChildProcess p({TRAVELCTL_BINARY, "serve", "--listen", "127.0.0.1:0", "--capture", "x.ndjson",
                    "--capture-sample", "1.5"});
    const auto status = p.wait_exit(std::chrono::seconds(10));
    REQUIRE(status.has_value());
    CHECK(*status != 0);
  }
}
