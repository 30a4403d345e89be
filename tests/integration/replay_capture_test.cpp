// Capture then replay, end to end: `serve --capture` records a mixed workload (searches of two
// clients, an itinerary, a booking with real-looking passenger data, reads, errors, a refused
// write); the capture replays against the same build and state with zero differences, and against a
// serve with another markup the differences are exactly the price fields.
#include <signal.h>

#include <catch2/catch.hpp>
#include <regex>
#include <set>
#include <thread>

#include "replay_support.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace travelctl::test;
using nlohmann::json;


std::unique_ptr<ServeProcess> serve_on(const std::string& config, const std::string& db,
                                       std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {
      "--config", write_temp_file(config), "--listen", "127.0.0.1:0", "--threads", "1"};
  args.insert(args.end(), extra.begin(), extra.end());
  return std::make_unique<ServeProcess>(
      std::move(args), std::map<std::string, std::string>{{"TRAVELCTL_STORE_PATH", db}});
}

double written(uint16_t port) {
  const std::string series = R"(travelctl_capture_exchanges_total{result="written"} )";
  const std::string body = http_get("127.0.0.1", port, "/metrics").body;
  const auto at = body.find(series);
  return at == std::string::npos ? -1 : std::stod(body.substr(at + series.size()));
}

std::string pii_booking(const std::string& token) {
  return json{{"booking_token", token},
              {"passengers",
               {{{"first_name", "Kittisak"},
                 {"last_name", "Rattanapong"},
                 {"date_of_birth", "1984-07-19"},
                 {"passport_number", "AB7754321"}}}},
              {"contact", {{"email", "k.rattanapong@outlook.co.th"}, {"phone", "+66 89 765 4321"}}}}
      .dump();
}

void stop(ServeProcess& s) {
  s.child().send_signal(SIGTERM);
  REQUIRE(s.child().wait_exit(std::chrono::seconds(15)) == 0);
}

}  // namespace

