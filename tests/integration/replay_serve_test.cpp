// `travelctl replay` against real serve processes: a capture of real answers replays with zero
// differences against the same configuration, and against a serve with another markup the
// differences are exactly the price fields.
#include <catch2/catch.hpp>
#include <regex>
#include <set>

#include "replay_support.hpp"

namespace {

using namespace travelctl::test;
using nlohmann::json;


// A capture of a mixed read workload (searches of two clients, an itinerary, health, a 404, a
// 400) made against `port`, plus one masked booking that must never be sent.
std::string capture_workload(uint16_t port) {
  std::string capture;
  const std::string date = date_in_days(21);
  const std::string search = "/v1/itineraries?from=101&to=117&pax=2&date=" + date;
  const HttpReply s = call_and_capture(capture, port, "acme", kAcmeKey, "GET", search);
  REQUIRE(s.status == 200);
  const std::string id = json::parse(s.body)["itineraries"][0]["id"];
  REQUIRE(call_and_capture(capture, port, "acme", kAcmeKey, "GET", search + "&sort=price").status ==
          200);
  REQUIRE(call_and_capture(capture, port, "globex", kGlobexKey, "GET", search).status == 200);
  REQUIRE(
      call_and_capture(capture, port, "acme", kAcmeKey, "GET", "/v1/itineraries/" + id).status ==
      200);
  REQUIRE(
      call_and_capture(capture, port, "acme", kAcmeKey, "GET", "/v1/bookings/b_unknown1").status ==
      404);
  REQUIRE(
      call_and_capture(capture, port, "acme", kAcmeKey, "GET", "/v1/itineraries?from=101").status ==
      400);
  REQUIRE(call_and_capture(capture, port, "", "", "GET", "/health").status == 200);
  capture +=
      capture_line(now_us(), "acme", "POST", "/v1/bookings", 201, json{{"booking_id", "b_x"}},
                   json::parse(R"({"booking_token":"t","passengers":[{"first_name":"***"}]})"));
  return capture;
}

std::vector<std::string> keys_args() {
  return {"--key", std::string("acme=") + kAcmeKey, "--key", std::string("globex=") + kGlobexKey};
}

}  // namespace

TEST_CASE(
    "replay: a captured workload against the same build has zero differences, against "
    "another markup exactly the prices",
    "[integration]") {
  SupplierProcess supplier;
  REQUIRE(supplier.port() != 0);
  const std::string base = "http://127.0.0.1:" + std::to_string(supplier.port());
  auto serve = ServeProcess::with_config(config_with_markup(base, 500));
  REQUIRE(serve->ready());
  const std::string capture = write_temp_file(capture_workload(serve->port()), ".ndjson");

  std::vector<std::string> args = {capture, "--target",
                                   "http://127.0.0.1:" + std::to_string(serve->port())};
  const auto keys = keys_args();
  args.insert(args.end(), keys.begin(), keys.end());
  const auto same = run_replay(args);
  INFO(same.err << same.out);
  CHECK(same.exit_code == 0);
  CHECK(same.out.find("7 same, 0 status changed, 0 body changed, 0 errors, 1 skipped") !=
        std::string::npos);
  CHECK(same.out.find("verdict: no differences") != std::string::npos);

  auto changed = ServeProcess::with_config(config_with_markup(base, 700));
  REQUIRE(changed->ready());
  const std::string out = write_temp_file("", ".json");
  args[2] = "http://127.0.0.1:" + std::to_string(changed->port());
  args.insert(args.end(), {"--out", out});
  const auto diff = run_replay(args);
  INFO(diff.err << diff.out);
  CHECK(diff.exit_code == 1);
  std::ifstream in(out);
  const json report = json::parse(in);
  CHECK(report["totals"]["status_changed"] == 0);
  CHECK(report["totals"]["error"] == 0);
  CHECK(report["totals"]["body_changed"] == 3);  // acme's two searches and its itinerary
  const std::regex price(R"(^(/itineraries/[0-9]+)?/price/(amount|per_passenger)$)");
  std::set<std::string> pointers;
  for (const auto& d : report["differences"]) {
    CHECK(d["client"] == "acme");
    CHECK(d["changes_total"] == d["changes"].size());
    for (const auto& c : d["changes"]) {
      const std::string p = c["pointer"];
      CHECK(std::regex_match(p, price));
      CHECK(c["old"] != c["new"]);
      pointers.insert(p);
    }
  }
  CHECK(pointers.count("/itineraries/0/price/amount") == 1);
  CHECK(pointers.count("/itineraries/0/price/per_passenger") == 1);
  CHECK(pointers.count("/price/amount") == 1);
  // Every itinerary of the first search moved both figures.
  const json first = report["differences"][0];
  std::ifstream cap(capture);
  std::string line;
  std::getline(cap, line);
  const auto n = json::parse(line)["response_body"]["itineraries"].size();
  CHECK(first["changes"].size() == 2 * n);
}
