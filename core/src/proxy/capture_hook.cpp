// The worker's side of `serve --capture`: copy what the line needs and hand it over, no more
// (formatting, masking and writing happen on the capture writer thread).
#include "travelctl/core/capture/queue.hpp"
#include "travelctl/core/capture/take.hpp"
#include "worker_handler.hpp"

namespace travelctl::core::proxy {

void WorkerHandler::capture(http::Request& req, const http::Response& res, std::string_view rid,
                            const Seen& seen, std::chrono::system_clock::time_point started,
                            std::chrono::nanoseconds elapsed) {
  // Both arms string_view: with `: ""` the id would be copied into a temporary that dies here.
  const std::string_view client =
      seen.client != nullptr ? std::string_view(seen.client->id) : std::string_view();
  auto exchange = capture::take_exchange(req, res, client, rid, started, elapsed);
  // Search and itinerary answers are written by this serve's transform: JSON, and no passenger
  // data in them (client-api.md), so the writer need not walk them. Booking answers may echo
  // passengers: those are always walked.
  exchange.response_trusted =
      seen.route && (*seen.route == Route::search || *seen.route == Route::itinerary);
  // Full: dropped and counted by the queue, never waited for.
  capture_->try_push(std::move(exchange));
}

}  // namespace travelctl::core::proxy