TEST_CASE(
    "replay: a real capture of a mixed workload replays with zero differences, and with "
    "another markup exactly the prices differ",
    "[integration]") {
  SupplierProcess supplier;
  REQUIRE(supplier.port() != 0);
  const std::string base = "http://127.0.0.1:" + std::to_string(supplier.port());
  TempDir dir;
  const std::string db = dir.file("store.db");
  const std::string capture = dir.file("capture.ndjson");

  // The booked trip is found through a serve that does not capture, on another date than the
  // captured searches: the seats it takes change no captured answer.
  std::string token;
  {
    auto finder = serve_on(config_with_markup(base, 500), dir.file("finder.db"));
    REQUIRE(finder->ready());
    const auto s = call(finder->port(), "GET",
                        "/v1/itineraries?from=101&to=117&pax=1&date=" + date_in_days(30), kAcmeKey);
    REQUIRE(s.status == 200);
    const std::string id = json::parse(s.body)["itineraries"][0]["id"];
    const auto it = call(finder->port(), "GET", "/v1/itineraries/" + id, kAcmeKey);
    REQUIRE(it.status == 200);
    token = json::parse(it.body)["booking_token"];
  }

  std::size_t sent = 0;
  {
    auto serve = serve_on(config_with_markup(base, 500), db, {"--capture", capture});
    REQUIRE(serve->ready());
    const uint16_t port = serve->port();
    auto send = [&](const std::string& method, const std::string& target, const std::string& key,
                    const std::string& body = {}) {
      ++sent;
      return call(port, method, target, key, body);
    };
    const auto booked = send("POST", "/v1/bookings", kAcmeKey, pii_booking(token));
    REQUIRE(booked.status == 201);
    const std::string bid = json::parse(booked.body)["booking_id"];
    REQUIRE(send("POST", "/v1/bookings/" + bid + "/confirm", kAcmeKey).status == 200);
    const std::string date = date_in_days(21);
    for (int pax = 1; pax <= 3; ++pax) {
      REQUIRE(send("GET",
                   "/v1/itineraries?from=101&to=117&pax=" + std::to_string(pax) + "&date=" + date,
                   kAcmeKey)
                  .status == 200);
    }
    const auto globex =
        send("GET", "/v1/itineraries?from=101&to=117&currency=EUR&date=" + date, kGlobexKey);
    REQUIRE(globex.status == 200);
    const auto by_price =
        send("GET", "/v1/itineraries?from=101&to=117&pax=2&sort=price&date=" + date, kAcmeKey);
    REQUIRE(by_price.status == 200);
    const std::string id = json::parse(by_price.body)["itineraries"][0]["id"];
    REQUIRE(send("GET", "/v1/itineraries/" + id, kAcmeKey).status == 200);
    const auto got = send("GET", "/v1/bookings/" + bid, kAcmeKey);
    REQUIRE(got.status == 200);
    REQUIRE(got.body.find("Kittisak") != std::string::npos);
    REQUIRE(send("GET", "/v1/bookings/" + bid, kGlobexKey).status == 404);  // not globex's
    REQUIRE(send("GET", "/v1/itineraries?from=101&to=101&date=" + date, kAcmeKey).status == 400);
    REQUIRE(send("POST", "/v1/bookings/" + bid + "/cancel", kGlobexKey).status == 404);
    for (int i = 0; i < 200 && written(port) < static_cast<double>(sent); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    REQUIRE(written(port) == static_cast<double>(sent));
    stop(*serve);
  }
  const CommandOutput grep = run_command("grep -c -F -e Kittisak -e AB7754321 -e '" +
                                         std::string(kAcmeKey) + "' " + capture);
  CHECK(grep.output == "0\n");

  std::vector<std::string> args = {capture,
                                   "--target",
                                   "",
                                   "--key",
                                   std::string("acme=") + kAcmeKey,
                                   "--key",
                                   std::string("globex=") + kGlobexKey};
  {
    auto same = serve_on(config_with_markup(base, 500), db);
    REQUIRE(same->ready());
    args[2] = "http://127.0.0.1:" + std::to_string(same->port());
    const auto r = run_replay(args);
    INFO(r.err << r.out);
    CHECK(r.exit_code == 0);
    // 9 reads replayed, 3 writes skipped (the masked booking, the confirm, globex's cancel).
    CHECK(r.out.find("9 same, 0 status changed, 0 body changed, 0 errors, 3 skipped") !=
          std::string::npos);
    CHECK(r.out.find("GET /v1/bookings/{id}") != std::string::npos);
    stop(*same);
  }
  auto changed = serve_on(config_with_markup(base, 700), db);
  REQUIRE(changed->ready());
  args[2] = "http://127.0.0.1:" + std::to_string(changed->port());
  const std::string out = dir.file("report.json");
  args.insert(args.end(), {"--out", out});
  const auto r = run_replay(args);
  INFO(r.err << r.out);
  CHECK(r.exit_code == 1);
  std::ifstream in(out);
  const json report = json::parse(in);
  CHECK(report["totals"]["status_changed"] == 0);
  CHECK(report["totals"]["error"] == 0);
  // Unchanged: globex's search (another client's markup), the 404 and the 400.
  CHECK(report["totals"]["same"] == 3);
  CHECK(report["totals"]["body_changed"] == 6);
  const std::regex price(R"(^(/itineraries/[0-9]+)?/price/(amount|per_passenger)$)");
  std::set<std::string> routes;
  for (const auto& d : report["differences"]) {
    CHECK(d["client"] == "acme");
    routes.insert(d["method"].get<std::string>() + " " + d["route"].get<std::string>());
    for (const auto& c : d["changes"]) {
      INFO(c.dump());
      CHECK(std::regex_match(c["pointer"].get<std::string>(), price));
    }
  }
  // acme's searches, its itinerary, and its booking (GET applies today's markup to the price).
  CHECK(routes == std::set<std::string>{"GET /v1/itineraries", "GET /v1/itineraries/{id}",
                                        "GET /v1/bookings/{id}"});
}
