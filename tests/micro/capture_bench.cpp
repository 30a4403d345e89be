// Micro-benchmark of `serve --capture` per exchange: what a worker thread pays (take the exchange,
// push it), and what the writer thread pays to format a line (search answer: copied as is;
// booking: masked), on the client answer rendered from the peers' supplier search.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "travelctl/core/capture/line.hpp"
#include "travelctl/core/capture/queue.hpp"
#include "travelctl/core/capture/take.hpp"
#include "travelctl/core/transform/search.hpp"

namespace {

namespace capture = travelctl::core::capture;
namespace http = travelctl::core::http;
using namespace travelctl::core::transform;

// The client's answer to a two-passenger search, as serve sends it.
const std::string& search_answer() {
  static const std::string answer = [] {
    std::ifstream in(std::string(TRAVELCTL_SPEC_DIR) + "/../peers/supplier-search.json",
                     std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    const ClientPricing client{"USD", {"USD"}, 500, {{"USD", 50}}};
    std::string out;
    auto search = parse_supplier_search(ss.str());
    if (search) {
      auto q = parse_search_query("from=101&to=117&date=2026-12-01&pax=2", client);
      render_search(**search, q.value(), client, out);
    }
    return out;
  }();
  return answer;
}

http::Request search_request() {
  http::Request req{http::Verb::get, "/v1/itineraries?from=101&to=117&date=2026-12-01&pax=2", 11};
  req.set("X-Api-Key", "acme-live-key-7f3a9c");
  req.set(http::Field::user_agent, "bench/1");
  req.set(http::Field::accept, "application/json");
  return req;
}

void BM_CaptureWorkerHandoff(benchmark::State& state) {
  if (search_answer().empty()) {
    state.SkipWithError("supplier-search.json not found (TRAVELCTL_SPEC_DIR/../peers)");
  }
  http::Response res{http::Status::ok, 11};
  res.body() = search_answer();
  capture::ExchangeQueue queue(1024, 64u << 20);
  capture::Exchange popped;
  const auto now = std::chrono::system_clock::now();
  for (auto _ : state) {
    http::Request req = search_request();
    benchmark::DoNotOptimize(queue.try_push(capture::take_exchange(
        req, res, "acme", "45e50fcb594c3ec000000001", now, std::chrono::microseconds(1400))));
    queue.try_pop(popped);  // the writer's side, so the queue never fills: a move
  }
  state.counters["body_bytes"] = static_cast<double>(search_answer().size());
}
BENCHMARK(BM_CaptureWorkerHandoff);

// The request alone, to subtract from the hand-off: building it is the test's, not capture's.
void BM_CaptureBuildRequestOnly(benchmark::State& state) {
  for (auto _ : state) {
    http::Request req = search_request();
    benchmark::DoNotOptimize(req);
  }
}
BENCHMARK(BM_CaptureBuildRequestOnly);

// Formats `e` once per iteration, as the writer thread does; bytes/s are of the line.
void format_lines(benchmark::State& state, const capture::Exchange& e) {
  capture::LineFormatter f;
  std::string line;
  for (auto _ : state) {
    line.clear();
    f.append_line(line, e);
    benchmark::DoNotOptimize(line.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * line.size()));
}

// A search line: `trusted` as serve writes it (Exchange::response_trusted), else walked for keys.
void format_search_line(benchmark::State& state, bool trusted) {
  capture::Exchange e;
  e.client = "acme";
  e.method = "GET";
  e.target = "/v1/itineraries?from=101&to=117&date=2026-12-01&pax=2";
  e.request_id = "45e50fcb594c3ec000000001";
  e.request_headers = {{"accept", "application/json"}, {"user-agent", "bench/1"}};
  e.status = 200;
  e.response_body = search_answer();
  e.response_trusted = trusted;
  e.secrets = {"acme-live-key-7f3a9c"};
  format_lines(state, e);
}

void BM_CaptureFormatSearchLine(benchmark::State& state) { format_search_line(state, false); }
BENCHMARK(BM_CaptureFormatSearchLine);

void BM_CaptureFormatTrustedSearchLine(benchmark::State& state) { format_search_line(state, true); }
BENCHMARK(BM_CaptureFormatTrustedSearchLine);

void BM_CaptureFormatBookingLine(benchmark::State& state) {
  capture::Exchange e;
  e.client = "acme";
  e.method = "POST";
  e.target = "/v1/bookings";
  e.request_id = "45e50fcb594c3ec000000002";
  e.request_headers = {{"content-type", "application/json"}, {"idempotency-key", "k-1"}};
  e.request_body =
      R"({"booking_token":"AQIH6gwUVDEwMS0xMTctMjAyNjEyMjAtMjEoRX6l_v0","passengers":[)"
      R"({"first_name":"Siriporn","last_name":"Wongsakul","date_of_birth":"1987-04-12",)"
      R"("passport_number":"AA1234567"},{"first_name":"Johannes","last_name":"Van der Berg",)"
      R"("date_of_birth":"1979-11-30","passport_number":"NXC82F4L1"}],)"
      R"("contact":{"email":"siriporn.w@gmail.com","phone":"+66 81 234 5678"}})";
  e.status = 201;
  e.response_body =
      R"({"booking_id":"5550001","status":"reserved","price":{"amount":"52.80","currency":"USD"},)"
      R"("expires_at":"2026-12-01T08:45:00Z"})";
  e.secrets = {"acme-live-key-7f3a9c"};
  format_lines(state, e);
}
BENCHMARK(BM_CaptureFormatBookingLine);

}  // namespace
